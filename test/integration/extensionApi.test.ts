/**
 * The extension list API (GET /v2/cloudimages) against the local IMS server: the same answers as
 * the native API over one catalog wherever the two APIs' documented semantics agree, the exact
 * queries sent, paging by the last id to an empty page, and validation errors for what an API lacks.
 */
import { freshClientsPerTest } from "../helpers/localServerHooks";
import {
  getImage,
  getImages,
  ImsApiError,
  ImsValidationError,
  type ConnectionOptions,
  type GetImagesArgs,
} from "../../sdk";
import { resolveConnection } from "../../provider/connection/settings";
import { ImsClient } from "../../provider/services/imsClient";
import { imagePages } from "../../provider/services/imagePages";
import { DEFAULT_PROJECT, ENTERPRISE_PROJECT, makeImage, type StoredImage } from "../../provider/localServer/catalog";
import { LocalImsServer } from "../../provider/localServer/server";
import { storedOrder } from "../helpers/storedOrder";

const TOKEN = "extension-token-123456";
let server: LocalImsServer;
const on = (api: "native" | "extension", extra: ConnectionOptions = {}): ConnectionOptions => ({
  endpoint: server.url,
  token: TOKEN,
  api,
  ...extra,
});

beforeAll(async () => {
  server = await LocalImsServer.start({ catalog: { count: 2500, seed: 77 }, auth: { tokens: [TOKEN] } });
  server.catalog.push(
    // A name with a colon: the native API needs eq:, the extension API takes it as written.
    makeImage({
      id: "eeeeeeee-0000-4000-8000-000000000001",
      created_at: "2026-09-01T00:00:00Z",
      name: "k8s-node:v1.30",
      __platform: "Ubuntu",
    }),
  );
});
freshClientsPerTest(() => server);

const ids = async (args: GetImagesArgs, connection: ConnectionOptions) =>
  (await getImages(args, { connection })).images.map((i) => i.id);

// Lookups whose documented semantics agree on both APIs. The extension API lists registered images
// only, so the native side asks for isRegistered: true.
const SAME: Array<[string, GetImagesArgs]> = [
  ["platform", { platform: "Ubuntu" }],
  ["osType and osBit", { osType: "Other", osBit: 32 }],
  ["osVersion (not documented on the extension API: checked locally too)", { osVersion: "CentOS 7.9 64bit" }],
  ["imageType", { imageType: "private" }],
  ["shared, accepted", { imageType: "shared", visibility: "shared", memberStatus: "accepted" }],
  ["owner", { owner: DEFAULT_PROJECT }],
  ["protected", { protected: false, platform: "Debian" }],
  ["minDisk and minRam", { minDisk: 40, minRam: 1024 }],
  ["tag", { tag: "hardened" }],
  ["two tags", { tags: ["arm", "team-2"] }],
  ["supports (documented)", { supports: { kvm: true, largeMemory: true } }],
  ["supports GPU type", { supports: { kvmGpuType: "V100" } }],
  [
    "properties (not documented on the extension API: checked locally too)",
    { properties: { hw_firmware_type: "uefi" }, platform: "EulerOS" },
  ],
  ["architecture (sent to the extension API, local on the native one)", { architecture: "arm", platform: "Ubuntu" }],
  [
    "enterpriseProjectId (sent to the extension API, local on the native one)",
    { enterpriseProjectId: ENTERPRISE_PROJECT },
  ],
  ["name with a colon", { name: "k8s-node:v1.30" }],
  ["nameRegex", { nameRegex: "web-2024" }],
  ["createdAt with an offset", { createdAt: "gt:2026-06-01T08:00:00+08:00" }],
  ["createdAt range", { createdAt: { gte: "2019-01-01", lt: "2019-03-01T00:00:00Z" } }],
  ["createdAt lte on a shown second", { createdAt: "lte:2020-06-01T00:00:00Z", platform: "Fedora" }],
  ["updatedAt", { updatedAt: "lt:2017-04-01T00:00:00Z" }],
  ["sorted by name", { platform: "CoreOS", sortKey: "name", sortDir: "asc" }],
];

