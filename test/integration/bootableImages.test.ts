/**
 * A boot-image lookup returns images an ECS can boot (#20): over a catalog whose newest "web-" image
 * is a data-disk image, and older ones an ISO and a bare-metal image, getImage, getImages,
 * ImageSelection and ims-image take the ECS system-disk image (virtual_env_type FusionCompute) unless
 * asked for another kind, on both list APIs, and `any` gives every kind.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { getImage, getImages } from "../../sdk";
import { check } from "../../provider/dynamicProvider/runtime";
import { DEFAULT_PROJECT, makeImage } from "../../provider/localServer/catalog";
import { LocalImsServer } from "../../provider/localServer/server";
import { freshClientsPerTest } from "../helpers/localServerHooks";

const ECS = "cccccccc-2222-4000-8000-000000000001";
const BARE_METAL = "cccccccc-2222-4000-8000-000000000002";
const ISO = "cccccccc-2222-4000-8000-000000000003";
const DATA_DISK = "cccccccc-2222-4000-8000-000000000004";
const mine = { __imagetype: "private", visibility: "private", owner: DEFAULT_PROJECT, __platform: "Ubuntu" };
let server: LocalImsServer;

beforeAll(async () => {
  server = await LocalImsServer.start({
    catalog: [
      makeImage({ id: ECS, created_at: "2026-01-01T00:00:00Z", name: "web-2026.01", ...mine }),
      makeImage({
        id: BARE_METAL,
        created_at: "2026-02-01T00:00:00Z",
        name: "web-2026.02-bms",
        virtual_env_type: "Ironic",
        ...mine,
      }),
      makeImage({
        id: ISO,
        created_at: "2026-03-01T00:00:00Z",
        name: "web-2026.03.iso",
        virtual_env_type: "IsoImage",
        disk_format: "iso",
        ...mine,
      }),
      makeImage({
        id: DATA_DISK,
        created_at: "2026-04-01T00:00:00Z",
        name: "web-2026.04-data",
        virtual_env_type: "DataImage",
        ...mine,
      }),
    ],
  });
});
freshClientsPerTest(() => server);

const on = (api: "native" | "extension") => ({ connection: { endpoint: server.url, api } });

describe.each(["native", "extension"] as const)("on the %s API", (api) => {
  it("getImage should return the newest ECS system-disk image, and send the kind to IMS", async () => {
    expect((await getImage({ imageType: "private", nameRegex: "^web-" }, on(api))).id).toBe(ECS);
    expect(server.imageRequests.every((r) => r.query.includes("virtual_env_type=FusionCompute"))).toBe(true);
  });

  it.each([
    ["DataImage", DATA_DISK],
    ["IsoImage", ISO],
    ["Ironic", BARE_METAL],
    ["any", DATA_DISK],
  ])("getImage should return the kind asked for: %s", async (kind, id) => {
    expect((await getImage({ imageType: "private", nameRegex: "^web-", virtualEnvType: kind }, on(api))).id).toBe(id);
    if (kind === "any") expect(server.imageRequests.some((r) => r.query.includes("virtual_env_type"))).toBe(false);
  });

  it("getImages should list ECS system-disk images only, and every kind with any", async () => {
    expect((await getImages({ imageType: "private" }, on(api))).ids).toEqual([ECS]);
    expect((await getImages({ imageType: "private", virtualEnvType: "any" }, on(api))).ids).toEqual([
      DATA_DISK,
      ISO,
      BARE_METAL,
      ECS,
    ]);
  });
});

describe("ImageSelection and ims-image", () => {
  it("ImageSelection should record the ECS system-disk image", async () => {
    process.env.IMS_ENDPOINT = server.url;
    try {
      const checked = await check({}, { imageType: "private", nameRegex: "^web-" });
      expect(checked.failures).toBeUndefined();
      expect(checked.inputs).toMatchObject({ imageId: ECS });
    } finally {
      delete process.env.IMS_ENDPOINT;
    }
  });

  it("ims-image resolve should too, and take --virtual-env-type any", async () => {
    const CLI = join(__dirname, "../../dist/provider/cli/main.js");
    const resolve = (...extra: string[]) =>
      new Promise<string>((done) =>
        execFile(
          process.execPath,
          [CLI, "resolve", "--image-type", "private", "--name-regex", "^web-", "--format", "value", ...extra],
          { env: { PATH: process.env.PATH ?? "", IMS_ENDPOINT: server.url } },
          (_, stdout) => done(stdout),
        ),
      );
    expect(await resolve()).toBe(`${ECS}\n`);
    expect(await resolve("--virtual-env-type", "any")).toBe(`${DATA_DISK}\n`);
  });
});
