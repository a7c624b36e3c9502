/**
 * Behaviour the docs promise that no other test pinned (#19): what the extension API is sent for
 * `wholeImage` and the undocumented `supports.fcInject`/`amd` (sent, and checked again on every image,
 * since a server may ignore them), getImagesOutput's arguments, and the "shown second" meaning of
 * time filters, checked on the answers of the local server, which stores microseconds.
 */
import * as pulumi from "@pulumi/pulumi";
import { getImage, getImages, getImagesOutput } from "../../sdk";
import { DEFAULT_PROJECT, makeImage, type StoredImage } from "../../provider/localServer/catalog";
import { LocalImsServer } from "../../provider/localServer/server";
import { freshClientsPerTest } from "../helpers/localServerHooks";
import { resolved } from "../helpers/outputs";

const mine = { __imagetype: "private", visibility: "private", owner: DEFAULT_PROJECT, __platform: "Fedora" };
const id = (n: number) => `abcdabcd-0000-4000-8000-${String(n).padStart(12, "0")}`;
/** The shown second T, and images stored at T-1, T.0, T.4 and T+1. */
const T = "2024-05-01T10:00:00Z";
const AT = {
  before: makeImage({ id: id(1), created_at: "2024-05-01T09:59:59Z", ...mine, __platform: "CoreOS" }),
  onTheSecond: makeImage({ id: id(2), created_at: T, ...mine, __platform: "CoreOS" }, { createdAtMicros: 0 }),
  withinTheSecond: makeImage({ id: id(3), created_at: T, ...mine, __platform: "CoreOS" }, { createdAtMicros: 400_000 }),
  after: makeImage({ id: id(4), created_at: "2024-05-01T10:00:01Z", ...mine, __platform: "CoreOS" }),
};
let server: LocalImsServer;

beforeAll(async () => {
  const catalog: StoredImage[] = [
    makeImage({ id: id(10), created_at: "2025-01-01T00:00:00Z", ...mine }, { wholeImage: true }),
    makeImage({ id: id(11), created_at: "2025-02-01T00:00:00Z", ...mine }),
    makeImage({ id: id(12), created_at: "2025-03-01T00:00:00Z", ...mine, __support_fc_inject: "true" }),
    makeImage({
      id: id(13),
      created_at: "2025-04-01T00:00:00Z",
      ...mine,
      __support_fc_inject: "true",
      __support_amd: "true",
    }),
    makeImage({ id: id(14), created_at: "2025-05-01T00:00:00Z", ...mine, __support_amd: "true" }),
    ...Object.values(AT),
  ];
  server = await LocalImsServer.start({ catalog });
});
freshClientsPerTest(() => server);

const on = (api: "native" | "extension") => ({ connection: { endpoint: server.url, api } });
const idsOf = async (args: Parameters<typeof getImages>[0], api: "native" | "extension") =>
  (await getImages(args, on(api))).ids;

describe("the extension API's wire keys", () => {
  it("should send wholeImage as __whole_image and get only full-ECS images", async () => {
    expect(await idsOf({ platform: "Fedora", wholeImage: true }, "extension")).toEqual([id(10)]);
    expect(server.imageRequests[0]!.query).toContain("__whole_image=true");
  });

  it("should send supports.fcInject and amd, and check them again on the images a server returns", async () => {
    // The local server ignores both (undocumented), as an extension API that does not know them may.
    expect(await idsOf({ platform: "Fedora", supports: { fcInject: true, amd: true } }, "extension")).toEqual([id(13)]);
    expect(await idsOf({ platform: "Fedora", supports: { fcInject: true } }, "extension")).toEqual([id(13), id(12)]);
    for (const r of server.imageRequests) expect(r.query).toContain("__support_fc_inject=true");
    expect(server.imageRequests[0]!.query).toContain("__support_amd=true");
  });
});

describe("getImagesOutput()", () => {
  it("should look up with its arguments, Outputs among them", async () => {
    const result = getImagesOutput(
      { platform: pulumi.output("Fedora"), supports: { amd: true }, limit: pulumi.output(5) },
      on("native"),
    );
    const ids = await resolved(result.ids);
    expect(ids).toEqual([id(14), id(13)]);
    expect(server.imageRequests[0]!.query).toMatch(/__platform=Fedora.*__support_amd=true.*limit=5/);
  });
});

describe.each(["native", "extension"] as const)("time filters on the shown second, on the %s API", (api) => {
  // IMS stores microseconds and shows whole seconds: T.4 is shown as T, so it is "at T".
  it.each([
    [`lte:${T}`, [AT.withinTheSecond, AT.onTheSecond, AT.before]],
    [`lt:${T}`, [AT.before]],
    [`eq:${T}`, [AT.withinTheSecond, AT.onTheSecond]],
    [`gte:${T}`, [AT.after, AT.withinTheSecond, AT.onTheSecond]],
    [`gt:${T}`, [AT.after]],
    [`neq:${T}`, [AT.after, AT.before]],
  ])("createdAt %s", async (condition, images) => {
    expect(await idsOf({ platform: "CoreOS", createdAt: condition }, api)).toEqual(images.map((i) => i.json.id));
    // The newest of them by getImage too: IMS's order, the stored time.
    const newest = await getImage({ imageType: "private", platform: "CoreOS", createdAt: condition }, on(api));
    expect(newest.id).toBe(images[0]!.json.id);
  });
});
