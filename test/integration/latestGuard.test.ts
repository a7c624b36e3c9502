/**
 * "Latest" anchored to a publisher (#14): over a catalog where a marketplace image published by
 * another tenant is the newest match, an unanchored newest-match lookup fails before any request,
 * in getImage, ImageSelection and ims-image alike; anchored ones and anyOwner behave as asked.
 */
import { freshClientsPerTest } from "../helpers/localServerHooks";
import { runCli } from "../helpers/runCli";
import { getImage, getImages, ImsValidationError, type GetImageArgs } from "../../sdk";
import { check } from "../../provider/dynamicProvider/runtime";
import { DEFAULT_PROJECT, makeImage } from "../../provider/localServer/catalog";
import { LocalImsServer } from "../../provider/localServer/server";

const GOLD = "aaaaaaaa-1111-4000-8000-000000000001";
const MINE = "aaaaaaaa-1111-4000-8000-000000000002";
const MARKET = "aaaaaaaa-1111-4000-8000-000000000003";
const STRANGER = "9f9f9f9f9f9f4f9f8f9f9f9f9f9f9f9f";
let server: LocalImsServer;
let env: Record<string, string>;

beforeAll(async () => {
  server = await LocalImsServer.start({
    catalog: [
      makeImage({
        id: GOLD,
        created_at: "2026-01-01T00:00:00Z",
        name: "Ubuntu 22.04 server 64bit",
        __platform: "Ubuntu",
      }),
      makeImage({
        id: MINE,
        created_at: "2026-02-01T00:00:00Z",
        name: "Ubuntu 22.04 server 64bit",
        __platform: "Ubuntu",
        __imagetype: "private",
        visibility: "private",
        owner: DEFAULT_PROJECT,
      }),
      // The newest "Ubuntu 22.04" is a stranger's marketplace image with the same name.
      makeImage({
        id: MARKET,
        created_at: "2026-03-01T00:00:00Z",
        name: "Ubuntu 22.04 server 64bit",
        __platform: "Ubuntu",
        __imagetype: "market",
        owner: STRANGER,
      }),
    ],
  });
  env = { IMS_ENDPOINT: server.url, IMS_TOKEN: "any-token-1234" };
});
freshClientsPerTest(() => server);

const connection = () => ({ endpoint: server.url, token: "any-token-1234" });

describe("getImage", () => {
  it.each([
    ["by platform alone", { platform: "Ubuntu" }, "these filters, with no publisher,"],
    ["by name alone", { name: "Ubuntu 22.04 server 64bit" }, "these filters, with no publisher,"],
    ["shared without an owner", { platform: "Ubuntu", imageType: "shared" }, 'imageType "shared" without an owner'],
    ["market without an owner", { platform: "Ubuntu", imageType: "market" }, 'imageType "market" without an owner'],
  ] as Array<[string, GetImageArgs, string]>)(
    "should refuse a newest-match lookup %s, before any request, explaining the risk and the fix",
    async (_, args, what) => {
      const e = await getImage(args, { connection: connection() }).catch((x: unknown) => x);
      expect(ImsValidationError.isInstance(e)).toBe(true);
      expect((e as Error).message).toContain(
        `anyOwner: the newest image matching ${what} may be one that another tenant published (a shared or marketplace image named like yours), ` +
          `and it would boot your servers. Anchor the lookup to a publisher you trust: imageType: "gold" (published by the cloud), ` +
          `imageType: "private" (your own), owner: "<project id>", or id; or set anyOwner: true to accept any publisher`,
      );
      expect(server.requests).toHaveLength(0);
    },
  );

  it.each([
    ["imageType gold", { platform: "Ubuntu", imageType: "gold" }, GOLD],
    ["imageType private", { platform: "Ubuntu", imageType: "private" }, MINE],
    ["an owner", { platform: "Ubuntu", owner: DEFAULT_PROJECT }, MINE],
    ["an id", { id: GOLD }, GOLD],
    ["anyOwner: true, which takes the stranger's image", { platform: "Ubuntu", anyOwner: true }, MARKET],
  ] as Array<[string, GetImageArgs, string]>)("should answer a lookup anchored by %s", async (_, args, id) => {
    expect((await getImage(args, { connection: connection() })).id).toBe(id);
  });

  it("should not guard lookups that do not pick the newest: getImages, and mostRecent: false", async () => {
    expect((await getImages({ platform: "Ubuntu" }, { connection: connection() })).ids).toEqual([MARKET, MINE, GOLD]);
    await expect(getImage({ platform: "Ubuntu", mostRecent: false }, { connection: connection() })).rejects.toThrow(
      /3 images match/,
    );
  });
});

describe("ImageSelection", () => {
  it("should fail check with the same explanation, and pass with anyOwner", async () => {
    process.env.IMS_ENDPOINT = server.url;
    try {
      const refused = await check({}, { platform: "Ubuntu" });
      expect(refused.failures).toEqual([
        { property: "anyOwner", reason: expect.stringMatching(/may be one that another tenant published/) },
      ]);
      const accepted = await check({}, { platform: "Ubuntu", anyOwner: true });
      expect(accepted.failures).toBeUndefined();
      expect(accepted.inputs).toMatchObject({ imageId: MARKET, anyOwner: true });
    } finally {
      delete process.env.IMS_ENDPOINT;
    }
  });
});

describe("ims-image", () => {
  const run = (args: string[]) => runCli(args, env);

  it("should refuse resolve and check without a publisher, and accept --any-owner or --image-type gold", async () => {
    const refused = await run(["resolve", "--platform", "Ubuntu"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /--any-owner: the newest image matching[\s\S]*\(here: --image-type gold, --image-type private, --owner PROJECT, --id ID, or --any-owner\)/,
    );
    expect((await run(["check", "--platform", "Ubuntu", "--expect", GOLD])).code).toBe(1);
    expect(JSON.parse((await run(["resolve", "--platform", "Ubuntu", "--any-owner", "--json"])).stdout).id).toBe(
      MARKET,
    );
    expect(
      JSON.parse((await run(["resolve", "--platform", "Ubuntu", "--image-type", "gold", "--json"])).stdout).id,
    ).toBe(GOLD);
  });
});
