/**
 * Fidelity against a server nobody here wrote: Debian's OpenStack Glance (Zed) on
 * 127.0.0.1, seeded with the same generated catalog the local IMS server serves.
 * (1) the local server answers every query as Glance does; (2) pulumi-ims lookups,
 * paging and errors against Glance; (3) Keystone password auth end to end;
 * (4) lookups through a fault-injecting proxy are right or fail with a typed error.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { ImsApiError, ImsAuthError, ImsNotFoundError } from "../../provider/core/errors";
import { resetClients } from "../../provider/connection/clients";
import { ImsClient } from "../../provider/services/imsClient";
import { closeAllPools } from "../../provider/transport/http";
import { imagePages } from "../../provider/services/imagePages";
import { pageQuery } from "../helpers/pageQuery";
import {
  parseGetImageArgs,
  parseGetImagesArgs,
  type GetImageArgsInput,
  type GetImagesArgsInput,
} from "../../provider/lookup/args";
import { findImage, findImages } from "../../provider/lookup/scan";
import { DEFAULT_PROJECT, generateCatalog, makeImage, type StoredImage } from "../../provider/localServer/catalog";
import { LocalImsServer } from "../../provider/localServer/server";
import type { ConnectionOptions } from "../../provider/core/connectionOptions";
import { resolveConnection } from "../../provider/connection/settings";
import { FaultProxy } from "../helpers/faultProxy";
import { faultRun } from "../helpers/faultRun";
import { freePort, seedGlance, startGlance, startKeystone, type Service } from "../helpers/glance";
import { describeWithGlance } from "../helpers/glanceSuite";

jest.setTimeout(120_000);
afterAll(() => closeAllPools());

type Json = Record<string, any>;
/** Stored microseconds of seeded created_at values: Glance orders by them, though it shows whole seconds. */
const MICROS = new Map<string, number>();
function withMicros(images: StoredImage[]): StoredImage[] {
  for (const i of images) if (i.createdAtMicros) MICROS.set(i.json.id as string, i.createdAtMicros);
  return images;
}
const storedTime = (j: Json) => `${j.created_at} ${String(MICROS.get(j.id) ?? 0).padStart(6, "0")} ${j.id}`;
const newestFirst = (a: Json, b: Json): number => storedTime(b).localeCompare(storedTime(a));

function client(options: ConnectionOptions): ImsClient {
  return new ImsClient(resolveConnection({ options: options, env: {} }));
}

