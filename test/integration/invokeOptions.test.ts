/**
 * getImageOutput and getImagesOutput take Pulumi's own dependsOn (and parent), as generated SDKs'
 * Output forms do: a lookup of a private image that another resource of the same program creates
 * runs only once that resource exists, and the result depends on it.
 */
import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import { getImageOutput, getImagesOutput } from "../../sdk";
import { DEFAULT_PROJECT, makeImage } from "../../provider/localServer/catalog";
import { LocalImsServer } from "../../provider/localServer/server";
import { resolved } from "../helpers/outputs";

const BUILT = "eeeeeeee-0000-4000-8000-000000000001";
let server: LocalImsServer;
/** Resolves the mock creation of the image resource; until then IMS does not list it. */
let finishBuild: () => void;
const built = new Promise<void>((resolve) => (finishBuild = resolve));
const order: string[] = [];

beforeAll(async () => {
  server = await LocalImsServer.start({ catalog: [] });
  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        if (args.type === "openstack:images/image:Image") {
          await built;
          // Creating the image: from now on IMS lists it.
          server.catalog.push(
            makeImage({
              id: BUILT,
              created_at: "2026-06-01T00:00:00Z",
              name: args.inputs.name as string,
              __imagetype: "private",
              visibility: "private",
              owner: DEFAULT_PROJECT,
            }),
          );
          order.push("image created");
          return { id: BUILT, state: args.inputs };
        }
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "invoke-options",
    "dev",
  );
});
afterAll(() => server.close());

const resourcesOf = (o: pulumi.Output<unknown>) =>
  (o as unknown as { allResources: () => Promise<Set<pulumi.Resource>> }).allResources();

describe("Output forms with dependsOn", () => {
  it("should look up a private image only once the resource that creates it exists, and depend on it", async () => {
    const image = new openstack.images.Image("golden", {
      name: "web-golden-2026.06",
      containerFormat: "bare",
      diskFormat: "qcow2",
    });
    const found = getImageOutput(
      { name: "web-golden-2026.06", imageType: "private" },
      {
        dependsOn: [image],
        connection: { endpoint: server.url },
      },
    );
    const listed = getImagesOutput(
      { imageType: "private" },
      {
        dependsOn: image,
        parent: image,
        connection: { endpoint: server.url },
      },
    );
    // The image is being created until this; a lookup before it would find nothing.
    finishBuild();
    expect((await resolved(found)).id).toBe(BUILT);
    expect((await resolved(listed)).ids).toEqual([BUILT]);
    expect(order).toEqual(["image created"]);
    expect([...(await resourcesOf(found))]).toContain(image);
  });

  it("should still answer at once without dependsOn", async () => {
    const image = getImageOutput({ id: BUILT }, { connection: { endpoint: server.url } });
    expect((await resolved(image)).name).toBe("web-golden-2026.06");
  });
});
