/**
 * ImageSelection end to end: Pulumi's dynamic-provider host, driven over gRPC in
 * the call orders the engine uses for preview, up, refresh and followLatest, against
 * the local IMS server. Each command runs in a fresh host process, as with the CLI.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeImage } from "../../provider/localServer/catalog";
import { LocalImsServer } from "../../provider/localServer/server";
import { unknownValue as UNKNOWN } from "@pulumi/pulumi/runtime/rpc";
import { consumerProject, DynamicHost, serializedProvider, stackExport, type Props } from "../helpers/dynamicHost";

const TOKEN = "host-test-token-5f4dcc3b";
const ubuntu = (n: number, year: number) =>
  makeImage({
    id: `eeeeeeee-0000-4000-8000-00000000000${n}`,
    created_at: `${year}-01-01T00:00:00Z`,
    name: `Ubuntu 22.04 server 64bit (${year}0101)`,
    __platform: "Ubuntu",
  });
const A = ubuntu(1, 2024);
const B = ubuntu(2, 2025);
const C = ubuntu(3, 2026);
const idOf = (i: typeof A) => i.json.id as string;

let server: LocalImsServer;
let consumer: string;
let providerText: string;
let config: Record<string, string>;
const transcript: unknown[] = [];

const CENTOS = makeImage({
  id: "eeeeeeee-0000-4000-8000-000000000009",
  created_at: "2026-06-01T00:00:00Z",
  name: "CentOS 7.9 64bit",
  __platform: "CentOS",
});

beforeAll(async () => {
  server = await LocalImsServer.start({ catalog: [A, CENTOS], auth: { tokens: [TOKEN] } });
  consumer = consumerProject();
  providerText = (await serializedProvider()).text;
  config = { "ims:endpoint": server.url, "ims:token": TOKEN };
});
afterAll(async () => {
  await server.close();
  rmSync(consumer, { recursive: true, force: true });
});

/** One Pulumi command: a new host process, Configure, then the calls. */
async function command<T>(
  run: (host: DynamicHost) => Promise<T>,
  env: Record<string, string> = {},
  cfg = config,
): Promise<T> {
  const host = await DynamicHost.start(consumer, {
    PULUMI_NODEJS_PROJECT: "drift",
    PULUMI_NODEJS_STACK: "dev",
    ...env,
  });
  try {
    await host.configure(cfg);
    const result = await run(host);
    transcript.push(result);
    return result;
  } catch (e) {
    throw new Error(`${(e as Error).message}\nhost stderr: ${host.stderr.join("")}`, { cause: e });
  } finally {
    transcript.push(host.stderr.join(""));
    await host.stop();
  }
}

/** The built ims-image, with the connection in the environment and `input` on stdin. */
function cli(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [join(__dirname, "../../dist/provider/cli/main.js"), ...args],
      { env: { PATH: process.env.PATH ?? "", IMS_ENDPOINT: server.url, IMS_TOKEN: TOKEN } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
    child.stdin!.end(input ?? "");
  });
}

interface State {
  id: string;
  inputs: Props;
  outputs: Props;
}

const program = (extra: Props = {}): Props => ({
  platform: "Ubuntu",
  nameRegex: "^Ubuntu 22\\.04",
  imageType: "gold",
  ...extra,
  __provider: providerText,
});

async function up(state: State | undefined, news: Props): Promise<{ state: State; diff?: string }> {
  return command(async (host) => {
    const checked = await host.check(state?.inputs ?? {}, news);
    expect(checked.failures).toEqual([]);
    if (!state) {
      const created = await host.create(checked.inputs);
      return { state: { id: created.id, inputs: checked.inputs, outputs: created.props } };
    }
    const diff = await host.diff(state.id, state.outputs, checked.inputs);
    expect(diff.replaces).toEqual([]);
    if (diff.changes !== "some") return { state, diff: diff.changes };
    const outputs = await host.update(state.id, state.outputs, checked.inputs);
    return { state: { id: state.id, inputs: checked.inputs, outputs }, diff: diff.changes };
  });
}

async function preview(state: State, news: Props): Promise<{ diff: string; checked: Props }> {
  return command(async (host) => {
    const checked = await host.check(state.inputs, news);
    return { diff: (await host.diff(state.id, state.outputs, checked.inputs)).changes, checked: checked.inputs };
  });
}