describeWithGlance("local IMS server vs Glance: the same answer to the same query", () => {
  const catalog = generateCatalog({ count: 400, seed: 11 });
  let glance: Service;
  let local: LocalImsServer;
  const identity = { "x-identity-status": "Confirmed", "x-project-id": DEFAULT_PROJECT, "x-roles": "member,reader" };

  beforeAll(async () => {
    glance = await startGlance({ auth: "headers" });
    await seedGlance(glance.dataDir, catalog, DEFAULT_PROJECT);
    local = await LocalImsServer.start({ catalog });
  });
  afterAll(async () => {
    await local?.close();
    await glance?.stop();
  });

  async function answer(base: string, path: string) {
    const res = await fetch(`${base}${path}`, { headers: { accept: "application/json", ...identity } });
    const body: Json = JSON.parse(await res.text());
    if (res.status !== 200) {
      // Glance: {"message": "...<br /><br />", "code": "400 Bad Request"}; local IMS: {"error": {"code", "message"}}
      const message = String(body.message ?? body.error?.message ?? "")
        .replace(/<br \/>/g, "")
        .trim();
      return { status: res.status, message };
    }
    if (body.images)
      return { status: 200, ids: body.images.map((i: Json) => i.id), first: body.first, next: body.next };
    return { status: 200, image: body };
  }

  const marker = () =>
    catalog
      .map((i) => i.json)
      .filter((j) => j.status === "active")
      .sort(newestFirst)[7]!.id as string;
  const queries = [
    "",
    "limit=5",
    "limit=0",
    "limit=2000&__platform=CoreOS",
    "__platform=Ubuntu&limit=7",
    "__platform=ubuntu",
    "__platform=Ubuntu&__platform=CentOS&limit=4",
    "visibility=public&limit=4",
    "visibility=private",
    "visibility=shared",
    "visibility=shared&member_status=pending",
    "visibility=shared&member_status=rejected",
    "visibility=shared&member_status=all",
    "member_status=all&limit=9",
    "visibility=all&limit=5",
    "visibility=community",
    "status=queued",
    "status=saving",
    "status=in:queued,saving",
    "status=bogus",
    "tag=x86&limit=5",
    "tag=x86&tag=team-1&limit=4",
    "tag=hardened&tag=arm",
    "name=in:a,b",
    "created_at=lt:2020-01-01T00:00:00Z&limit=3",
    "created_at=lte:2020-01-01T00:00:00Z&limit=3",
    "created_at=gt:2025-01-01T00:00:00Z&limit=3",
    "created_at=gte:2020-01-01&limit=3",
    "created_at=neq:2020-01-01T00:00:00Z&limit=2",
    "created_at=gt:2020-01-01T07:00:00%2B08:00&limit=2",
    "created_at=lt:2030-01-01T00:00:00Z&created_at=lt:2018-01-01T00:00:00Z&limit=3",
    "updated_at=lt:2018-01-01T00:00:00Z&limit=2",
    "created_at=lt:2020-01-01%2010:00:00&limit=2",
    "sort_key=name&sort_dir=asc&limit=4",
    "sort_key=status&limit=3",
    "sort_key=size&sort_dir=asc&limit=3",
    "sort_key=name&sort_key=created_at&sort_dir=asc&sort_dir=desc&limit=3",
    "sort=name:asc,created_at:desc&limit=3",
    "sort=name&limit=2",
    "min_disk=40&limit=3",
    "min_ram=2048&limit=3",
    "min_disk=abc",
    "protected=true&limit=3",
    "owner=1bed856811654c1cb661a6ca845ebc77&limit=2",
    "__support_kvm=true&__imagetype=gold&limit=3",
    "__support_kvm_gpu_type=V100",
    "architecture=arm&limit=3",
    "hw_firmware_type=uefi&limit=3",
    "virtual_env_type=Ironic",
    "__os_version=Ubuntu%2022.04%20server%2064bit&limit=2",
    "__os_version=Ubuntu+22.04+server+64bit&limit=2",
    "size_min=1",
    "size_max=0&limit=2",
    "os_hidden=true",
    "tag=",
    "name=",
    "limit=-1",
    "limit=abc",
    "limit=1.5",
    "marker=nope",
    "limit=2&marker=",
    "sort_key=__platform",
    "sort_dir=up",
    "sort=name:up",
    "sort=bogus:asc",
    "sort=name&sort_key=id",
    "sort_key=name&sort_key=id&sort_dir=asc&sort_dir=desc&sort_dir=asc",
    "visibility=bogus",
    "member_status=bogus",
    "protected=yes",
    "protected=True",
    "name=neq:x",
    "created_at=lt:yesterday",
    "created_at=foo:2018-01-01T00:00:00Z",
    "created_at=gt:2020-13-45T00:00:00Z",
    "created_at=lt:2018-10-28T10:00:00+08:00",
    "changes-since=2018-01-01",
    "size_min=big",
    "__os_bit_max=64",
    "foo_min=1",
    // a value with a colon is "<operator>:<value>" for these keys, and only eq and in are operators
    "name=k8s:v1",
    "name=eq:k8s:v1",
    "name=:x",
    "name=x:",
    "id=gt:x",
    "container_format=eq:bare&limit=2",
    "disk_format=in:zvhd2,qcow2&limit=3",
    "status=eq:active&limit=2",
    "owner=a:b",
    "__platform=a:b",
    // dates that do not exist, which Date.parse would roll over
    "created_at=lt:2024-02-30T00:00:00Z",
    "created_at=lt:2023-02-29T00:00:00Z",
    "created_at=lt:2024-02-29T00:00:00Z",
    "created_at=lt:2024-01-01T24:00:00Z",
  ];

  it.each(queries)("GET /v2/images?%s", async (query) => {
    const path = `/v2/images${query ? `?${query}` : ""}`;
    expect(await answer(local.url, path)).toEqual(await answer(glance.url, path));
  });

  it("should page with a marker the same way", async () => {
    for (const q of [
      `marker=${marker()}&limit=3`,
      `marker=${marker()}&limit=3&__platform=Ubuntu`,
      `marker=${marker()}&sort_key=name&sort_dir=asc&limit=3`,
    ]) {
      expect(await answer(local.url, `/v2/images?${q}`)).toEqual(await answer(glance.url, `/v2/images?${q}`));
    }
  });

  it("GET /v2/images/{id} should agree, including other projects' images", async () => {
    const sample = [
      ...catalog.filter((i) => i.json.visibility === "private").slice(0, 2),
      ...catalog.filter((i) => i.memberStatus === "pending").slice(0, 1),
      ...catalog.filter((i) => i.memberStatus === "rejected").slice(0, 1),
      ...catalog.filter((i) => i.json.visibility === "public").slice(0, 2),
    ];
    const ids = [
      ...sample.map((i) => i.json.id as string),
      "00000000-0000-4000-8000-000000000000",
      "not-a-uuid",
      String(sample[4]!.json.id).toUpperCase(),
    ];
    for (const id of ids) {
      const g = await answer(glance.url, `/v2/images/${id}`);
      const l = await answer(local.url, `/v2/images/${id}`);
      expect({ id, status: l.status, message: l.message }).toEqual({ id, status: g.status, message: g.message });
      // Glance adds fields of its own (os_hidden, os_hash_*); every other field must match.
      // Tags are a set in Glance, returned in no particular order.
      const norm = (k: string, v: unknown) => (k === "tags" ? [...(v as string[])].sort() : v);
      if (g.status === 200) {
        for (const [k, v] of Object.entries(g.image as Json)) {
          if (!k.startsWith("os_"))
            expect({ id, k, v: norm(k, (l.image as Json)[k]) }).toEqual({ id, k, v: norm(k, v) });
        }
      }
    }
  });
});

