/** getImage/getImages against the local IMS server: what is sent, how many round trips, what is chosen. */
import { freshClientsPerTest } from "../helpers/localServerHooks";
import { storedOrder } from "../helpers/storedOrder";
import * as pulumi from "@pulumi/pulumi";
import {
  clearCache,
  getImage,
  getImageOutput,
  getImages,
  ImsAmbiguousError,
  ImsNoMatchError,
  ImsValidationError,
  type GetImageArgs,
} from "../../sdk";
import { makeImage, type StoredImage } from "../../provider/localServer/catalog";
import { LocalImsServer } from "../../provider/localServer/server";
import { lookupImage } from "../../provider/lookup/lookups";
import { clientFor } from "../../provider/connection/clients";
import { resolved } from "../helpers/outputs";

const TOKEN = "lookup-token-123456";
let server: LocalImsServer;
let connection: { endpoint: string; token: string };

/** 3000 generated images plus a few with known names and times. */
const known: StoredImage[] = [
  makeImage({
    id: "aaaaaaaa-0000-4000-8000-000000000001",
    created_at: "2026-10-10T00:00:00Z",
    name: "golden-web 2026.10",
    __platform: "Debian",
    tags: ["web", "blue"],
    __imagetype: "private",
    visibility: "private",
    owner: "c53c1b3f1a6a4a8e9d6bd9b7d3a8b5e1",
  }),
  makeImage({
    id: "aaaaaaaa-0000-4000-8000-000000000002",
    created_at: "2026-10-10T00:00:00Z",
    name: "golden-web 2026.10 tie",
    __platform: "Debian",
    tags: ["web"],
    __imagetype: "private",
    visibility: "private",
    owner: "c53c1b3f1a6a4a8e9d6bd9b7d3a8b5e1",
  }),
  makeImage({
    id: "aaaaaaaa-0000-4000-8000-000000000003",
    created_at: "2017-01-02T00:00:00Z",
    name: "ancient-web",
    __platform: "Debian",
    tags: ["web", "blue"],
    __imagetype: "private",
    visibility: "private",
    owner: "c53c1b3f1a6a4a8e9d6bd9b7d3a8b5e1",
  }),
  // Created in the same second; the stored microseconds make the smaller id the newer.
  makeImage(
    {
      id: "ffffffff-0000-4000-8000-00000000000a",
      created_at: "2026-11-01T12:00:00Z",
      name: "same-second build (earlier)",
      __platform: "Gentoo",
    },
    { createdAtMicros: 100_000 },
  ),
  makeImage(
    {
      id: "11111111-0000-4000-8000-00000000000b",
      created_at: "2026-11-01T12:00:00Z",
      name: "same-second build (later)",
      __platform: "Gentoo",
    },
    { createdAtMicros: 900_000 },
  ),
  // The newest Slackware image cannot be read (min_disk as text); the older one has a boolean vendor flag.
  makeImage({
    id: "aaaaaaaa-0000-4000-8000-00000000000e",
    created_at: "2026-05-01T00:00:00Z",
    name: "Slackware 15 broken",
    __platform: "Slackware",
    min_disk: "forty",
  }),
  makeImage({
    id: "aaaaaaaa-0000-4000-8000-00000000000d",
    created_at: "2026-04-01T00:00:00Z",
    name: "Slackware 15",
    __platform: "Slackware",
    __lazyloading: true,
  }),
  // A platform with one named image and one without a name: there is no name to suggest for it.
  makeImage({
    id: "aaaaaaaa-0000-4000-8000-00000000000f",
    created_at: "2026-02-01T00:00:00Z",
    name: null,
    __platform: "Haiku",
  }),
  makeImage({
    id: "aaaaaaaa-0000-4000-8000-000000000010",
    created_at: "2026-01-01T00:00:00Z",
    name: "Haiku R1",
    __platform: "Haiku",
  }),
  // A name with a colon, which IMS would read as "<operator>:<value>".
  makeImage({
    id: "aaaaaaaa-0000-4000-8000-00000000000c",
    created_at: "2026-01-10T00:00:00Z",
    name: "k8s-node:v1.28 20240110",
    __platform: "Ubuntu",
  }),
];

beforeAll(async () => {
  server = await LocalImsServer.start({ catalog: { count: 3000, seed: 42 }, auth: { tokens: [TOKEN] } });
  server.catalog.push(...known);
  connection = { endpoint: server.url, token: TOKEN };
});
freshClientsPerTest(() => server);

