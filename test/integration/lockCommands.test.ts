/**
 * `ims-image lock add|check|update|promote|feed` against the local IMS server, run in-process through
 * the CLI's main(): what each writes to the lock file, what it prints, and its exit code.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../provider/cli/main";
import { makeImage } from "../../provider/localServer/catalog";
import { LocalImsServer } from "../../provider/localServer/server";
import { freshClientsPerTest } from "../helpers/localServerHooks";
import { resetClients } from "../../provider/connection/clients";

const A = "aaaaaaaa-0000-4000-8000-000000000001";
const B = "aaaaaaaa-0000-4000-8000-000000000002";
const CENTOS = "aaaaaaaa-0000-4000-8000-000000000003";
const OTHER = "aaaaaaaa-0000-4000-8000-000000000004";

const ubuntu = (id: string, created: string, name = "Ubuntu 22.04 server 64bit") =>
  makeImage({ id, created_at: created, name, __platform: "Ubuntu", __os_version: "Ubuntu 22.04 server 64bit" });

let server: LocalImsServer;
let dir: string;
let lockFile: string;

beforeAll(async () => {
  server = await LocalImsServer.start({ catalog: [] });
});
freshClientsPerTest(() => server);

beforeEach(() => {
  server.clearFaults();
  server.catalog.splice(
    0,
    server.catalog.length,
    ubuntu(A, "2024-01-01T00:00:00Z"),
    makeImage({ id: CENTOS, created_at: "2023-01-01T00:00:00Z", name: "CentOS 7.9 64bit", __platform: "CentOS" }),
    makeImage({ id: OTHER, created_at: "2022-01-01T00:00:00Z", name: "Debian 12", __platform: "Debian" }),
  );
  dir = mkdtempSync(join(tmpdir(), "ims-lock-"));
  lockFile = join(dir, "ims-images.lock.json");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function ims(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  // Each command as its own process would be: no client (and no cached answer) carried over.
  resetClients();
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, { IMS_ENDPOINT: server.url });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const UBUNTU = ["--platform", "Ubuntu", "--image-type", "gold", "--os-version", "Ubuntu 22.04 server 64bit"];
const CENTOS_GOLD = ["--platform", "CentOS", "--image-type", "gold"];
const readLockJson = () =>
  JSON.parse(readFileSync(lockFile, "utf8")) as {
    version: number;
    entries: Record<string, { filters: Record<string, unknown>; regions: Record<string, Record<string, unknown>> }>;
  };

describe("lock add", () => {
  it("should resolve the filters in each region and write one entry with the image's fields but raw", async () => {
    const r = await ims(
      "lock",
      "add",
      "web",
      ...UBUNTU,
      "--region",
      "eu-de",
      "--region",
      "eu-nl",
      "--lock-file",
      lockFile,
    );
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain(A);
    const lock = readLockJson();
    expect(lock.version).toBe(1);
    expect(lock.entries.web!.filters).toEqual({
      imageType: "gold",
      osVersion: "Ubuntu 22.04 server 64bit",
      platform: "Ubuntu",
    });
    expect(Object.keys(lock.entries.web!.regions)).toEqual(["eu-de", "eu-nl"]);
    const locked = lock.entries.web!.regions["eu-de"]!;
    expect(locked).toMatchObject({ id: A, name: "Ubuntu 22.04 server 64bit", createdAt: "2024-01-01T00:00:00Z" });
    expect(locked).not.toHaveProperty("raw");
    expect(Date.parse(locked.lockedAt as string)).toBeGreaterThan(Date.now() - 60_000);
    // The lookup went to IMS once per region.
    expect(server.imageRequests.length).toBe(2);
  });

  it("should write two-space JSON, one line per field, in a stable order", async () => {
    await ims("lock", "add", "web", ...UBUNTU, "--region", "eu-de", "--lock-file", lockFile);
    const text = readFileSync(lockFile, "utf8");
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    expect(text).toMatch(/^ {10}"id": "aaaaaaaa-0000-4000-8000-000000000001",$/m);
    expect(text.indexOf('"id"')).toBeLessThan(text.indexOf('"name"'));
    expect(text.indexOf('"supports"')).toBeLessThan(text.indexOf('"lockedAt"'));
  });

  it("should keep a region's record, lockedAt too, when locking again finds the same image", async () => {
    await ims("lock", "add", "web", ...UBUNTU, "--region", "eu-de", "--lock-file", lockFile);
    const before = readFileSync(lockFile, "utf8");
    const again = await ims("lock", "add", "web", ...UBUNTU, "--region", "eu-de", "--lock-file", lockFile);
    expect(again.out).toMatch(/web +eu-de +unchanged/);
    expect(readFileSync(lockFile, "utf8")).toBe(before);
    const staging = join(dir, "staging.lock.json");
    writeFileSync(staging, before);
    const promoted = await ims("lock", "promote", "web", "--from", staging, "--lock-file", lockFile);
    expect(promoted.out).toMatch(/web +eu-de +unchanged/);
    expect(readFileSync(lockFile, "utf8")).toBe(before);
  });

  it("should apply the safe-latest guard before any request, naming the flags", async () => {
    const r = await ims("lock", "add", "web", "--platform", "Ubuntu", "--region", "eu-de", "--lock-file", lockFile);
    expect(r.code).toBe(1);
    expect(r.err).toContain("--image-type gold");
    expect(server.imageRequests).toHaveLength(0);
    expect(existsSync(lockFile)).toBe(false);
  });

  it("should need a region, from --region or the environment", async () => {
    const r = await ims("lock", "add", "web", ...UBUNTU, "--lock-file", lockFile);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no region to lock.*--region/s);
    expect(existsSync(lockFile)).toBe(false);
  });

  it("should replace the entry when the filters change, dropping regions locked with the old ones", async () => {
    await ims("lock", "add", "web", ...UBUNTU, "--region", "eu-de", "--region", "eu-nl", "--lock-file", lockFile);
    const r = await ims("lock", "add", "web", ...CENTOS_GOLD, "--region", "eu-de", "--lock-file", lockFile);
    expect(r.code).toBe(0);
    expect(r.err).toContain("eu-nl were dropped");
    const entry = readLockJson().entries.web!;
    expect(entry.filters).toEqual({ imageType: "gold", platform: "CentOS" });
    expect(Object.keys(entry.regions)).toEqual(["eu-de"]);
    expect(entry.regions["eu-de"]!.id).toBe(CENTOS);
  });

  it("should write nothing when one region fails", async () => {
    server.injectFault({ kind: "status", status: 403 }, { times: 10 });
    const r = await ims("lock", "add", "web", ...UBUNTU, "--region", "eu-de", "--lock-file", lockFile);
    expect(r.code).toBe(1);
    expect(r.err).toContain("HTTP 403");
    expect(existsSync(lockFile)).toBe(false);
  });
});

describe("lock check and update", () => {
  beforeEach(async () => {
    await ims("lock", "add", "web", ...UBUNTU, "--region", "eu-de", "--lock-file", lockFile);
    await ims("lock", "add", "db", ...CENTOS_GOLD, "--region", "eu-de", "--lock-file", lockFile);
  });

  it("should exit 0, then 2 when a newer image appears, then 0 after update", async () => {
    expect((await ims("lock", "check", "--lock-file", lockFile)).code).toBe(0);
    server.catalog.push(ubuntu(B, "2025-06-01T00:00:00Z", "Ubuntu 22.04 server 64bit (20250601)"));

    const check = await ims("lock", "check", "--lock-file", lockFile, "--format", "json");
    expect(check.code).toBe(2);
    const rows = JSON.parse(check.out) as Array<Record<string, unknown>>;
    expect(rows).toEqual([
      expect.objectContaining({ entry: "db", reason: "none" }),
      expect.objectContaining({ entry: "web", region: "eu-de", reason: "newerImage", locked: A, latest: B }),
    ]);

    const update = await ims("lock", "update", "--lock-file", lockFile);
    expect(update.code).toBe(0);
    expect(update.out).toMatch(new RegExp(`web +eu-de +updated +${A} +${B}`));
    expect(update.out).toContain("Ubuntu 22.04 server 64bit -> Ubuntu 22.04 server 64bit (20250601)");
    expect(update.out).toContain("2024-01-01T00:00:00Z -> 2025-06-01T00:00:00Z");
    expect(readLockJson().entries.web!.regions["eu-de"]!.id).toBe(B);

    expect((await ims("lock", "check", "--lock-file", lockFile)).code).toBe(0);
  });

  it("should leave the entries it did not change byte for byte", async () => {
    const before = readFileSync(lockFile, "utf8");
    const dbBlock = (text: string) => text.slice(text.indexOf('    "db": {'), text.indexOf('    "web": {'));
    server.catalog.push(ubuntu(B, "2025-06-01T00:00:00Z"));
    await ims("lock", "update", "web", "--lock-file", lockFile);
    const after = readFileSync(lockFile, "utf8");
    expect(after).not.toBe(before);
    expect(dbBlock(after)).toBe(dbBlock(before));
    expect(dbBlock(before).length).toBeGreaterThan(500);
  });

  it("should print a pull request's body with --format markdown", async () => {
    server.catalog.push(ubuntu(B, "2025-06-01T00:00:00Z", "Ubuntu 22.04 server 64bit (20250601)"));
    const r = await ims("lock", "update", "--lock-file", lockFile, "--format", "markdown");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^### IMS images updated in `.*ims-images\.lock\.json`$/m);
    expect(r.out).toContain(
      `| web | eu-de | \`${A}\`<br>Ubuntu 22.04 server 64bit | \`${B}\`<br>Ubuntu 22.04 server 64bit (20250601) | 2024-01-01T00:00:00Z → 2025-06-01T00:00:00Z |`,
    );
    expect(r.out).not.toContain("| db |");
  });

  it("should print nothing and write nothing when nothing changed", async () => {
    const before = readFileSync(lockFile, "utf8");
    const r = await ims("lock", "update", "--lock-file", lockFile, "--format", "markdown");
    expect(r).toMatchObject({ code: 0, out: "" });
    expect(r.err).toContain("nothing to update");
    expect(readFileSync(lockFile, "utf8")).toBe(before);
  });

  it.each([
    ["imageDeleted", () => server.catalog.splice(0, 1)],
    ["noLongerMatches", () => (server.catalog[0]!.json.__platform = "Ubuntu-retired")],
  ])("should report %s and exit 2", async (reason, change) => {
    change();
    const r = await ims("lock", "check", "web", "--lock-file", lockFile, "--format", "value");
    expect(r).toMatchObject({ code: 2, out: `web eu-de ${reason}` });
  });

  it("should report an image older than --max-age-days as tooOld", async () => {
    const r = await ims("lock", "check", "db", "--max-age-days", "30", "--lock-file", lockFile, "--format", "value");
    expect(r).toMatchObject({ code: 2, out: "db eu-de tooOld" });
  });

  it("should report lock fields edited by hand as lockStale, which update rewrites", async () => {
    const text = readFileSync(lockFile, "utf8");
    writeFileSync(lockFile, text.replace('"name": "CentOS 7.9 64bit"', '"name": "CentOS edited"'));
    let r = await ims("lock", "check", "--lock-file", lockFile, "--format", "value");
    expect(r).toMatchObject({ code: 2, out: "db eu-de lockStale\nweb eu-de none" });
    r = await ims("lock", "update", "db", "--lock-file", lockFile);
    expect(r.out).toMatch(/db +eu-de +refreshed/);
    expect(readFileSync(lockFile, "utf8")).toContain('"name": "CentOS 7.9 64bit"');
    expect((await ims("lock", "check", "--lock-file", lockFile)).code).toBe(0);
  });

  it("should report a locked image that the entry's denyImageIds name as denied", async () => {
    server.catalog.push(ubuntu(B, "2023-06-01T00:00:00Z"));
    // The policy, added to the entry after A was locked.
    const lock = readLockJson();
    lock.entries.web!.filters.denyImageIds = [A];
    writeFileSync(lockFile, JSON.stringify(lock, null, 2));
    const r = await ims("lock", "check", "web", "--lock-file", lockFile, "--format", "json");
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toEqual([expect.objectContaining({ reason: "denied", locked: A, latest: B })]);
    // update takes the newest image the policy allows.
    await ims("lock", "update", "web", "--lock-file", lockFile);
    expect(readLockJson().entries.web!.regions["eu-de"]!.id).toBe(B);
  });

  it("should not lock an image the deny list names", async () => {
    const r = await ims(
      "lock",
      "add",
      "web",
      ...UBUNTU,
      "--deny-image-id",
      A,
      "--region",
      "eu-de",
      "--lock-file",
      lockFile,
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain("no image matches");
    expect(readLockJson().entries.web!.filters).not.toHaveProperty("denyImageIds");
  });

  it("should exit 1 with the region that could not be checked", async () => {
    server.injectFault({ kind: "status", status: 403 }, { times: 10 });
    const r = await ims("lock", "check", "web", "--lock-file", lockFile, "--format", "value");
    expect(r.code).toBe(1);
    expect(r.out).toBe("web eu-de error");
  });

  it("should name an entry the lock does not have", async () => {
    const r = await ims("lock", "check", "api", "--lock-file", lockFile);
    expect(r.code).toBe(1);
    expect(r.err).toContain('has no entry "api"');
  });
});

describe("a malformed or interrupted lock file", () => {
  it("should be a clear error that writes nothing", async () => {
    writeFileSync(lockFile, '{ "version": 1, "entries": { "web": ');
    for (const argv of [
      ["lock", "add", "web", ...UBUNTU, "--region", "eu-de"],
      ["lock", "update"],
      ["lock", "check"],
    ]) {
      const r = await ims(...argv, "--lock-file", lockFile);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`${lockFile} is not valid JSON`);
      expect(readFileSync(lockFile, "utf8")).toBe('{ "version": 1, "entries": { "web": ');
    }
    writeFileSync(
      lockFile,
      JSON.stringify({ version: 1, entries: { web: { filters: {}, regions: { "eu-de": { id: A } } } } }),
    );
    const r = await ims("lock", "update", "--lock-file", lockFile);
    expect(r.err).toMatch(/is not a pulumi-ims lock file: entries\.web\.regions\.eu-de\.name/);
    writeFileSync(lockFile, JSON.stringify({ version: 2, entries: {} }));
    expect((await ims("lock", "check", "--lock-file", lockFile)).err).toContain("lock format version 2");
  });

  it("should keep the old file when a write is interrupted midway", async () => {
    await ims("lock", "add", "web", ...UBUNTU, "--region", "eu-de", "--lock-file", lockFile);
    const before = readFileSync(lockFile, "utf8");
    server.catalog.push(ubuntu(B, "2025-06-01T00:00:00Z"));
    // The module object lockFile.ts calls through (a named import compiles to a property read at each call).
    const fs = jest.requireActual<typeof import("node:fs")>("node:fs");
    const real = fs.writeFileSync;
    const spy = jest.spyOn(fs, "writeFileSync").mockImplementation((file, data) => {
      // Half the text reaches the disk, then the write fails (a full disk, a killed process).
      real(file, (data as string).slice(0, (data as string).length / 2));
      throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
    });
    try {
      const r = await ims("lock", "update", "--lock-file", lockFile);
      expect(r.code).toBe(1);
      expect(r.err).toContain("ENOSPC");
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
    expect(readFileSync(lockFile, "utf8")).toBe(before);
    expect(readdirSync(dir)).toEqual(["ims-images.lock.json"]);
  });
});

describe("lock promote", () => {
  let staging: string;
  beforeEach(async () => {
    staging = join(dir, "staging.lock.json");
    await ims("lock", "add", "web", ...UBUNTU, "--region", "eu-de", "--lock-file", staging);
    server.catalog.push(ubuntu(B, "2025-06-01T00:00:00Z"));
  });

  it("should copy the entry's images from the other lock file, not the newest match", async () => {
    const r = await ims("lock", "promote", "web", "--from", staging, "--lock-file", lockFile);
    expect(r.code).toBe(0);
    const entry = readLockJson().entries.web!;
    expect(entry.regions["eu-de"]!.id).toBe(A);
    expect(entry.filters).toEqual(JSON.parse(readFileSync(staging, "utf8")).entries.web.filters);
  });

  it("should refuse an image that no longer matches the filters, writing nothing", async () => {
    server.catalog.find((i) => i.json.id === A)!.json.__os_version = "Ubuntu 22.04 server 64bit (withdrawn)";
    const r = await ims("lock", "promote", "web", "--from", staging, "--lock-file", lockFile);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`image ${A} (Ubuntu 22.04 server 64bit) no longer matches the filters`);
    expect(existsSync(lockFile)).toBe(false);
  });

  it("should refuse an image that no longer exists", async () => {
    server.catalog.splice(
      server.catalog.findIndex((i) => i.json.id === A),
      1,
    );
    const r = await ims("lock", "promote", "web", "--from", staging, "--lock-file", lockFile);
    expect(r.code).toBe(1);
    expect(r.err).toContain("no longer exists");
  });

  it("should refuse an entry whose filters differ from the target's", async () => {
    await ims("lock", "add", "web", ...CENTOS_GOLD, "--region", "eu-de", "--lock-file", lockFile);
    const before = readFileSync(lockFile, "utf8");
    const r = await ims("lock", "promote", "web", "--from", staging, "--lock-file", lockFile);
    expect(r.code).toBe(1);
    expect(r.err).toContain('the filters of lock entry "web"');
    expect(readFileSync(lockFile, "utf8")).toBe(before);
  });
});

describe("lock feed", () => {
  it("should print the matching images as Renovate's custom datasource, newest first, denied ones left out", async () => {
    server.catalog.push(
      ubuntu(B, "2025-06-01T00:00:00Z"),
      ubuntu("aaaaaaaa-0000-4000-8000-000000000009", "2024-06-01T00:00:00Z"),
    );
    await ims(
      "lock",
      "add",
      "web",
      ...UBUNTU,
      "--deny-image-id",
      "aaaaaaaa-0000-4000-8000-000000000009",
      "--region",
      "eu-de",
      "--lock-file",
      lockFile,
    );
    const r = await ims("lock", "feed", "web", "--lock-file", lockFile);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      releases: [
        { version: "2025-06-01T00:00:00Z", digest: B, releaseTimestamp: "2025-06-01T00:00:00Z" },
        { version: "2024-01-01T00:00:00Z", digest: A, releaseTimestamp: "2024-01-01T00:00:00Z" },
      ],
    });
    // The filters went to IMS: the feed did not read other platforms' images.
    expect(server.imageRequests.at(-1)!.query).toContain("__platform=Ubuntu");
  });
});

describe("where the lock file is, and other options", () => {
  it("should take IMS_LOCK_FILE when --lock-file is not given", async () => {
    const out: string[] = [];
    resetClients();
    const code = await main(
      ["lock", "add", "web", ...UBUNTU, "--region", "eu-de", "--format", "json"],
      { out: (t) => out.push(t), err: () => undefined },
      { IMS_ENDPOINT: server.url, IMS_LOCK_FILE: lockFile },
    );
    expect(code).toBe(0);
    expect(JSON.parse(out.join("")) as unknown).toEqual([
      {
        entry: "web",
        region: "eu-de",
        change: "added",
        id: A,
        name: "Ubuntu 22.04 server 64bit",
        createdAt: "2024-01-01T00:00:00Z",
      },
    ]);
    expect(readLockJson().entries.web!.regions["eu-de"]!.id).toBe(A);
  });

  it("should lock the connection's region when no --region is given", async () => {
    resetClients();
    const code = await main(
      ["lock", "add", "web", ...UBUNTU, "--lock-file", lockFile],
      { out: () => undefined, err: () => undefined },
      {
        IMS_ENDPOINT: server.url,
        OS_REGION_NAME: "eu-nl",
      },
    );
    expect(code).toBe(0);
    expect(Object.keys(readLockJson().entries.web!.regions)).toEqual(["eu-nl"]);
  });

  it("should promote only the regions given, keeping the target's others", async () => {
    const staging = join(dir, "staging.lock.json");
    await ims("lock", "add", "web", ...UBUNTU, "--region", "eu-de", "--region", "eu-nl", "--lock-file", staging);
    await ims("lock", "add", "web", ...UBUNTU, "--region", "eu-nl", "--lock-file", lockFile);
    const beforeNl = readLockJson().entries.web!.regions["eu-nl"];
    const r = await ims(
      "lock",
      "promote",
      "web",
      "--from",
      staging,
      "--region",
      "eu-de",
      "--lock-file",
      lockFile,
      "--format",
      "value",
    );
    expect(r).toMatchObject({ code: 0, out: A });
    const regions = readLockJson().entries.web!.regions;
    expect(Object.keys(regions)).toEqual(["eu-de", "eu-nl"]);
    expect(regions["eu-nl"]).toEqual(beforeNl);
    const missing = await ims(
      "lock",
      "promote",
      "web",
      "--from",
      staging,
      "--region",
      "ap-southeast-1",
      "--lock-file",
      lockFile,
    );
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("has no image for region ap-southeast-1");
  });

  it("should ask which region to feed when the entry has several and none is set", async () => {
    await ims("lock", "add", "web", ...UBUNTU, "--region", "eu-de", "--region", "eu-nl", "--lock-file", lockFile);
    const r = await ims("lock", "feed", "web", "--lock-file", lockFile);
    expect(r.code).toBe(1);
    expect(r.err).toContain("has images for eu-de, eu-nl: which region?");
    const table = await ims("lock", "feed", "web", "--region", "eu-nl", "--lock-file", lockFile, "--format", "value");
    expect(table).toMatchObject({ code: 0, out: A });
  });
});

describe("lock help and usage", () => {
  it("should list the lock commands, and name a mistyped one", async () => {
    expect((await ims("lock")).out).toMatch(/add +resolve.*\n.*check/);
    const r = await ims("lock", "chek");
    expect(r).toMatchObject({ code: 1 });
    expect(r.err).toContain("did you mean check?");
    expect((await ims("help", "lock", "promote")).out).toContain("--from");
  });
});