describeWithGlance("pulumi-ims against Glance", () => {
  // Glance serves at most 50 per page here, so every listing spans many pages.
  const catalog: StoredImage[] = withMicros([
    ...generateCatalog({ count: 2000, seed: 5 }),
    makeImage({
      id: "99999999-0000-4000-8000-000000000001",
      created_at: "2026-10-20T00:00:00Z",
      name: "Ubuntu 22.04 server 64bit",
      __platform: "Ubuntu",
      __os_version: "Ubuntu 22.04 server 64bit",
    }),
    // Same second, different microseconds: Glance's order says the smaller id is the newer.
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
    makeImage(
      {
        id: "99999999-0000-4000-8000-00000000000c",
        created_at: "2026-01-10T00:00:00Z",
        name: "k8s-node:v1.28 20240110",
        __platform: "Ubuntu",
      },
      { createdAtMicros: 123_456 },
    ),
  ]);
  // noauth Glance: the caller is an admin who sees every image of every project
  const visible: Json[] = catalog.map((i) => i.json).filter((j) => j.status !== "deleted" && j.status !== "killed");
  const anyActive = visible.filter((j) => j.status === "active");
  // What a lookup sees unless told otherwise: active ECS system-disk images.
  const active = visible.filter((j) => j.status === "active" && j.virtual_env_type === "FusionCompute");
  const newest = (pred: (j: Json) => boolean) => active.filter(pred).sort(newestFirst)[0]!;
  let glance: Service;
  let proxy: FaultProxy;
  let connection: ConnectionOptions;

  beforeAll(async () => {
    glance = await startGlance({ env: { GLANCE_LIMIT_MAX: "50", GLANCE_LIMIT_DEFAULT: "20" } });
    await seedGlance(glance.dataDir, catalog, DEFAULT_PROJECT);
    proxy = await FaultProxy.start(glance.url);
    connection = { endpoint: proxy.url };
  });
  afterAll(async () => {
    await proxy?.close();
    await glance?.stop();
  });
  beforeEach(() => {
    resetClients();
    proxy.reset();
  });

  const one = async (args: GetImageArgsInput) => {
    const found = await findImage(client(connection), parseGetImageArgs({ anyOwner: true, ...args }));
    if (!found.image) throw new Error(`no match: ${found.noMatch.filters}`);
    return found.image;
  };
  const all = (args: GetImagesArgsInput) => findImages(client(connection), parseGetImagesArgs(args));

  it("getImage: two images of one second, Glance's order decides, with or without a local filter", async () => {
    const serverOnly = await one({ platform: "Gentoo" });
    const withLocal = await one({ platform: "Gentoo", nameRegex: "^same-second" });
    expect(serverOnly.id).toBe("11111111-0000-4000-8000-00000000000b");
    expect(withLocal.id).toBe(serverOnly.id);
  });

  it("getImage by a name with a colon: sent as eq:<name>, which Glance reads as the exact name", async () => {
    expect((await one({ name: "k8s-node:v1.28 20240110" })).id).toBe("99999999-0000-4000-8000-00000000000c");
    expect((await one({ name: "k8s-node:v1.28 20240110", platform: "Ubuntu", nameRegex: "k8s" })).id).toBe(
      "99999999-0000-4000-8000-00000000000c",
    );
  });

  it("getImage with server-side filters: the newest match in one request", async () => {
    const image = await one({ platform: "Ubuntu", imageType: "gold", supports: { kvm: true } });
    expect(image.id).toBe(
      newest((j) => j.__platform === "Ubuntu" && j.__imagetype === "gold" && j.__support_kvm === "true").id,
    );
    expect(proxy.requests).toBe(1);
  });

  it("getImage with nameRegex: the newest match, paging until found", async () => {
    const image = await one({ platform: "Ubuntu", nameRegex: "^Ubuntu 16\\.04" });
    const want = newest((j) => j.__platform === "Ubuntu" && /^Ubuntu 16\.04/.test(j.name));
    expect(image.id).toBe(want.id);
    const scanned = active.filter((j) => j.__platform === "Ubuntu" && newestFirst(j, want) <= 0).length;
    expect(proxy.requests).toBe(Math.ceil(scanned / 50));
  });

  it("getImages should walk every page in Glance's order", async () => {
    const images = await all({});
    expect(images.map((i) => i.id)).toEqual([...active].sort(newestFirst).map((j) => j.id));
    expect(proxy.requests).toBe(Math.floor(active.length / 50) + 1);
  });

  const filters: Array<[string, GetImagesArgsInput, (j: Json) => boolean]> = [
    ["platform", { platform: "EulerOS" }, (j) => j.__platform === "EulerOS"],
    ["osType", { osType: "Windows" }, (j) => j.__os_type === "Windows"],
    ["osBit", { osBit: 32 }, (j) => j.__os_bit === "32"],
    ["osVersion", { osVersion: "CentOS 7.9 64bit" }, (j) => j.__os_version === "CentOS 7.9 64bit"],
    ["imageType", { imageType: "shared" }, (j) => j.__imagetype === "shared"],
    ["visibility", { visibility: "public" }, (j) => j.visibility === "public"],
    ["owner", { owner: DEFAULT_PROJECT }, (j) => j.owner === DEFAULT_PROJECT],
    ["status", { status: "queued" }, (j) => j.status === "queued"],
    ["protected", { protected: false, platform: "Debian" }, (j) => j.protected === false && j.__platform === "Debian"],
    [
      "isRegistered",
      { isRegistered: true, platform: "SUSE" },
      (j) => j.__isregistered === "true" && j.__platform === "SUSE",
    ],
    [
      "containerFormat + diskFormat",
      { containerFormat: "bare", diskFormat: "zvhd2", platform: "Fedora" },
      (j) => j.__platform === "Fedora",
    ],
    ["minDisk", { minDisk: 60 }, (j) => j.min_disk === 60],
    ["minRam", { minRam: 2048, platform: "CentOS" }, (j) => j.min_ram === 2048 && j.__platform === "CentOS"],
    ["tag", { tag: "hardened" }, (j) => (j.tags ?? []).includes("hardened")],
    [
      "two tags (one sent, one local)",
      { tags: ["arm", "team-2"] },
      (j) => (j.tags ?? []).includes("arm") && (j.tags ?? []).includes("team-2"),
    ],
    ["virtualEnvType", { virtualEnvType: "Ironic" }, (j) => j.virtual_env_type === "Ironic"],
    [
      "supports",
      { supports: { largeMemory: true, kvm: true } },
      (j) => j.__support_largememory === "true" && j.__support_kvm === "true",
    ],
    ["supports GPU type", { supports: { kvmGpuType: "V100" } }, (j) => j.__support_kvm_gpu_type === "V100"],
    [
      "properties",
      { properties: { hw_firmware_type: "uefi" }, platform: "EulerOS" },
      (j) => j.hw_firmware_type === "uefi" && j.__platform === "EulerOS",
    ],
    [
      "architecture (local)",
      { architecture: "arm", platform: "Ubuntu" },
      (j) => j.architecture === "arm" && j.__platform === "Ubuntu",
    ],
    ["name", { name: "Ubuntu 22.04 server 64bit" }, (j) => j.name === "Ubuntu 22.04 server 64bit"],
    ["nameRegex", { nameRegex: "web-2024" }, (j) => /web-2024/.test(j.name)],
    ["createdAt lt", { createdAt: "lt:2017-06-01T00:00:00Z" }, (j) => j.created_at < "2017-06-01T00:00:00Z"],
    [
      "createdAt lte",
      { createdAt: `lte:${anyActive[100]!.created_at}`, platform: "Ubuntu" },
      (j) => j.created_at <= anyActive[100]!.created_at && j.__platform === "Ubuntu",
    ],
    ["createdAt gt", { createdAt: "gt:2026-06-01T00:00:00Z" }, (j) => j.created_at > "2026-06-01T00:00:00Z"],
    [
      "createdAt gte",
      { createdAt: `gte:${anyActive[1900]!.created_at}` },
      (j) => j.created_at >= anyActive[1900]!.created_at,
    ],
    [
      "createdAt eq",
      { createdAt: `eq:${anyActive[500]!.created_at}` },
      (j) => j.created_at === anyActive[500]!.created_at,
    ],
    [
      "createdAt neq",
      { createdAt: `neq:${anyActive[500]!.created_at}`, platform: "CoreOS" },
      (j) => j.created_at !== anyActive[500]!.created_at && j.__platform === "CoreOS",
    ],
    [
      "createdAt with an offset",
      { createdAt: "gt:2026-06-01T08:00:00+08:00" },
      (j) => j.created_at > "2026-06-01T00:00:00Z",
    ],
    [
      "createdAt range",
      { createdAt: { gte: "2019-01-01T00:00:00Z", lt: "2019-03-01T00:00:00Z" } },
      (j) => j.created_at >= "2019-01-01" && j.created_at < "2019-03-01",
    ],
    ["updatedAt", { updatedAt: "lt:2017-04-01T00:00:00Z" }, (j) => j.updated_at < "2017-04-01T00:00:00Z"],
  ];
  it.each(filters)("getImages by %s should return exactly the seeded matches", async (_, args, pred) => {
    const status = args.status;
    const want = visible
      .filter(
        (j) =>
          (status ? j.status === status : j.status === "active") &&
          (args.virtualEnvType ? true : j.virtual_env_type === "FusionCompute") &&
          pred(j),
      )
      .sort(newestFirst)
      .map((j) => j.id);
    expect(want.length).toBeGreaterThan(0);
    expect((await all(args)).map((i) => i.id)).toEqual(want);
  });

  it("paging must rebuild URLs: Glance's next link drops a repeated tag", async () => {
    const c = client(connection);
    const ids: string[] = [];
    // A page query as the client takes it: the plan sends one tag, the client must keep any repeated one.
    const query = {
      filters: [
        ["tag", "x86"],
        ["tag", "team-1"],
      ] as const,
      limit: 7,
    };
    for await (const page of imagePages(c, query)) ids.push(...page.images.map((i) => i.id));
    const want = visible.filter((j) => (j.tags as string[]).includes("x86") && (j.tags as string[]).includes("team-1"));
    expect(ids).toHaveLength(want.length);
    // following `next` verbatim would lose the first tag after page one
    const res = await fetch(`${glance.url}/v2/images?tag=x86&tag=team-1&limit=7`, {
      headers: { accept: "application/json" },
    });
    expect(((await res.json()) as Json).next).toMatch(/^\/v2\/images\?tag=team-1&limit=7&marker=/);
  });

  it("a 404 should be ImsNotFoundError", async () => {
    const e = await client(connection)
      .imageDetails("00000000-0000-4000-8000-00000000dead")
      .catch((x: unknown) => x);
    expect(ImsNotFoundError.isInstance(e)).toBe(true);
    expect((e as ImsNotFoundError).requestId).toMatch(/^req-/);
  });

  it("a 400 should be ImsApiError with Glance's code, message and request id", async () => {
    const e = await client(connection)
      .listPage(pageQuery({}, { marker: "no-such-image" }))
      .catch((x: unknown) => x);
    expect(ImsApiError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({
      status: 400,
      imsErrorCode: "400 Bad Request",
      serverMessage: "No image found with ID no-such-image",
      retryable: false,
    });
    expect((e as ImsApiError).requestId).toMatch(/^req-[0-9a-f-]{36}$/);
  });

  it("ims-image check should compare against Glance", async () => {
    const cli = join(__dirname, "../../dist/provider/cli/main.js");
    const runCli = (args: string[]) =>
      new Promise<{ code: number; stdout: string }>((resolveRun) =>
        execFile(
          process.execPath,
          [cli, ...args],
          { env: { PATH: process.env.PATH ?? "", IMS_ENDPOINT: glance.url } },
          (error, stdout) => resolveRun({ code: error ? Number(error.code) : 0, stdout }),
        ),
      );
    const latest = newest((j) => j.__platform === "Ubuntu" && /^Ubuntu 22\.04/.test(j.name));
    expect(latest.id).toBe("99999999-0000-4000-8000-000000000001");
    const resolved = await runCli([
      "resolve",
      "--platform",
      "Ubuntu",
      "--name-regex",
      "^Ubuntu 22\\.04",
      "--any-owner",
      "--json",
    ]);
    expect(JSON.parse(resolved.stdout).id).toBe(latest.id);
    expect(
      (
        await runCli([
          "check",
          "--expect",
          latest.id,
          "--platform",
          "Ubuntu",
          "--name-regex",
          "^Ubuntu 22\\.04",
          "--any-owner",
        ])
      ).code,
    ).toBe(0);
    const older = newest((j) => j.__platform === "Ubuntu" && /^Ubuntu 22\.04/.test(j.name) && j.id !== latest.id);
    const drift = await runCli([
      "check",
      "--expect",
      older.id,
      "--platform",
      "Ubuntu",
      "--name-regex",
      "^Ubuntu 22\\.04",
      "--any-owner",
    ]);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain(`+ latest    ${latest.id}`);
  });

  it("through a fault-injecting proxy: the right image or a typed error, within the retry bound", async () => {
    const retry = { maxAttempts: 6, baseDelayMs: 20, maxDelayMs: 300, maxElapsedMs: 6000 };
    const r = await faultRun({
      target: glance.url,
      rounds: 8,
      retry,
      timeoutMs: 3000,
      proxy: { faultRate: 0.3, seed: 2026, maxBurst: 3, maxLatencyMs: 150 },
    });
    console.log(`fault proxy: ${JSON.stringify(r)}`);
    expect(r.wrong).toBe(0);
    expect(r.faults).toBeGreaterThan(r.requests / 5);
    expect(r.correct + Object.values(r.errors).reduce((a, b) => a + b, 0)).toBe(r.lookups);
    expect(r.correct).toBeGreaterThan(r.lookups / 2);
    // a page costs at most maxElapsedMs of retrying plus one attempt's timeout; these lookups read at most 4 pages
    expect(r.maxMs).toBeLessThan(4 * (retry.maxElapsedMs + 3000));
  });
});

describeWithGlance(
  "Keystone password auth against Glance",
  () => {
    let keystone: Service & { projectIds: Record<string, string> };
    let glance: Service;
    const imageId = "77777777-0000-4000-8000-000000000001";

    beforeAll(async () => {
      const [kPort, gPort] = [await freePort(), await freePort()];
      keystone = await startKeystone(kPort, `http://127.0.0.1:${gPort}`);
      glance = await startGlance({
        auth: "keystone",
        port: gPort,
        env: { KEYSTONE_URL: keystone.url, GLANCE_TOKEN_CACHE_TIME: "-1" },
      });
      await seedGlance(
        glance.dataDir,
        [
          makeImage({
            id: imageId,
            created_at: "2026-01-01T00:00:00Z",
            name: "projA web",
            owner: keystone.projectIds.projA,
            visibility: "private",
            __imagetype: "private",
            __platform: "Debian",
          }),
          makeImage({
            id: "77777777-0000-4000-8000-000000000002",
            created_at: "2026-02-01T00:00:00Z",
            name: "projB web",
            owner: keystone.projectIds.projB,
            visibility: "private",
            __imagetype: "private",
            __platform: "Debian",
          }),
        ],
        keystone.projectIds.projA!,
      );
    });
    afterAll(async () => {
      await glance?.stop();
      await keystone?.stop();
    });

    const userA: ConnectionOptions = {
      authUrl: "",
      username: "userA",
      password: "userA",
      projectName: "projA",
      userDomainName: "Default",
    };

    it("should get a token scoped by project name, find Glance in the catalog for its region, and see only its project's images", async () => {
      const c = client({ ...userA, authUrl: `${keystone.url}/v3`, region: "RegionOne" });
      // projB's image is newer, and the lookup must not see it.
      const { image } = await findImage(c, parseGetImageArgs({ anyOwner: true, platform: "Debian" }));
      expect(image?.id).toBe(imageId);
      expect((await c.endpoint()).origin).toBe(glance.url);
      // One token; now and then (about one run in four here) Glance refuses a token Keystone has just
      // issued, and the client re-authenticates once, as it does after any 401 (tested below).
      expect(c.stats.tokens).toBeGreaterThanOrEqual(1);
      expect(c.stats.tokens).toBeLessThanOrEqual(2);
    });

    it("should take the catalog's public image endpoint of the configured region, and ask for a region when there are several", async () => {
      const two = client({ ...userA, authUrl: `${keystone.url}/v3`, region: "RegionTwo" });
      expect((await two.endpoint()).toString()).toBe("http://127.0.0.1:9/region-two");
      const none = client({ ...userA, authUrl: `${keystone.url}/v3` });
      await expect(none.endpoint()).rejects.toThrow(
        /image" endpoints in several regions \(RegionOne, RegionTwo\); set region/,
      );
    });

    it("should scope to the project named after the region when no project is set (a name Keystone does not know is refused)", async () => {
      const e = await client({
        authUrl: `${keystone.url}/v3`,
        username: "userB",
        password: "userB",
        userDomainName: "Default",
        region: "RegionOne",
      })
        .listPage(pageQuery({ limit: 1 }))
        .catch((x: unknown) => x);
      expect(ImsAuthError.isInstance(e)).toBe(true);
      expect((e as Error).message).toMatch(/HTTP 401/);
    });

    it("should re-authenticate once after the token is revoked", async () => {
      const c = client({ ...userA, authUrl: `${keystone.url}/v3`, region: "RegionOne" });
      await c.listPage(pageQuery({ limit: 1 }));
      const token = (await (c as any).authenticator.issued()).token as string;
      const admin = await fetch(`${keystone.url}/v3/auth/tokens`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          auth: {
            identity: {
              methods: ["password"],
              password: { user: { name: "admin", domain: { id: "default" }, password: "admin" } },
            },
            scope: { project: { name: "admin", domain: { id: "default" } } },
          },
        }),
      });
      const revoke = await fetch(`${keystone.url}/v3/auth/tokens`, {
        method: "DELETE",
        headers: { "x-auth-token": admin.headers.get("x-subject-token")!, "x-subject-token": token },
      });
      expect(revoke.status).toBe(204);
      // Another page than the first, so the request is sent (the first is kept by the client).
      expect((await c.listPage(pageQuery({ limit: 2 }))).images[0]!.id).toBe(imageId);
      expect(c.stats.tokens).toBe(2);
    });

    it("should report a wrong password as ImsAuthError, without the password", async () => {
      const e = await client({ ...userA, authUrl: `${keystone.url}/v3`, password: "not-userA-password" })
        .listPage(pageQuery({ limit: 1 }))
        .catch((x: unknown) => x);
      expect(ImsAuthError.isInstance(e)).toBe(true);
      expect((e as Error).message).toMatch(/IAM\/Keystone rejected the user name, password or domain.*HTTP 401/);
      expect((e as Error).message).not.toContain("not-userA-password");
    });

    it("should report a missing token to Glance as ImsAuthError", async () => {
      const e = await client({ endpoint: glance.url })
        .listPage(pageQuery({ limit: 1 }))
        .catch((x: unknown) => x);
      expect(ImsAuthError.isInstance(e)).toBe(true);
      expect((e as ImsAuthError).status).toBe(401);
    });
  },
  "keystone",
);
