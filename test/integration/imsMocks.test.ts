/**
 * `imsMocks` from pulumi-ims/testing, as a user's unit test of their own program uses it: the
 * ImageSelection gets its outputs from the local IMS server through the real provider runtime,
 * and the program's other resources go to the user's own mocks.
 */
import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import { ImageSelection } from "../../sdk";
import { imsMocks, LocalImsServer, makeImage } from "../../provider/testing";
import { resolved } from "../helpers/outputs";

const NEWEST = "dddddddd-0000-4000-8000-000000000002";
let server: LocalImsServer;
const seen: string[] = [];

beforeAll(async () => {
  server = await LocalImsServer.start({
    catalog: [
      makeImage({ id: "dddddddd-0000-4000-8000-000000000001", created_at: "2025-01-01T00:00:00Z", min_disk: 20 }),
      makeImage({ id: NEWEST, created_at: "2026-01-01T00:00:00Z", name: "Ubuntu 22.04 server 64bit", min_disk: 50 }),
    ],
    auth: { tokens: ["unit-test-token"] },
  });
  await pulumi.runtime.setMocks(
    imsMocks(server, {
      token: "unit-test-token",
      mocks: {
        newResource: (args) => {
          seen.push(args.type);
          return { id: `${args.name}-mock`, state: { ...args.inputs, accessIpV4: "10.0.0.5" } };
        },
        call: (args) => args.inputs,
      },
    }),
    "unit",
    "test",
  );
});
afterAll(async () => {
  await server.close();
});

describe("imsMocks()", () => {
  it("should give ImageSelection its outputs from the local IMS server, and other resources to your mocks", async () => {
    // The program under test.
    const boot = new ImageSelection("boot", { platform: "Ubuntu", imageType: "gold", architecture: "x86" });
    const server1 = new openstack.compute.Instance("web", {
      flavorName: "s3.large.2",
      blockDevices: [
        {
          sourceType: "image",
          uuid: boot.imageId,
          destinationType: "volume",
          volumeSize: boot.imageMinDisk.apply((d) => Math.max(d, 40)),
          bootIndex: 0,
        },
      ],
    });

    server.resetRequests();
    expect(await resolved(boot.imageId)).toBe(NEWEST);
    expect(await resolved(boot.imageMinDisk)).toBe(50);
    expect(await resolved(boot.imageName)).toBe("Ubuntu 22.04 server 64bit");
    // Asked of the server with the token, not echoed from the inputs.
    expect(server.imageRequests.length).toBeGreaterThan(0);
    expect(server.imageRequests.every((r) => r.headers["x-auth-token"] === "unit-test-token")).toBe(true);

    const disks = await resolved(server1.blockDevices);
    expect(disks![0]).toMatchObject({ uuid: NEWEST, volumeSize: 50 });
    expect(await resolved(server1.accessIpV4)).toBe("10.0.0.5");
    expect(seen).toContain("openstack:compute/instance:Instance");
    expect(seen).not.toContain("pulumi-nodejs:dynamic/ims:ImageSelection");
  });

  it("should fail an ImageSelection whose filters Check refuses, with the reason, before any request", async () => {
    server.resetRequests();
    const mocks = imsMocks(server, { token: "unit-test-token" });
    await expect(
      Promise.resolve(
        mocks.newResource({
          type: "pulumi-nodejs:dynamic/ims:ImageSelection",
          name: "unanchored",
          inputs: { platform: "Ubuntu" },
          custom: true,
        }),
      ),
    ).rejects.toThrow(/^ImageSelection unanchored: anyOwner: the newest image matching these filters/);
    expect(server.imageRequests).toHaveLength(0);
  });

  it("should echo other resources and calls when given no mocks of yours", async () => {
    const mocks = imsMocks(server);
    expect(await mocks.newResource({ type: "x:y:Z", name: "n", inputs: { a: 1 }, custom: true })).toEqual({
      id: "n-id",
      state: { a: 1 },
    });
    expect(await mocks.call({ token: "x:y:f", inputs: { b: 2 } })).toEqual({ b: 2 });
  });
});
