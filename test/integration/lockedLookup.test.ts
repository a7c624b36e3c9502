/**
 * A Pulumi program's locked lookups (`getImage(args, { lock })`, getImageOutput, ImageSelection) under
 * setMocks: the lock's image with no request and no credentials, against an IMS endpoint that drops
 * every connection (and counts them); the mismatch and frozen errors; a live lookup, with a warning,
 * for an entry the lock lacks. Lock files are written by `ims-image lock add` against the local server.
 */
import { createServer, type Server } from "node:net";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { getImage, getImageOutput, ImageSelection, ImsLockError, ImsLockMismatchError } from "../../sdk";
import { main } from "../../provider/cli/main";
import { makeImage } from "../../provider/localServer/catalog";
import { LocalImsServer } from "../../provider/localServer/server";
import { resetClients } from "../../provider/connection/clients";
import { closeAllPools } from "../../provider/transport/http";
import * as runtime from "../../provider/dynamicProvider/runtime";
import { resolved } from "../helpers/outputs";

const A = "cccccccc-0000-4000-8000-000000000001";
const B = "cccccccc-0000-4000-8000-000000000002";
const WEB = { platform: "Ubuntu", imageType: "gold" as const, osBit: 64 as const };
/** WEB's filters as lock add's flags. */
const WEB_FLAGS = ["--platform", "Ubuntu", "--image-type", "gold", "--os-bit", "64"];

let server: LocalImsServer;
/** An IMS endpoint that accepts and drops every connection: a request would fail, and is counted. */
let refusing: Server;
let refusingUrl: string;
let connections = 0;
let dir: string;
let lockFile: string;
const registered: Array<Record<string, unknown>> = [];

/** ims-image in-process; its stderr goes to the test's, so a failing step says why. */
async function ims(...argv: string[]): Promise<number> {
  resetClients();
  return main(argv, { out: () => undefined, err: (t) => process.stderr.write(`${t}\n`) }, { IMS_ENDPOINT: server.url });
}

const IMAGE_A = makeImage({ id: A, created_at: "2024-01-01T00:00:00Z", name: "Ubuntu 22.04 server 64bit" });
const IMAGE_B = makeImage({ id: B, created_at: "2025-01-01T00:00:00Z", name: "Ubuntu 22.04 server 64bit" });
/** The lock every test starts from (each may change its copy). */
let pristine: string;

beforeAll(async () => {
  server = await LocalImsServer.start({ catalog: [IMAGE_A] });
  refusing = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((r) => refusing.listen(0, "127.0.0.1", r));
  refusingUrl = `http://127.0.0.1:${(refusing.address() as { port: number }).port}`;
  dir = mkdtempSync(join(tmpdir(), "ims-locked-"));
  lockFile = join(dir, "ims-images.lock.json");
  // web: A in eu-de; then a newer image, locked for eu-nl only.
  expect(await ims("lock", "add", "web", ...WEB_FLAGS, "--region", "eu-de", "--lock-file", lockFile)).toBe(0);
  server.catalog.push(IMAGE_B);
  expect(
    await ims(
      "lock",
      "add",
      "one",
      "--platform",
      "Ubuntu",
      "--image-type",
      "gold",
      "--region",
      "eu-de",
      "--lock-file",
      lockFile,
    ),
  ).toBe(0);
  pristine = readFileSync(lockFile, "utf8");
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push(args.inputs);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => {
        throw new Error("no engine invoke");
      },
    },
    "locked",
    "dev",
  );
});
afterAll(async () => {
  await server.close();
  await new Promise((r) => refusing.close(r));
  await closeAllPools();
  rmSync(dir, { recursive: true, force: true });
});

/** Stack config as `ims:*` keys; no credentials unless a test sets them. */
function config(values: Record<string, string>) {
  pulumi.runtime.setAllConfig({ "ims:endpoint": refusingUrl, "ims:lockFile": lockFile, ...values });
}

