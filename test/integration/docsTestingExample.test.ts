import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import * as ims from "pulumi-ims";
import { imsMocks, LocalImsServer, makeImage } from "pulumi-ims/testing";

const IMAGE_ID = "00000000-0000-4000-8000-000000000001";
let server: LocalImsServer;

beforeAll(async () => {
  server = await LocalImsServer.start({
    catalog: [makeImage({ id: IMAGE_ID, created_at: "2026-01-01T00:00:00Z", min_disk: 50 })],
  });
  await pulumi.runtime.setMocks(
    imsMocks(server, {
      mocks: {
        newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
        call: (args) => args.inputs,
      },
    }),
    "project",
    "stack",
  );
});
afterAll(() => server.close());

const valueOf = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

it("boots the selected image from a disk no smaller than its min_disk", async () => {
  // The program under test (usually: await import("./index")).
  const boot = new ims.ImageSelection("boot", { platform: "Ubuntu", imageType: "gold", architecture: "x86" });
  const web = new openstack.compute.Instance("web", {
    flavorName: "s3.large.2",
    blockDevices: [
      {
        sourceType: "image",
        uuid: boot.imageId,
        destinationType: "volume",
        volumeSize: boot.imageMinDisk.apply((minDisk) => Math.max(minDisk, 40)),
        bootIndex: 0,
      },
    ],
  });

  const [disk] = (await valueOf(web.blockDevices)) ?? [];
  expect(disk).toMatchObject({ uuid: IMAGE_ID, volumeSize: 50 });
});