const lookup = (args: GetImageArgs) => getImage({ anyOwner: true, ...args }, { connection });

/** The active images this project sees that satisfy `pred`, in IMS's order (newest first). */
function visible(pred: (j: Record<string, any>) => boolean): StoredImage[] {
  return server.catalog
    .filter(
      (i) =>
        i.json.status === "active" &&
        (i.json.visibility === "public" ||
          i.json.owner === "c53c1b3f1a6a4a8e9d6bd9b7d3a8b5e1" ||
          i.memberStatus === "accepted") &&
        pred(i.json),
    )
    .sort(storedOrder);
}

/** Newest active visible image that satisfies `pred`, by IMS's order. */
const newest = (pred: (j: Record<string, any>) => boolean): Record<string, any> => visible(pred)[0]!.json;

/** What getImage asks IMS for by default besides the platform: active FusionCompute images. */
const ubuntuOnFusionCompute = (j: Record<string, any>) =>
  j.__platform === "Ubuntu" && j.virtual_env_type === "FusionCompute";

describe("getImage()", () => {
  it("should cost exactly one request when every filter is server-side", async () => {
    const image = await lookup({
      platform: "Ubuntu",
      imageType: "gold",
      osBit: 64,
      supports: { kvm: true },
      createdAt: "lt:2024-01-01T00:00:00Z",
    });
    expect(server.imageRequests.map((r) => r.query)).toEqual([
      "__imagetype=gold&status=active&__os_bit=64&__platform=Ubuntu&virtual_env_type=FusionCompute&__support_kvm=true&created_at=lt:2024-01-01T00:00:00Z&sort_key=created_at&sort_dir=desc&limit=1",
    ]);
    expect(image.id).toBe(
      newest(
        (j) =>
          j.__platform === "Ubuntu" &&
          j.__imagetype === "gold" &&
          j.__support_kvm === "true" &&
          j.created_at < "2024-01-01",
      ).id,
    );
    expect(image.platform).toBe("Ubuntu");
  });

  it("should stop paging at the first page with a nameRegex match", async () => {
    const image = await lookup({ platform: "Ubuntu", nameRegex: "^Ubuntu 16\\.04" });
    const want = newest((j) => j.__platform === "Ubuntu" && /^Ubuntu 16\.04/.test(j.name));
    expect(image.id).toBe(want.id);
    const scanned = server.catalog.filter(
      (i) =>
        i.json.__platform === "Ubuntu" && i.json.status === "active" && String(i.json.created_at) >= want.created_at,
    ).length;
    // the first page holds 100 images, later ones 1000
    expect(server.imageRequests).toHaveLength(scanned <= 100 ? 1 : 1 + Math.ceil((scanned - 100) / 1000));
    expect(server.imageRequests[0]!.query).toBe(
      "status=active&__platform=Ubuntu&virtual_env_type=FusionCompute&sort_key=created_at&sort_dir=desc&limit=100",
    );
    expect(server.imageRequests.length).toBeLessThan(Math.ceil(server.catalog.length / 100));
  });

  it("should send the first tag and check the others locally", async () => {
    const image = await lookup({ tags: ["web", "blue"] });
    expect(image.id).toBe("aaaaaaaa-0000-4000-8000-000000000001");
    expect(server.imageRequests[0]!.query).toMatch(
      /^status=active&virtual_env_type=FusionCompute&tag=web&sort_key=created_at/,
    );
  });

  it("should break a created_at tie by the greater id", async () => {
    expect((await lookup({ tags: ["web"] })).id).toBe("aaaaaaaa-0000-4000-8000-000000000002");
  });

  it("should apply a time range: one bound on the server, the other locally", async () => {
    const image = await lookup({
      tags: ["web"],
      createdAt: { gte: "2016-01-01T00:00:00Z", lt: "2020-01-01T00:00:00Z" },
    });
    expect(image.name).toBe("ancient-web");
    expect(server.imageRequests[0]!.query).toContain("created_at=lt:2020-01-01T00:00:00Z");
  });

  it("should filter on the architecture the data gives", async () => {
    const image = await lookup({ platform: "Ubuntu", architecture: "arm" });
    expect(image.architecture).toBe("arm");
    expect(image.id).toBe(newest((j) => j.__platform === "Ubuntu" && j.architecture === "arm").id);
  });

  it("should share one request among 100 concurrent identical lookups", async () => {
    const results = await Promise.all(Array.from({ length: 100 }, () => lookup({ platform: "CentOS" })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(server.imageRequests).toHaveLength(1);
    await lookup({ platform: "CentOS" });
    expect(server.imageRequests).toHaveLength(1);
    // The later lookup is the kept answer: not even the cached page is read again.
    expect(clientFor({ options: connection }).stats.pageCacheHits).toBe(0);
  });

  it("should not fetch a page again for a different lookup over the same pages", async () => {
    await lookup({ platform: "Ubuntu", nameRegex: "^Ubuntu 24" });
    const after = server.imageRequests.length;
    await lookup({ platform: "Ubuntu", nameRegex: "^Ubuntu 2" });
    expect(server.imageRequests.length).toBe(after);
    expect(clientFor({ options: connection }).cachedPageBytes).toBeGreaterThan(0);
  });

  it("should explain zero matches: filters, server-side count and closest names", async () => {
    let error: unknown;
    try {
      await lookup({ platform: "Ubuntu", nameRegex: "^Ubuntu 22\\.10" });
    } catch (e) {
      error = e;
    }
    expect(ImsNoMatchError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    const serverCount = visible(ubuntuOnFusionCompute).length;
    expect(message).toContain(
      'sent to IMS: platform="Ubuntu", status="active", virtualEnvType="FusionCompute"; applied locally: nameRegex=/^Ubuntu 22\\.10/',
    );
    expect(message).toContain(`; ${serverCount} image(s) matched the filters IMS applies.`);
    expect(message).toMatch(/Closest names: "Ubuntu 22\.04 server 64bit", /);
    expect((error as Record<string, unknown>).__pulumiRunError).toBe(true);
  });

  it("should suggest names when an exact name matches nothing on the server", async () => {
    await expect(lookup({ platform: "CentOS", name: "CentOS 7.9" })).rejects.toThrow(
      /0 image\(s\) matched the filters IMS applies\. Closest names: "CentOS 7\.9 64bit"/,
    );
  });

  it("should carry what it saw as fields of ImsNoMatchError", async () => {
    const e = await lookup({ platform: "CentOS", name: "CentOS 7.9" }).catch((x: unknown) => x);
    expect(ImsNoMatchError.isInstance(e)).toBe(true);
    const error = e as ImsNoMatchError;
    expect(error.serverMatched).toBe(0);
    expect(error.closestNames[0]).toBe("CentOS 7.9 64bit");
    expect(error.filters).toBe(
      'sent to IMS: name="CentOS 7.9", platform="CentOS", status="active", virtualEnvType="FusionCompute"',
    );
    expect(error.problem).toMatch(/^no image matches \(sent to IMS: /);
    expect(error.hint).toMatch(/^loosen a filter/);
    // One request for the lookup, one for the names to suggest.
    expect(server.imageRequests).toHaveLength(2);
  });

  it("should suggest only names, not an image without one, from the page of names", async () => {
    const e = await lookup({ platform: "Haiku", name: "Haiku R2" }).catch((x: unknown) => x);
    expect(ImsNoMatchError.isInstance(e)).toBe(true);
    expect((e as ImsNoMatchError).closestNames).toEqual(["Haiku R1"]);
    // The page of names was read, and it held the image without a name.
    expect(server.imageRequests).toHaveLength(2);
    expect(server.imageRequests[1]!.query).toContain("__platform=Haiku");
  });

  it("should suggest only names, not an image without one, from the images a local filter read", async () => {
    const byRegex = await lookup({ platform: "Haiku", nameRegex: "^Haiku R2" }).catch((x: unknown) => x);
    expect((byRegex as ImsNoMatchError).closestNames).toEqual(["Haiku R1"]);
    // No name asked for: the newest names read.
    const byArchitecture = await lookup({ platform: "Haiku", architecture: "arm" }).catch((x: unknown) => x);
    expect((byArchitecture as ImsNoMatchError).closestNames).toEqual(["Haiku R1"]);
    // Both read the one page that held both Haiku images (the second from the cache), and no page of names.
    expect(server.imageRequests.map((r) => new URLSearchParams(r.query).get("__platform"))).toEqual(["Haiku"]);
  });

  it("should still report no match, without suggestions, when the page of names fails", async () => {
    // The lookup's own request has name=; the page of names to suggest has not.
    server.injectFault({ kind: "status", status: 403 }, { path: /^\/v2\/images\?(?!.*name=)/ });
    const e = await lookup({ platform: "CentOS", name: "CentOS 7.9" }).catch((x: unknown) => x);
    expect(ImsNoMatchError.isInstance(e)).toBe(true);
    expect((e as ImsNoMatchError).closestNames).toEqual([]);
    expect((e as Error).message).not.toMatch(/Closest names|403/);
    // The page of names was asked for, and failed.
    expect(server.imageRequests).toHaveLength(2);
  });

  it("should list candidates when mostRecent is false and several match", async () => {
    let error: unknown;
    try {
      await lookup({ tags: ["web"], mostRecent: false });
    } catch (e) {
      error = e;
    }
    expect(ImsAmbiguousError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^3 images match \(sent to IMS: tag="web", status="active", virtualEnvType="FusionCompute"\) and mostRecent is false:\n {2}- aaaaaaaa-0000-4000-8000-000000000002 {2}"golden-web 2026.10 tie" {2}created 2026-10-10T00:00:00Z\n/,
    );
    expect((error as Error).message).toMatch(
      /What to do: set mostRecent: true to take the newest, or narrow the filters/,
    );
    const ambiguous = error as ImsAmbiguousError;
    expect(ambiguous).toMatchObject({ matched: 3, complete: true });
    expect(ambiguous.candidates.map((c) => c.name)).toEqual([
      "golden-web 2026.10 tie",
      "golden-web 2026.10",
      "ancient-web",
    ]);
    expect(ambiguous.candidates[0]).toEqual({
      id: "aaaaaaaa-0000-4000-8000-000000000002",
      name: "golden-web 2026.10 tie",
      createdAt: "2026-10-10T00:00:00Z",
    });
  });

  it("should show a candidate without a name as an empty name", async () => {
    const e = (await lookup({ platform: "Haiku", mostRecent: false }).catch((x: unknown) => x)) as ImsAmbiguousError;
    expect(ImsAmbiguousError.isInstance(e)).toBe(true);
    expect(e.candidates.map((c) => c.name)).toEqual(["", "Haiku R1"]);
  });

  it("should return the single match when mostRecent is false", async () => {
    expect((await lookup({ name: "ancient-web", mostRecent: false })).id).toBe("aaaaaaaa-0000-4000-8000-000000000003");
  });

  it("should reject bad arguments before any request", async () => {
    await expect(lookup({ platform: "Ubuntu", imageType: "golden" as never, osBit: 16 as never })).rejects.toThrow(
      ImsValidationError,
    );
    await expect(lookup({ platform: "Ubuntu", imageType: "golden" as never })).rejects.toThrow(
      /imageType: must be one of gold, private, shared, market \(given "golden"\)/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it("should return typed camelCase fields and the raw properties", async () => {
    const image = await lookup({ name: "ancient-web" });
    expect(image).toMatchObject({
      name: "ancient-web",
      minDisk: 40,
      minRam: 1024,
      osBit: 64,
      isRegistered: true,
      protected: true,
      tags: ["web", "blue"],
    });
    expect(image.raw.__os_bit).toBe("64");
  });
});

describe("getImage(): what a scan that ends without one answer says", () => {
  const visibleUbuntu = () => visible(ubuntuOnFusionCompute);

  it("should ask for the page of names without the name, keeping the other filters", async () => {
    await lookup({ platform: "CentOS", name: "CentOS 7.9" }).catch(() => undefined);
    const [asked, names] = server.imageRequests.map((r) => new URLSearchParams(r.query));
    expect(asked!.get("name")).toBe("CentOS 7.9");
    expect(names!.has("name")).toBe(false);
    expect(names!.get("__platform")).toBe("CentOS");
    expect(names!.get("limit")).toBe("1000");
    expect(names!.get("sort_key")).toBe("created_at");
  });

  it("should give the newest names IMS matched, without another request, when no name was asked for", async () => {
    const e = (await lookup({ tags: ["web", "no-such-tag"] }).catch((x: unknown) => x)) as ImsNoMatchError;
    expect(ImsNoMatchError.isInstance(e)).toBe(true);
    expect(e.message).toContain(
      '3 image(s) matched the filters IMS applies. Newest names IMS matched: "golden-web 2026.10 tie", "golden-web 2026.10", "ancient-web".',
    );
    expect(server.imageRequests).toHaveLength(1);
  });

  it("should ask for no page of names when nothing matched and no name was asked for", async () => {
    const e = (await lookup({ platform: "Plan 9" }).catch((x: unknown) => x)) as ImsNoMatchError;
    expect(ImsNoMatchError.isInstance(e)).toBe(true);
    expect(e.closestNames).toEqual([]);
    expect(server.imageRequests).toHaveLength(1);
  });

  it("should give the five newest names when no name was asked for and more matched", async () => {
    const e = (await lookup({ platform: "Ubuntu", enterpriseProjectId: "no-such-project" }).catch(
      (x: unknown) => x,
    )) as ImsNoMatchError;
    // Each name once, newest first.
    expect(e.closestNames).toEqual([...new Set(visibleUbuntu().map((i) => i.json.name))].slice(0, 5));
  });

  it("should take an empty denyImageIds as none: one image asked for, no local filter", async () => {
    await lookup({ platform: "Ubuntu", denyImageIds: [] });
    expect(server.imageRequests).toHaveLength(1);
    expect(new URLSearchParams(server.imageRequests[0]!.query).get("limit")).toBe("1");
  });

  it("should skip denied images and read on, and name them among the local filters", async () => {
    const web = await lookup({ tags: ["web"], denyImageIds: ["aaaaaaaa-0000-4000-8000-000000000002"] });
    expect(web.id).toBe("aaaaaaaa-0000-4000-8000-000000000001");
    // mostRecent: false: the one image left is the answer, not an ambiguity.
    const last = await lookup({
      tags: ["web"],
      denyImageIds: ["aaaaaaaa-0000-4000-8000-000000000001", "aaaaaaaa-0000-4000-8000-000000000002"],
      mostRecent: false,
    });
    expect(last.id).toBe("aaaaaaaa-0000-4000-8000-000000000003");
    const none = await lookup({
      tags: ["web"],
      denyImageIds: [
        "aaaaaaaa-0000-4000-8000-000000000001",
        "aaaaaaaa-0000-4000-8000-000000000002",
        "aaaaaaaa-0000-4000-8000-000000000003",
      ],
    }).catch((x: unknown) => x);
    expect((none as ImsNoMatchError).filters).toBe(
      'sent to IMS: tag="web", status="active", virtualEnvType="FusionCompute"; applied locally: not denyImageIds (3)',
    );
  });

  it("should say at least how many matched when it stopped before the last page", async () => {
    // Server-side filters only: one page of five, the candidates shown.
    const e = (await lookup({ platform: "Ubuntu", mostRecent: false }).catch((x: unknown) => x)) as ImsAmbiguousError;
    expect(ImsAmbiguousError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({ matched: 5, complete: false });
    expect(e.candidates.map((c) => c.id)).toEqual(
      visibleUbuntu()
        .slice(0, 5)
        .map((i) => i.json.id),
    );
    expect(e.message).toMatch(/^at least 5 images match \(/);
    expect(server.imageRequests).toHaveLength(1);
  });

  it("should count every match of the page it read, and show the first five", async () => {
    // A local filter: a first page of 100, all of which match.
    const e = (await lookup({ platform: "Ubuntu", nameRegex: ".", mostRecent: false }).catch(
      (x: unknown) => x,
    )) as ImsAmbiguousError;
    expect(ImsAmbiguousError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({ matched: 100, complete: false });
    expect(e.candidates).toHaveLength(5);
    expect(e.message).toMatch(/^at least 100 images match \(/);
  });

  it("should tell a progress listener the pages and images read so far", async () => {
    const seen: Array<{ pages: number; images: number }> = [];
    const e = (await lookupImage(
      { anyOwner: true, platform: "Ubuntu", nameRegex: "^no such name" },
      { options: connection },
      (p) => seen.push(p),
    ).catch((x: unknown) => x)) as ImsNoMatchError;
    expect(ImsNoMatchError.isInstance(e)).toBe(true);
    const all = visibleUbuntu().length;
    expect(all).toBeGreaterThan(100);
    expect(seen).toEqual(server.imageRequests.map((_, i) => ({ pages: i + 1, images: Math.min(all, 100 + 1000 * i) })));
    expect(e.serverMatched).toBe(all);
  });
});

describe("getImages()", () => {
  it("should page through every match with the server's sort", async () => {
    const result = await getImages(
      { platform: "Debian", imageType: "gold", sortKey: "name", sortDir: "asc" },
      { connection },
    );
    const want = server.catalog.filter(
      (i) =>
        i.json.__platform === "Debian" &&
        i.json.__imagetype === "gold" &&
        i.json.status === "active" &&
        i.json.virtual_env_type === "FusionCompute",
    );
    expect(result.images).toHaveLength(want.length);
    const names = result.images.map((i) => i.name);
    expect(names).toEqual([...names].sort());
    expect(result.ids).toEqual(result.images.map((i) => i.id));
    expect(server.imageRequests[0]!.query).toBe(
      "__imagetype=gold&status=active&__platform=Debian&virtual_env_type=FusionCompute&sort_key=name&sort_dir=asc&limit=1000",
    );
  });

  it("should stop at limit", async () => {
    const result = await getImages({ platform: "Ubuntu", limit: 7 }, { connection });
    expect(result.ids).toHaveLength(7);
    expect(server.imageRequests).toHaveLength(1);
    expect(server.imageRequests[0]!.query).toContain("limit=7");
  });

  it("should stop at limit when a local filter reads whole pages", async () => {
    // A nameRegex is applied here, so pages are asked at the largest size and hold more matches.
    const result = await getImages({ platform: "Ubuntu", nameRegex: "^Ubuntu", limit: 3 }, { connection });
    expect(result.ids).toHaveLength(3);
    expect(server.imageRequests).toHaveLength(1);
    expect(server.imageRequests[0]!.query).toContain("limit=1000");
    for (const image of result.images) expect(image.name).toMatch(/^Ubuntu/);
  });

  it("should refuse bad arguments as getImages', before any request", async () => {
    await expect(getImages({ platform: "Ubuntu", limit: 0 }, { connection })).rejects.toThrow(
      /^invalid getImages arguments:\n {2}- limit: /,
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe("clearCache()", () => {
  it("should make a repeated lookup ask IMS again instead of answering from what was kept", async () => {
    await lookup({ name: "ancient-web" });
    await lookup({ name: "ancient-web" });
    expect(server.imageRequests).toHaveLength(1);
    clearCache();
    await lookup({ name: "ancient-web" });
    expect(server.imageRequests).toHaveLength(2);
  });
});

describe("getImageOutput()", () => {
  it("should resolve Output arguments", async () => {
    const image = getImageOutput({ anyOwner: true, name: pulumi.output("ancient-web") }, { connection });
    const id = await resolved(image.id);
    expect(id).toBe("aaaaaaaa-0000-4000-8000-000000000003");
  });
});

describe("getImage() and IMS's own order", () => {
  it("should pick the same of two same-second images whether a filter is local or not", async () => {
    const serverOnly = await lookup({ platform: "Gentoo" });
    const withLocal = await lookup({ platform: "Gentoo", nameRegex: "^same-second" });
    expect(serverOnly.id).toBe("11111111-0000-4000-8000-00000000000b");
    expect(withLocal.id).toBe(serverOnly.id);
  });

  it("should find a name that contains a colon, sending it as the exact value", async () => {
    const image = await lookup({ name: "k8s-node:v1.28 20240110" });
    expect(image.id).toBe("aaaaaaaa-0000-4000-8000-00000000000c");
    expect(server.imageRequests[0]!.query).toContain("name=eq:k8s-node:v1.28%2020240110");
  });
});

describe("getImage() and images it cannot read", () => {
  it("should skip the unreadable image with a warning naming it, and return the next one", async () => {
    const emitted = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      const image = await lookup({ platform: "Slackware" });
      expect(image.id).toBe("aaaaaaaa-0000-4000-8000-00000000000d");
      expect(image.lazyLoading).toBe(true);
      // limit=1 found only the unreadable image, so one more page was read
      expect(server.imageRequests).toHaveLength(2);
      expect(emitted.mock.calls).toEqual([
        [
          expect.stringMatching(
            /skipped image aaaaaaaa-0000-4000-8000-00000000000e "Slackware 15 broken" of .*, which it cannot read: min_disk/,
          ),
          { code: "IMS_SKIPPED_IMAGE" },
        ],
      ]);
    } finally {
      emitted.mockRestore();
    }
  });
});