describe("the same answer on both APIs", () => {
  it.each(SAME)("getImages by %s", async (_, args) => {
    const native = await ids({ ...args, isRegistered: true }, on("native"));
    expect(native.length).toBeGreaterThan(0);
    expect(await ids(args, on("extension"))).toEqual(native);
  });

  it.each(SAME.filter(([, a]) => a.sortKey === undefined))("getImage by %s", async (_, args) => {
    const { sortKey: _sortKey, sortDir: _sortDir, limit: _limit, ...filters } = args;
    const native = await getImage({ anyOwner: true, ...filters, isRegistered: true }, { connection: on("native") });
    const extension = await getImage({ anyOwner: true, ...filters }, { connection: on("extension") });
    expect(extension.id).toBe(native.id);
  });

  it("should leave unregistered images out on the extension API, as documented", async () => {
    const unregistered = server.catalog.filter((i) => i.json.__isregistered === "false" && i.json.status === "active");
    expect(unregistered.length).toBeGreaterThan(0);
    const all = await ids({}, on("extension"));
    for (const i of unregistered) expect(all).not.toContain(i.json.id);
  });
});

describe("what the extension API is sent", () => {
  it("should send every documented filter, times in the documented UTC form, in one request", async () => {
    await getImage(
      {
        platform: "Ubuntu",
        imageType: "gold",
        architecture: "x86",
        supports: { kvm: true },
        createdAt: "lt:2026-01-01T08:00:00+08:00",
        enterpriseProjectId: "0",
      },
      { connection: on("extension") },
    );
    expect(server.imageRequests.map((r) => `${r.path}?${r.query}`)).toEqual([
      "/v2/cloudimages?__imagetype=gold&status=active&__platform=Ubuntu&virtual_env_type=FusionCompute&architecture=x86&__support_kvm=true&created_at=lt:2026-01-01T00:00:00Z&enterprise_project_id=0&sort_key=created_at&sort_dir=desc&limit=1",
    ]);
  });

  it("should read a local filter's pages at the documented default of 500, ending on the short page", async () => {
    // IMS documents no maximum for the extension API, so a larger page would not be trusted to end the list.
    await getImages({ nameRegex: "web-2024" }, { connection: on("extension") });
    const listed = server.catalog.filter((i) => i.json.status === "active" && i.json.__isregistered === "true").length;
    expect(listed % 500).not.toBe(0);
    const limits = server.imageRequests.map((r) => new URLSearchParams(r.query).get("limit"));
    expect(limits).toEqual(Array.from({ length: Math.ceil(listed / 500) }, () => "500"));
  });

  it("should send an undocumented filter and still check it on the images returned", async () => {
    // The local server ignores __os_version, as an extension API that does not know it may.
    const oldest = server.catalog
      .filter((i) => i.json.status === "active" && i.json.__isregistered === "true")
      .sort(storedOrder)
      .at(-1)!;
    const osVersion = oldest.json.__os_version as string;
    const image = await getImage({ anyOwner: true, osVersion }, { connection: on("extension") });
    expect(image.osVersion).toBe(osVersion);
    expect(server.imageRequests[0]!.query).toContain(`__os_version=${encodeURIComponent(osVersion)}`);
  });

  it("should send flavor_id on Huawei Cloud, and return only images that fit the flavor", async () => {
    const image = await getImage(
      { anyOwner: true, platform: "Ubuntu", flavorId: "kc1.large.2" },
      { connection: on("extension") },
    );
    // The local server's documented rules for kc1 (ARM, KVM, 4 GB), restated here.
    const fits = (i: StoredImage) =>
      i.json.__imagetype === "gold" &&
      i.json.visibility === "public" &&
      i.json.virtual_env_type === "FusionCompute" &&
      i.json.architecture === "arm" &&
      i.json.__support_kvm === "true" &&
      Number(i.json.min_ram) <= 4096 &&
      i.json.__platform === "Ubuntu" &&
      i.json.status === "active" &&
      i.json.__isregistered === "true";
    expect(image.id).toBe(server.catalog.filter(fits).sort(storedOrder)[0]!.json.id);
    expect(server.imageRequests[0]!.query).toContain("flavor_id=kc1.large.2");
  });

  it("should report an unknown flavor with IMS's error code", async () => {
    const e = await getImage({ anyOwner: true, flavorId: "zz9.huge.1" }, { connection: on("extension") }).catch(
      (x: unknown) => x,
    );
    expect(ImsApiError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({ status: 400, imsErrorCode: "IMG.0192" });
  });
});

describe("paging the extension API", () => {
  async function pages(matching: number, limit: number) {
    const local = await LocalImsServer.start({
      catalog: Array.from({ length: matching }, (_, n) =>
        makeImage({
          id: `dddddddd-0000-4000-8000-${String(n).padStart(12, "0")}`,
          created_at: `2025-01-01T00:00:${String(n % 60).padStart(2, "0")}Z`,
        }),
      ),
    });
    try {
      const client = new ImsClient(resolveConnection({ options: { endpoint: local.url, api: "extension" }, env: {} }));
      const read: number[] = [];
      for await (const page of imagePages(client, { filters: [], sortKey: ["created_at"], sortDir: "desc", limit }))
        read.push(page.images.length);
      return { read, markers: local.imageRequests.map((r) => new URLSearchParams(r.query).get("marker")) };
    } finally {
      await local.close();
    }
  }

  it("should take the marker from the last image and end on the empty page after an exactly full one", async () => {
    const { read, markers } = await pages(10, 5);
    expect(read).toEqual([5, 5, 0]);
    expect(markers).toEqual([null, "dddddddd-0000-4000-8000-000000000005", "dddddddd-0000-4000-8000-000000000000"]);
  });

  it("should end on a short page without asking for another", async () => {
    expect((await pages(7, 5)).read).toEqual([5, 2]);
  });

  it("should not trust a short page when it asked for more than the documented default of 500", async () => {
    expect((await pages(3, 600)).read).toEqual([3, 0]);
  });
});

describe("what an API lacks is an error before any request", () => {
  it.each([
    [
      "flavorId on the native API",
      { flavorId: "c7.large.2" },
      () => on("native"),
      /not available on the native API \(GET \/v2\/images\):\n {2}- flavorId: the native API \(GET \/v2\/images\) cannot filter by ECS flavor/,
    ],
    [
      "wholeImage on the native API",
      { wholeImage: true },
      () => on("native"),
      /wholeImage: the native API \(GET \/v2\/images\) has no __whole_image filter/,
    ],
    [
      "flavorId on Open Telekom Cloud",
      { flavorId: "s3.medium.1" },
      () => on("extension", { cloud: "opentelekomcloud" }),
      /flavorId: Open Telekom Cloud's extension API \(GET \/v2\/cloudimages\) has no flavor_id filter \(given "s3.medium.1"\)/,
    ],
    [
      "isRegistered: false on the extension API",
      { isRegistered: false },
      () => on("extension"),
      /isRegistered: the extension API lists registered images only \(isRegistered: true\) \(given "false"\)/,
    ],
    [
      "sortKey updated_at on the extension API",
      { sortKey: "updated_at" },
      () => on("extension"),
      /sortKey: updated_at is not a sort key of the extension API/,
    ],
  ] as Array<[string, GetImagesArgs, () => ConnectionOptions, RegExp]>)("%s", async (_, args, connection, message) => {
    const e = await getImages(args, { connection: connection() }).catch((x: unknown) => x);
    expect(ImsValidationError.isInstance(e)).toBe(true);
    expect((e as Error).message).toMatch(message);
    expect(server.imageRequests).toHaveLength(0);
  });

  it("should check architecture and market images locally on Open Telekom Cloud's extension API", async () => {
    await getImages(
      { architecture: "arm", imageType: "market" },
      { connection: on("extension", { cloud: "opentelekomcloud" }) },
    );
    expect(server.imageRequests[0]!.query).not.toMatch(/architecture=|__imagetype=/);
  });
});

describe("which API a connection uses", () => {
  it.each([
    ["a Huawei Cloud region", { region: "ap-southeast-1" }, "extension"],
    ["an Open Telekom Cloud region", { region: "eu-de" }, "native"],
    ["a Huawei Cloud endpoint", { endpoint: "https://ims.cn-north-4.myhuaweicloud.com" }, "extension"],
    ["an Open Telekom Cloud endpoint", { endpoint: "https://ims.eu-nl.otc.t-systems.com" }, "native"],
    ["an endpoint of unknown cloud", { endpoint: "http://127.0.0.1:9292" }, "native"],
    ["cloud: huaweicloud with any endpoint", { endpoint: "http://127.0.0.1:9292", cloud: "huaweicloud" }, "extension"],
    ["api set explicitly", { region: "ap-southeast-1", api: "native" }, "native"],
  ] as Array<[string, ConnectionOptions, string]>)("%s", (_, options, api) => {
    expect(resolveConnection({ options: { token: "t0k3n", ...options }, env: {} }).api).toBe(api);
  });

  it("should read IMS_API and ims:api, and refuse an unknown API", () => {
    expect(resolveConnection({ options: { endpoint: "http://127.0.0.1:1" }, env: { IMS_API: "extension" } }).api).toBe(
      "extension",
    );
    expect(
      resolveConnection({ options: { endpoint: "http://127.0.0.1:1" }, env: {}, config: { api: "extension" } }).api,
    ).toBe("extension");
    expect(() =>
      resolveConnection({ options: { endpoint: "http://127.0.0.1:1", api: "cloud" as never }, env: {} }),
    ).toThrow(/api: .*native.*extension/);
  });
});