beforeEach(() => {
  writeFileSync(lockFile, pristine);
  server.catalog.splice(0, server.catalog.length, IMAGE_A, IMAGE_B);
  connections = 0;
  server.resetRequests();
  resetClients();
  config({});
});

describe("getImage with a lock", () => {
  it("should return the locked image with no request and no credentials", async () => {
    const image = await getImage(WEB, { lock: "web" });
    expect(image).toMatchObject({
      id: A,
      name: "Ubuntu 22.04 server 64bit",
      createdAt: "2024-01-01T00:00:00Z",
      raw: {},
    });
    expect(connections).toBe(0);
  });

  it('should read the same entry whatever form the filters take (osBit "64", key order)', async () => {
    const image = await getImage({ osBit: "64", imageType: "gold", platform: "Ubuntu" }, { lock: "web" });
    expect(image.id).toBe(A);
  });

  it("should take the lock file from opts.lockFile, then ims:lockFile, then IMS_LOCK_FILE", async () => {
    config({ "ims:lockFile": join(dir, "absent.json"), "ims:lockMode": "frozen" });
    await expect(getImage(WEB, { lock: "web" })).rejects.toThrow("absent.json");
    expect((await getImage(WEB, { lock: "web", lockFile })).id).toBe(A);
    pulumi.runtime.setAllConfig({ "ims:endpoint": refusingUrl, "ims:lockMode": "frozen" });
    process.env.IMS_LOCK_FILE = lockFile;
    try {
      expect((await getImage(WEB, { lock: "web" })).id).toBe(A);
    } finally {
      delete process.env.IMS_LOCK_FILE;
    }
    expect(connections).toBe(0);
  });

  it("should work through getImageOutput", async () => {
    const image = await resolved(
      getImageOutput({ platform: pulumi.output("Ubuntu"), imageType: "gold", osBit: 64 }, { lock: "web" }),
    );
    expect(image.id).toBe(A);
    expect(connections).toBe(0);
  });

  it("should choose the connection's region, and need one when the entry has several", async () => {
    expect(await ims("lock", "add", "web", ...WEB_FLAGS, "--region", "eu-nl", "--lock-file", lockFile)).toBe(0);
    const error = await getImage(WEB, { lock: "web" }).catch((e: unknown) => e);
    expect(ImsLockError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("has images for eu-de, eu-nl, and no region is set");
    config({ "ims:region": "eu-nl" });
    expect((await getImage(WEB, { lock: "web" })).id).toBe(B);
    expect((await getImage(WEB, { lock: "web", connection: { region: "eu-de" } })).id).toBe(A);
    expect(connections).toBe(0);
  });

  it("should fail when the filters differ from the entry's, with the command that locks the new ones", async () => {
    const error = await getImage({ ...WEB, osVersion: "Ubuntu 24.04 server 64bit" }, { lock: "one" }).catch(
      (e: unknown) => e,
    );
    expect(ImsLockMismatchError.isInstance(error)).toBe(true);
    const mismatch = error as ImsLockMismatchError;
    expect(mismatch).toMatchObject({
      entry: "one",
      lockedFilters: '{"imageType":"gold","platform":"Ubuntu"}',
      givenFilters: '{"imageType":"gold","osBit":64,"osVersion":"Ubuntu 24.04 server 64bit","platform":"Ubuntu"}',
    });
    expect(mismatch.message).toContain(mismatch.command);
    expect(connections).toBe(0);

    // The command, run as the shell reads it, locks exactly these filters.
    server.catalog.push(
      makeImage({
        id: "cccccccc-0000-4000-8000-000000000024",
        created_at: "2025-02-01T00:00:00Z",
        __os_version: "Ubuntu 24.04 server 64bit",
      }),
    );
    const words = [...mismatch.command.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
    expect(words.slice(0, 2)).toEqual(["ims-image", "lock"]);
    expect(await ims(...words.slice(1), "--region", "eu-de", "--lock-file", lockFile)).toBe(0);
    expect((await getImage({ ...WEB, osVersion: "Ubuntu 24.04 server 64bit" }, { lock: "one" })).id).toBe(
      "cccccccc-0000-4000-8000-000000000024",
    );
  });

  it("should look up live, with a warning that names the command, when the entry is missing", async () => {
    const warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue();
    try {
      const image = await getImage(WEB, { lock: "api", connection: { endpoint: server.url } });
      expect(image.id).toBe(B);
      expect(server.imageRequests.length).toBeGreaterThan(0);
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /has no entry "api": looked up live\. Lock it with `ims-image lock add api --image-type gold --os-bit 64 --platform Ubuntu --lock-file \S+` and commit/,
        ),
      );
    } finally {
      warn.mockRestore();
    }
  });

  it.each([
    ["ims:lockMode", () => config({ "ims:lockMode": "frozen" })],
    ["IMS_LOCK_MODE", () => (process.env.IMS_LOCK_MODE = "frozen")],
  ])("should fail with no request for a missing entry or region when %s is frozen", async (_, freeze) => {
    freeze();
    try {
      for (const [lock, region, args] of [
        ["api", "eu-de", WEB],
        ["one", "eu-nl", { platform: "Ubuntu", imageType: "gold" as const }],
      ] as const) {
        const error = await getImage(args, { lock, connection: { endpoint: server.url, region } }).catch(
          (e: unknown) => e,
        );
        expect(ImsLockError.isInstance(error)).toBe(true);
        expect((error as Error).message).toContain("the lock mode is frozen");
      }
      expect(server.imageRequests).toHaveLength(0);
    } finally {
      delete process.env.IMS_LOCK_MODE;
    }
  });

  it("should refuse an unknown lock mode and bad arguments before reading the lock", async () => {
    config({ "ims:lockMode": "strict" });
    await expect(getImage(WEB, { lock: "web" })).rejects.toThrow(
      /ims:lockMode: must be one of live, frozen \(given "strict"\)/,
    );
    config({ "ims:lockFile": join(dir, "absent.json") });
    await expect(getImage({ platform: "Ubuntu" }, { lock: "web" })).rejects.toThrow(/anyOwner/);
  });
});

