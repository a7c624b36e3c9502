/**
 * examples/ecs-boot-image (the Pulumi.yaml program) under pulumi.runtime.setMocks: the
 * ImageSelection is checked and created by its real provider runtime against the local IMS
 * server, as the engine would, and the @pulumi/openstack instance must receive the selected
 * image id and a system disk no smaller than that image's min_disk.
 */
import * as pulumi from "@pulumi/pulumi";
import { LocalImsServer } from "../../provider/localServer/server";
import { makeImage } from "../../provider/localServer/catalog";
import { closeAllPools } from "../../provider/transport/http";
import * as runtime from "../../provider/dynamicProvider/runtime";
import { resolved } from "../helpers/outputs";

const TOKEN = "ecs-example-token";
const CHOSEN = "e0000000-0000-4000-8000-000000000002";
const catalog = [
  makeImage({
    id: "e0000000-0000-4000-8000-000000000001",
    created_at: "2025-01-01T00:00:00Z",
    name: "Ubuntu 22.04 server 64bit (old)",
    __support_kvm: "true",
    min_disk: 20,
  }),
  makeImage({
    id: CHOSEN,
    created_at: "2026-03-01T00:00:00Z",
    name: "Ubuntu 22.04 server 64bit (20260301)",
    __support_kvm: "true",
    min_disk: 60,
  }),
  // Newer, but not what the program asks for: the ARM build of the same release (the x86 flavor
  // could not boot it), another release, and a private image.
  makeImage({
    id: "e0000000-0000-4000-8000-000000000006",
    created_at: "2026-05-01T00:00:00Z",
    name: "Ubuntu 22.04 server 64bit for Kunpeng (20260501)",
    __support_kvm: "true",
    __support_arm: "true",
    architecture: "arm",
    min_disk: 40,
  }),
  makeImage({
    id: "e0000000-0000-4000-8000-000000000003",
    created_at: "2026-06-01T00:00:00Z",
    name: "Ubuntu 24.04 server 64bit",
    __support_kvm: "true",
    min_disk: 80,
  }),
  makeImage({
    id: "e0000000-0000-4000-8000-000000000004",
    created_at: "2026-07-01T00:00:00Z",
    name: "Ubuntu 22.04 hardened",
    __support_kvm: "true",
    __imagetype: "private",
    visibility: "private",
    min_disk: 90,
  }),
  makeImage({
    id: "e0000000-0000-4000-8000-000000000005",
    created_at: "2026-02-01T00:00:00Z",
    name: "Windows Server 2022",
    __os_type: "Windows",
    __platform: "Windows",
  }),
];

const registered = new Map<string, { type: string; inputs: Record<string, any> }>();
let server: LocalImsServer;

beforeAll(async () => {
  server = await LocalImsServer.start({ catalog, auth: { tokens: [TOKEN] } });
  const config: Record<string, string> = {
    "ims:endpoint": server.url,
    "ims:token": TOKEN,
    "ims-ecs-boot-image:networkId": "net-1",
  };
  pulumi.runtime.setAllConfig(config, ["ims:token"]);
  // What the engine sends the dynamic provider before any call.
  await runtime.configure({ config: { get: (k: string) => config[k] } });
  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        registered.set(args.name, { type: args.type, inputs: args.inputs });
        if (args.type !== "pulumi-nodejs:dynamic/ims:ImageSelection")
          return { id: `${args.name}-id`, state: args.inputs };
        // The engine's order for a new dynamic resource: Check, then Create.
        const checked = await runtime.check({}, args.inputs);
        if (checked.failures?.length) throw new Error(JSON.stringify(checked.failures));
        const created = await runtime.create(checked.inputs ?? {});
        return { id: created.id, state: created.outs };
      },
      call: () => {
        throw new Error("getImage must not be an engine invoke");
      },
    },
    "ims-ecs-boot-image",
    "dev",
  );
});
afterAll(async () => {
  await server.close();
  await closeAllPools();
});

describe("examples/ecs-boot-image (mocks)", () => {
  it("should boot the instance from the selected image with a system disk no smaller than its min_disk", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require("../../examples/ecs-boot-image");
    expect(await resolved(program.imageId)).toBe(CHOSEN);
    expect(await resolved(program.newestWindows)).toBe("Windows Server 2022");
    await resolved(program.serverId);

    const instance = registered.get("web-1")!;
    expect(instance.type).toBe("openstack:compute/instance:Instance");
    expect(instance.inputs.networks).toEqual([{ uuid: "net-1" }]);
    // The flavor is x86 (s3), and so is the chosen image, not the newer ARM build.
    expect(instance.inputs.flavorName).toBe("s3.large.2");
    expect(catalog.find((i) => i.json.id === CHOSEN)!.json.architecture ?? "x86").toBe("x86");
    const [bootDisk] = instance.inputs.blockDevices;
    expect(bootDisk).toMatchObject({ sourceType: "image", uuid: CHOSEN, destinationType: "volume", bootIndex: 0 });
    // min_disk 60 of the chosen image, above the program's default of 40 GB.
    expect(bootDisk.volumeSize).toBe(60);
  });
});
