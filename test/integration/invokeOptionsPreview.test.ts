/**
 * In a preview, a lookup that depends on a resource still to be created has an unknown result and
 * asks nothing of IMS, as Pulumi's own Output-form invokes do.
 */
import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import { getImageOutput } from "../../sdk";
import { makeImage } from "../../provider/localServer/catalog";
import { LocalImsServer } from "../../provider/localServer/server";
import { known } from "../helpers/outputs";

let server: LocalImsServer;

beforeAll(async () => {
  server = await LocalImsServer.start({
    catalog: [makeImage({ id: "eeeeeeee-0000-4000-8000-00000000000a", created_at: "2026-01-01T00:00:00Z" })],
  });
  // A preview: a resource to be created has no id yet.
  await pulumi.runtime.setMocks(
    { newResource: (args) => ({ id: undefined, state: args.inputs }), call: (args) => args.inputs },
    "invoke-options",
    "dev",
    true,
  );
});
afterAll(() => server.close());

it("should leave the result unknown and ask nothing of IMS while a dependency is to be created", async () => {
  const image = new openstack.images.Image("golden", { containerFormat: "bare", diskFormat: "qcow2" });
  server.resetRequests();
  const found = getImageOutput({ imageType: "gold" }, { dependsOn: [image], connection: { endpoint: server.url } });
  expect(await known(found)).toBe(false);
  expect(server.imageRequests).toHaveLength(0);
  // The same lookup without the dependency runs in the preview.
  const now = getImageOutput({ imageType: "gold" }, { connection: { endpoint: server.url } });
  expect(await known(now)).toBe(true);
  expect(server.imageRequests).toHaveLength(1);
});