describe("ImageSelection with a lock", () => {
  it("should pass the locked image to the provider, which records it with no request", async () => {
    registered.length = 0;
    const selection = new ImageSelection("boot", { ...WEB, followLatest: true, maxAgeDays: 30 }, { lock: "web" });
    await resolved(selection.urn);
    const inputs = registered.at(-1)!;
    expect(inputs.lockedImage).toEqual({
      entry: "web",
      id: A,
      name: "Ubuntu 22.04 server 64bit",
      createdAt: "2024-01-01T00:00:00Z",
      platform: "Ubuntu",
      minDisk: 40,
      minRam: 1024,
    });

    // The provider, against the refusing endpoint, with no credentials.
    const checked = await runtime.check({}, inputs);
    expect(checked.failures).toBeUndefined();
    expect(checked.inputs!.imageId).toBe(A);
    const created = await runtime.create(checked.inputs!);
    expect(created.outs).toMatchObject({
      imageId: A,
      imageName: "Ubuntu 22.04 server 64bit",
      driftDetected: false,
      latestImageId: null,
    });
    const read = await runtime.read(created.id, created.outs);
    expect(read.props).toEqual(created.outs);
    expect(connections).toBe(0);
  });

  it("should record a live choice, with a warning, when the lock lacks the entry", async () => {
    const warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue();
    try {
      registered.length = 0;
      const selection = new ImageSelection("api", WEB, { lock: "api" });
      await resolved(selection.urn);
      expect(registered.at(-1)!.lockedImage).toBeNull();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('no entry "api"'));
    } finally {
      warn.mockRestore();
    }
  });
});
