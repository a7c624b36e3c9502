/**
 * Drives @pulumi/pulumi's own dynamic-provider host over gRPC, as the Pulumi engine
 * does: a process started from a consumer project directory, Configure first, then
 * Check/Diff/Create/Read/Update/Delete with Struct properties. The Pulumi CLI cannot
 * be installed here, so this is the end-to-end check of the provider.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const providerPb = require("@pulumi/pulumi/proto/provider_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const providerGrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");

export type Props = Record<string, unknown>;
export type DiffKind = "none" | "some" | "unknown";

const REPO = resolve(__dirname, "../..");
export const URN = "urn:pulumi:dev::drift::pulumi-nodejs:dynamic/ims:ImageSelection::boot";

/** A directory standing in for a user's Pulumi project that installed pulumi-ims. */
export function consumerProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "ims-consumer-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(REPO, join(dir, "node_modules", "pulumi-ims"), "dir");
  return dir;
}

/** The text Pulumi stores as `__provider`: the provider object, serialized as the SDK does it. */
export async function serializedProvider(): Promise<{ text: string; containsSecrets: boolean }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { imageSelectionProvider } = require(join(REPO, "dist/sdk/imageSelection.js"));
  const sf = await serializeFunction(() => imageSelectionProvider, { allowSecrets: true });
  return { text: sf.text, containsSecrets: sf.containsSecrets };
}

function call<T>(client: any, method: string, request: unknown): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    client[method](request, (error: grpc.ServiceError | null, response: T) =>
      error ? reject(error) : resolvePromise(response),
    );
  });
}

/** Sets the fields Check, Diff and Update requests share. */
function withOldsNews<T extends { setUrn(u: string): void; setOlds(s: Struct): void; setNews(s: Struct): void }>(
  req: T,
  olds: Props,
  news: Props,
): T {
  req.setUrn(URN);
  req.setOlds(Struct.fromJavaScript(olds as never));
  req.setNews(Struct.fromJavaScript(news as never));
  return req;
}

const DIFF_KINDS: Record<number, DiffKind> = { 0: "unknown", 1: "none", 2: "some" };

export class DynamicHost {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: any,
    readonly stderr: string[],
  ) {}

  static async start(cwd: string, env: Record<string, string>): Promise<DynamicHost> {
    const entry = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
    // The engine address is required on the command line but never used by the host.
    const child = spawn(process.execPath, [entry, "127.0.0.1:1"], {
      cwd,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stderr: string[] = [];
    child.stderr.on("data", (d: Buffer) => stderr.push(d.toString()));
    const port = await new Promise<number>((resolvePort, reject) => {
      let buffered = "";
      child.stdout.on("data", (d: Buffer) => {
        buffered += d.toString();
        const line = buffered.split("\n")[0]!;
        if (buffered.includes("\n") && /^\d+$/.test(line.trim())) resolvePort(Number(line.trim()));
      });
      child.once("exit", (code) => reject(new Error(`dynamic provider host exited with ${code}: ${stderr.join("")}`)));
    });
    const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new DynamicHost(child, client, stderr);
  }

  async configure(config: Record<string, string>): Promise<void> {
    const req = new providerPb.ConfigureRequest();
    req.setArgs(Struct.fromJavaScript(config));
    await call(this.client, "configure", req);
  }

  async check(
    olds: Props,
    news: Props,
  ): Promise<{ inputs: Props; failures: Array<{ property: string; reason: string }> }> {
    const res: any = await call(this.client, "check", withOldsNews(new providerPb.CheckRequest(), olds, news));
    return {
      inputs: res.getInputs().toJavaScript(),
      failures: res.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(id: string, olds: Props, news: Props): Promise<{ changes: DiffKind; replaces: string[] }> {
    const req = withOldsNews(new providerPb.DiffRequest(), olds, news);
    req.setId(id);
    const res: any = await call(this.client, "diff", req);
    return { changes: DIFF_KINDS[res.getChanges()]!, replaces: res.getReplacesList() };
  }

  async create(props: Props): Promise<{ id: string; props: Props }> {
    const req = new providerPb.CreateRequest();
    req.setUrn(URN);
    req.setProperties(Struct.fromJavaScript(props as never));
    const res: any = await call(this.client, "create", req);
    return { id: res.getId(), props: res.getProperties().toJavaScript() };
  }

  async read(id: string, props: Props, inputs: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
    const req = new providerPb.ReadRequest();
    req.setId(id);
    req.setUrn(URN);
    req.setProperties(Struct.fromJavaScript(props as never));
    req.setInputs(Struct.fromJavaScript(inputs as never));
    const res: any = await call(this.client, "read", req);
    return {
      id: res.getId(),
      props: res.getProperties()?.toJavaScript() ?? {},
      inputs: res.getInputs()?.toJavaScript(),
    };
  }

  async update(id: string, olds: Props, news: Props): Promise<Props> {
    const req = withOldsNews(new providerPb.UpdateRequest(), olds, news);
    req.setId(id);
    const res: any = await call(this.client, "update", req);
    return res.getProperties().toJavaScript();
  }

  async delete(id: string, props: Props): Promise<void> {
    const req = new providerPb.DeleteRequest();
    req.setId(id);
    req.setUrn(URN);
    req.setProperties(Struct.fromJavaScript(props as never));
    await call(this.client, "delete", req);
  }

  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.kill("SIGTERM");
    await exited;
  }
}

/**
 * A `pulumi stack export` document (version 3) holding the given ImageSelection states, as the
 * engine writes them: the resource's URN, type, id, inputs and outputs.
 */
export function stackExport(
  states: ReadonlyArray<{ name: string; id: string; inputs: Props; outputs: Props }>,
): unknown {
  return {
    version: 3,
    deployment: {
      manifest: { time: "2026-12-02T00:00:00Z", magic: "", version: "v3.200.0" },
      resources: [
        { urn: "urn:pulumi:dev::drift::pulumi:pulumi:Stack::drift-dev", custom: false, type: "pulumi:pulumi:Stack" },
        ...states.map((s) => ({
          urn: `urn:pulumi:dev::drift::pulumi-nodejs:dynamic/ims:ImageSelection::${s.name}`,
          custom: true,
          id: s.id,
          type: "pulumi-nodejs:dynamic/ims:ImageSelection",
          inputs: s.inputs,
          outputs: s.outputs,
          parent: "urn:pulumi:dev::drift::pulumi:pulumi:Stack::drift-dev",
        })),
      ],
    },
  };
}