/** `pulumi refresh`: Read, then Diff(candidate, pre-refresh inputs); the shown diff is inverted. */
async function refresh(state: State): Promise<{ diff: string; candidate: State }> {
  return command(async (host) => {
    const read = await host.read(state.id, state.outputs, state.inputs);
    const diff = await host.diff(state.id, read.props, state.inputs);
    return { diff: diff.changes, candidate: { id: read.id, inputs: read.inputs ?? state.inputs, outputs: read.props } };
  });
}

describe("ImageSelection through the dynamic-provider host", () => {
  // Each test starts from the same catalog and records its own state, so it passes alone.
  beforeEach(() => {
    server.catalog.splice(0, server.catalog.length, A, CENTOS);
    server.resetRequests();
  });
  const recorded = async (extra: Props = {}) => (await up(undefined, program(extra))).state;

  it("preview of a new resource should resolve the image in Check only", async () => {
    const checked = await command((host) => host.check({}, program()));
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toMatchObject({ platform: "Ubuntu", nameRegex: "^Ubuntu 22\\.04", imageId: idOf(A) });
    expect(server.imageRequests).toHaveLength(1);
  });

  it("up should create a record with a stable UUID and the image's details", async () => {
    const state = await recorded();
    expect(state.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(state.outputs).toMatchObject({
      imageId: idOf(A),
      imageName: "Ubuntu 22.04 server 64bit (20240101)",
      imageCreatedAt: "2024-01-01T00:00:00Z",
      imagePlatform: "Ubuntu",
      latestImageId: idOf(A),
      driftDetected: false,
      previousImageId: null,
      platform: "Ubuntu",
      nameRegex: "^Ubuntu 22\\.04",
    });
    expect(state.outputs.__provider).toBe(providerText);
  });

  it("up again with nothing new should show no changes", async () => {
    expect((await up(await recorded(), program())).diff).toBe("none");
  });

  it("pinned: a newer image should not change preview", async () => {
    const state = await recorded();
    server.catalog.push(B);
    const p = await preview(state, program());
    expect(p.diff).toBe("none");
    expect(p.checked.imageId).toBe(idOf(A));
  });

  it("pinned: refresh should show drift to the newer image", async () => {
    const state = await recorded();
    server.catalog.push(B);
    const r = await refresh(state);
    expect(r.diff).toBe("some");
    expect(r.candidate.id).toBe(state.id);
    expect(r.candidate.outputs).toMatchObject({
      imageId: idOf(B),
      latestImageId: idOf(B),
      driftDetected: true,
      previousImageId: idOf(A),
    });
    expect(r.candidate.inputs.imageId).toBe(idOf(B));
  });

  it("after an accepted refresh, up should be clean", async () => {
    const before = await recorded();
    server.catalog.push(B);
    const state = (await refresh(before)).candidate; // accepted
    expect((await up(state, program())).diff).toBe("none");
    expect((await refresh(state)).diff).toBe("none");
  });

  it("refresh should show drift when the recorded image was deleted", async () => {
    server.catalog.push(B);
    const pinnedToB = await recorded();
    server.catalog.splice(server.catalog.indexOf(B), 1);
    const r = await refresh(pinnedToB);
    expect(r.diff).toBe("some");
    expect(r.candidate.outputs).toMatchObject({ imageId: idOf(A), driftDetected: true, previousImageId: idOf(B) });
  });

  it("should say why it drifted: a newer image, a deleted one, one that no longer matches", async () => {
    const state = await recorded();
    expect(state.outputs).toMatchObject({ driftDetected: false, driftReason: null });
    server.catalog.push(B);
    expect((await refresh(state)).candidate.outputs).toMatchObject({ imageId: idOf(B), driftReason: "newerImage" });
    server.catalog.splice(0, server.catalog.length, B, CENTOS);
    expect((await refresh(state)).candidate.outputs).toMatchObject({ imageId: idOf(B), driftReason: "imageDeleted" });
    // A renamed so that nameRegex no longer matches it; B is older than A, so only the filters explain it.
    const renamedA = { ...A, json: { ...A.json, name: "Ubuntu 24.04 server 64bit" } };
    const olderB = { ...B, json: { ...B.json, created_at: "2023-01-01T00:00:00Z" } };
    server.catalog.splice(0, server.catalog.length, renamedA, olderB, CENTOS);
    expect((await refresh(state)).candidate.outputs).toMatchObject({
      imageId: idOf(B),
      previousImageId: idOf(A),
      driftReason: "noLongerMatches",
    });
  });

  it("policy: denyImageIds is skipped by the lookup and is drift when recorded; maxAgeDays flags an old image", async () => {
    server.catalog.push(B);
    const skipping = await recorded({ denyImageIds: [idOf(B)] });
    expect(skipping.outputs).toMatchObject({
      imageId: idOf(A),
      latestImageId: idOf(A),
      driftReason: null,
      denyImageIds: [idOf(B)],
    });
    const onB = await recorded();
    const denied = await refresh({
      ...onB,
      inputs: { ...onB.inputs, denyImageIds: [idOf(B)] },
      outputs: { ...onB.outputs, denyImageIds: [idOf(B)] },
    });
    expect(denied.candidate.outputs).toMatchObject({
      imageId: idOf(A),
      previousImageId: idOf(B),
      driftReason: "denied",
    });
    const old = await recorded({ maxAgeDays: 30 });
    expect(old.outputs).toMatchObject({ imageId: idOf(B), driftDetected: true, driftReason: "tooOld", maxAgeDays: 30 });
    const bad = await command((host) => host.check({}, program({ maxAgeDays: -1, denyImageIds: "x" })));
    expect(bad.failures.map((f: { property: string }) => f.property)).toEqual(["maxAgeDays", "denyImageIds"]);
  });

  it("ims-image drift should report every selection of a stack export, with reasons, exit 2 on drift and 0 without", async () => {
    const fresh = await recorded();
    const old = await recorded({ maxAgeDays: 30 });
    const dir = mkdtempSync(join(tmpdir(), "ims-export-"));
    try {
      const file = join(dir, "stack.json");
      writeFileSync(
        file,
        JSON.stringify(
          stackExport([
            { name: "fresh", ...fresh },
            { name: "old", ...old },
          ]),
        ),
      );
      const none = await cli(["drift", file, "--format", "json"]);
      expect(none.code).toBe(2);
      expect(JSON.parse(none.stdout).map((r: Props) => [r.resource, r.reason])).toEqual([
        ["fresh", "none"],
        ["old", "tooOld"],
      ]);
      server.catalog.push(B);
      const stdin = await cli(
        ["drift", "--format", "markdown"],
        JSON.stringify(stackExport([{ name: "fresh", ...fresh }])),
      );
      expect(stdin.code).toBe(2);
      expect(stdin.stdout).toBe(
        `| resource | reason | recorded | latest | detail |\n| --- | --- | --- | --- | --- |\n| fresh | newerImage | ${idOf(A)} | ${idOf(B)} | a newer image matches the filters |\n`,
      );
      expect(stdin.stderr).toBe("1 ImageSelection(s): 1 drifted, 0 could not be checked\n");
      server.catalog.splice(server.catalog.indexOf(B), 1);
      const columns = await cli(["drift", file, "--columns", "resource,reason", "--format", "value"]);
      expect({ code: columns.code, stdout: columns.stdout }).toEqual({ code: 2, stdout: "fresh none\nold tooOld\n" });
      const onlyFresh = join(dir, "fresh.json");
      writeFileSync(onlyFresh, JSON.stringify(stackExport([{ name: "fresh", ...fresh }])));
      const ok = await cli(["drift", onlyFresh, "--format", "value"]);
      expect({ code: ok.code, stdout: ok.stdout }).toEqual({ code: 0, stdout: "fresh none\n" });
      const broken = await cli(["drift", join(dir, "missing.json")]);
      expect(broken.code).toBe(1);

      // examples/drift-check/pipeline.sh, with a stand-in `pulumi` that prints the export.
      const bin = join(dir, "bin");
      mkdirSync(bin);
      writeFileSync(join(bin, "pulumi"), `#!/bin/sh\ncat ${file}\n`, { mode: 0o755 });
      const pipeline = await new Promise<{ code: number; stdout: string }>((resolve) =>
        execFile(
          "bash",
          [join(__dirname, "../../examples/drift-check/pipeline.sh")],
          {
            cwd: dir,
            env: {
              PATH: `${bin}:${process.env.PATH ?? ""}`,
              STACK: "dev",
              IMS_ENDPOINT: server.url,
              IMS_TOKEN: TOKEN,
              IMS_IMAGE: `${process.execPath} ${join(__dirname, "../../dist/provider/cli/main.js")}`,
            },
          },
          (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
        ),
      );
      expect(pipeline.code).toBe(2);
      expect(readFileSync(join(dir, "drift.md"), "utf8")).toMatch(
        /^\| resource \| reason \|[\s\S]*\| old \| tooOld \|/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("followLatest: a newer image should show as an update in preview and be taken at up", async () => {
    const following = (await up(await recorded(), program({ followLatest: true }))).state;
    server.catalog.push(B, C);
    const p = await preview(following, program({ followLatest: true }));
    expect(p.diff).toBe("some");
    expect(p.checked.imageId).toBe(idOf(C));
    const taken = await up(following, program({ followLatest: true }));
    expect(taken.diff).toBe("some");
    expect(taken.state.outputs).toMatchObject({ imageId: idOf(C), followLatest: true, driftDetected: false });
  });

  it("changing the filters should update, never replace", async () => {
    const state = await recorded();
    const changed = await up(state, { platform: "CentOS", imageType: "gold", __provider: providerText });
    expect(changed.diff).toBe("some");
    expect(changed.state.outputs).toMatchObject({ imageName: "CentOS 7.9 64bit", platform: "CentOS" });
    expect(changed.state.outputs.nameRegex).toBeUndefined();
    expect(changed.state.id).toBe(state.id);
  });

  it("preview with an unknown input should not look anything up", async () => {
    const state = await recorded();
    server.resetRequests();
    const news = program({ platform: UNKNOWN });
    const result = await command(async (host) => {
      const checked = await host.check(state.inputs, news);
      return { checked, diff: await host.diff(state.id, state.outputs, checked.inputs) };
    });
    expect(result.checked.failures).toEqual([]);
    expect(result.checked.inputs.platform).toBe(UNKNOWN);
    expect(result.diff.changes).toBe("some");
    expect(server.imageRequests).toHaveLength(0);
  });

  it("check should report bad filters and no match as failures", async () => {
    const bad = await command((host) => host.check({}, program({ imageType: "golden", followLatest: "yes" })));
    expect(bad.failures).toEqual([
      { property: "imageType", reason: 'must be one of gold, private, shared, market (given "golden")' },
      { property: "followLatest", reason: 'must be true or false (given "yes")' },
    ]);
    const none = await command((host) => host.check({}, program({ platform: "Plan9" })));
    expect(none.failures[0]!.reason).toMatch(/^no image matches \(sent to IMS: imageType="gold", platform="Plan9"/);
  });

  it("delete should be a no-op", async () => {
    const state = await recorded();
    server.resetRequests();
    await command((host) => host.delete(state.id, state.outputs));
    expect(server.requests).toHaveLength(0);
  });

  it("should read credentials from the environment when config has none", async () => {
    const checked = await command(
      (host) => host.check({}, program()),
      { IMS_ENDPOINT: server.url, IMS_TOKEN: TOKEN },
      {},
    );
    expect(checked.inputs.imageId).toBe(idOf(A));
  });

  it("should never put the token into the provider text, inputs, outputs or logs", async () => {
    await refresh(await recorded());
    const serialized = await serializedProvider();
    expect(serialized.containsSecrets).toBe(false);
    expect(serialized.text).not.toMatch(/\/tmp\/|\/home\/|\/work\/|__config/);
    // The one module path a stack's state depends on.
    const required = new Set([...serialized.text.matchAll(/require\(([^)]*)\)/g)].map((m) => m[1]));
    expect([...required]).toEqual(['"pulumi-ims/runtime"']);
    expect(transcript.length).toBeGreaterThanOrEqual(4);
    for (const text of [serialized.text, JSON.stringify(transcript)]) expect(text).not.toContain(TOKEN);
  });

  it("should still load the runtime by the path 0.1.0 wrote into states", () => {
    const from = { paths: [consumer] };
    expect(require.resolve("pulumi-ims/dist/provider/imageSelection/runtime", from)).toBe(
      require.resolve("pulumi-ims/runtime", from),
    );
  });
});
