#!/usr/bin/env node
/**
 * ims-image: resolve, list, show and check IMS images from a shell or a pipeline.
 * Flags mirror the getImage arguments; connection settings come from flags, then
 * the environment (IMS_ENDPOINT, HW_*, OS_*, OS_CLOUD). Secrets are read from the
 * environment only, never from flags, so they stay out of shell history and `ps`.
 * Exit codes: 0 ok, 1 error, 2 (check) a newer image than --expect exists.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ImsError, ImsNotFoundError, ImsValidationError } from "../core/errors";
import { closeAllPools } from "../transport/http";
import { lookupImage, lookupImages, showImage, type ConnectionSources } from "../lookup/lookups";
import type { ImageResult } from "../lookup/imageResult";
import type { ConnectionOptions } from "../core/connectionOptions";
import { formatTable } from "../core/formatTable";
import { CliFlagError, FILTER_NAMES, FILTERS, type FilterName, type FilterSpec } from "../core/filters";
import { LocalImsServer } from "../localServer/server";

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Every filter of the filter table that has a flag. */
const FILTER_FLAGS: Options = Object.fromEntries(
  FILTER_NAMES.flatMap((name) => {
    const cli = FILTERS[name].cli;
    return cli ? [[cli.flag, { type: "string", multiple: cli.repeatable === true }]] : [];
  }),
);

const CONNECTION_FLAGS: Options = {
  endpoint: { type: "string" },
  region: { type: "string" },
  cloud: { type: "string" },
  "project-id": { type: "string" },
  "project-name": { type: "string" },
  "auth-url": { type: "string" },
  "os-cloud": { type: "string" },
  "timeout-ms": { type: "string" },
};

const COMMON: Options = { json: { type: "boolean" }, help: { type: "boolean", short: "h" } };

const COMMANDS: Record<string, { options: Options; usage: string; summary: string }> = {
  resolve: {
    options: { ...FILTER_FLAGS, ...CONNECTION_FLAGS, ...COMMON, "most-recent": { type: "string" } },
    usage: "ims-image resolve [filters] [--most-recent false] [--json]",
    summary: "print the image getImage would choose (the newest match)",
  },
  list: {
    options: { ...FILTER_FLAGS, ...CONNECTION_FLAGS, ...COMMON, "sort-key": { type: "string" }, "sort-dir": { type: "string" }, limit: { type: "string" } },
    usage: "ims-image list [filters] [--sort-key created_at] [--sort-dir desc] [--limit N] [--json]",
    summary: "list every matching image",
  },
  show: {
    options: { ...CONNECTION_FLAGS, ...COMMON },
    usage: "ims-image show IMAGE_ID [--json]",
    summary: "show one image by id (GET /v2/images/{id})",
  },
  check: {
    options: { ...FILTER_FLAGS, ...CONNECTION_FLAGS, ...COMMON, expect: { type: "string" } },
    usage: "ims-image check --expect IMAGE_ID [filters] [--json]",
    summary: "exit 0 if the newest match is still IMAGE_ID, 2 if a newer image exists (for pipelines)",
  },
  serve: {
    options: { port: { type: "string" }, count: { type: "string" }, seed: { type: "string" }, token: { type: "string" }, "latency-ms": { type: "string" }, help: COMMON.help! },
    usage: "ims-image serve [--port 0] [--count 2000] [--seed N] [--token TOKEN] [--latency-ms 0]",
    summary: "run the local IMS server on 127.0.0.1 with a generated catalog, until interrupted (no cloud account needed)",
  },
};

const WHERE: Record<string, string> = { server: "", local: " (local)", split: " (partly local)" };

function filterHelp(): string {
  const lines = FILTER_NAMES.flatMap((name) => {
    const spec = FILTERS[name] as FilterSpec;
    if (!spec.cli) return [];
    const flag = `--${spec.cli.flag} ${spec.cli.metavar}${spec.cli.repeatable ? " ..." : ""}`;
    return [`  ${flag.padEnd(42)} ${spec.help}${WHERE[spec.native.kind]}`];
  });
  return `Filters (sent to IMS unless marked local; repeatable flags end in ...):\n${lines.join("\n")}`;
}

const CONNECTION_HELP = `Connection (flags, then environment):
  --endpoint URL (IMS_ENDPOINT)  --region eu-de (HW_REGION_NAME, OS_REGION_NAME)  --cloud huaweicloud|opentelekomcloud
  --project-id ID (HW_PROJECT_ID, OS_PROJECT_ID)  --project-name NAME (OS_PROJECT_NAME)  --auth-url URL (OS_AUTH_URL)
  --os-cloud NAME (OS_CLOUD, clouds.yaml)  --timeout-ms MS
  Credentials from the environment only: IMS_TOKEN / OS_AUTH_TOKEN, or HW_ACCESS_KEY + HW_SECRET_KEY,
  or OS_USERNAME + OS_PASSWORD (+ OS_USER_DOMAIN_NAME).`;

function topHelp(): string {
  return [
    "ims-image: pick IMS boot images (Huawei Cloud, Open Telekom Cloud) from a shell or pipeline\n",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`),
    "\nRun `ims-image COMMAND --help` for its flags. Exit codes: 0 ok, 1 error, 2 newer image (check).",
  ].join("\n");
}

function commandHelp(name: string): string {
  const c = COMMANDS[name]!;
  const parts = [`Usage: ${c.usage}\n\n${c.summary}\n`];
  if ("platform" in c.options) parts.push(filterHelp() + "\n");
  if ("endpoint" in c.options) parts.push(CONNECTION_HELP);
  else parts.push("Prints IMS_ENDPOINT=http://127.0.0.1:PORT; point IMS_ENDPOINT (and IMS_TOKEN, with --token) at it.");
  return parts.join("\n");
}

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const kebab = (prop: string) => prop.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function usageError(property: string, reason: string): ImsValidationError {
  return new ImsValidationError([{ property, reason }], "invalid command line");
}

function toBool(flag: string, v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === "true" || v === "false") return v === "true";
  throw usageError(`--${flag}`, `must be true or false (given ${JSON.stringify(v)})`);
}

function toInt(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw usageError(`--${flag}`, `must be a whole number (given ${JSON.stringify(v)})`);
  return Number(v);
}

type Values = Record<string, string | boolean | string[] | undefined>;

/** The filter arguments the flags give, each flag's text turned into its argument by the filter table. */
function filterArgs(v: Values): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const name of FILTER_NAMES) {
    const cli = FILTERS[name].cli;
    const given = cli ? v[cli.flag] : undefined;
    if (!cli || given === undefined || typeof given === "boolean") continue;
    try {
      args[name] = cli.parse(Array.isArray(given) ? given : [given]);
    } catch (e) {
      if (e instanceof CliFlagError) throw usageError(`--${e.flag}`, e.reason);
      throw e;
    }
  }
  return args;
}

function connectionArgs(v: Values): ConnectionOptions {
  const out: Record<string, unknown> = {};
  for (const flag of Object.keys(CONNECTION_FLAGS)) {
    const value = v[flag];
    if (value === undefined) continue;
    out[camel(flag)] = flag === "timeout-ms" ? toInt(flag, value as string) : value;
  }
  return out as ConnectionOptions;
}

/** Validation messages name flags, not argument names. */
function asFlags(e: ImsValidationError): ImsValidationError {
  const flagOf = (argument: string) => (argument in FILTERS ? FILTERS[argument as FilterName].cli?.flag : undefined) ?? kebab(argument);
  return new ImsValidationError(
    e.issues.map((i) => ({ property: i.property.startsWith("--") ? i.property : `--${flagOf(i.property.split(".")[0]!)}${i.property.includes(".") ? ` (${i.property})` : ""}`, reason: i.reason })),
    "invalid command line",
  );
}

function summaryRow(i: ImageResult): string[] {
  return [i.id, i.name, i.createdAt, i.platform ?? "", i.imageType ?? i.visibility];
}

function describe(i: ImageResult): string {
  const rows: Array<[string, string | number | undefined]> = [
    ["id", i.id], ["name", i.name], ["created", i.createdAt], ["updated", i.updatedAt], ["status", i.status],
    ["platform", i.platform], ["os version", i.osVersion], ["os type", i.osType], ["os bit", i.osBit], ["architecture", i.architecture],
    ["image type", i.imageType], ["visibility", i.visibility], ["owner", i.owner], ["min disk (GB)", i.minDisk], ["min ram (MB)", i.minRam],
    ["image size (bytes)", i.imageSize], ["disk format", i.diskFormat], ["firmware", i.hwFirmwareType], ["tags", i.tags.join(", ")],
    ["supports", Object.entries(i.supports).filter(([, v]) => v).map(([k, v]) => (v === true ? k : `${k}=${v}`)).join(", ")],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.filter(([, v]) => v !== undefined && v !== "").map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}

export async function main(argv: string[], io: Io, env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    io.out(topHelp());
    return command === undefined ? 1 : 0;
  }
  const spec = COMMANDS[command];
  if (!spec) {
    io.err(`unknown command ${JSON.stringify(command)}; commands: ${Object.keys(COMMANDS).join(", ")}`);
    return 1;
  }
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: spec.options, allowPositionals: command === "show", strict: true });
    } catch (e) {
      throw usageError(command, `${(e as Error).message}; see ims-image ${command} --help`);
    }
    const values = parsed.values as Values;
    if (values.help) {
      io.out(commandHelp(command));
      return 0;
    }
    if (command === "serve") return await serve(values, io);
    const from: ConnectionSources = { options: connectionArgs(values), env };
    const json = values.json === true;
    switch (command) {
      case "resolve": {
        const image = await withFlags(lookupImage({ ...filterArgs(values), mostRecent: toBool("most-recent", values["most-recent"] as string | undefined) }, from));
        io.out(json ? JSON.stringify(image, null, 2) : describe(image));
        return 0;
      }
      case "list": {
        const images = await withFlags(
          lookupImages({ ...filterArgs(values), sortKey: values["sort-key"], sortDir: values["sort-dir"], limit: toInt("limit", values.limit as string | undefined) }, from),
        );
        io.out(json ? JSON.stringify(images, null, 2) : `${formatTable(["id", "name", "created", "platform", "type"], images.map(summaryRow))}\n${images.length} image(s)`);
        return 0;
      }
      case "show": {
        const id = parsed.positionals[0];
        if (!id || parsed.positionals.length > 1) throw usageError("IMAGE_ID", "give exactly one image id: ims-image show IMAGE_ID");
        const image = await showImage(id, from);
        io.out(json ? JSON.stringify(image, null, 2) : describe(image));
        return 0;
      }
      case "check":
        return await check(from, values, json, io);
      default:
        throw new Error(`unknown command ${command}`);
    }
  } catch (e) {
    if (!ImsError.isInstance(e)) throw e;
    io.err(`ims-image ${command}: ${e.message}`);
    return 1;
  }
}

/** A lookup whose validation errors name the command-line flags. */
async function withFlags<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (e) {
    throw ImsValidationError.isInstance(e) ? asFlags(e) : e;
  }
}

async function check(from: ConnectionSources, values: Values, json: boolean, io: Io): Promise<number> {
  const expected = values.expect as string | undefined;
  if (!expected) throw usageError("--expect", "is required: the image id the stack uses now");
  const latest = await withFlags(lookupImage(filterArgs(values), from));
  if (latest.id === expected) {
    io.out(json ? JSON.stringify({ upToDate: true, expected, latest }, null, 2) : `up to date: ${latest.id} (${latest.name}, created ${latest.createdAt}) is the newest match`);
    return 0;
  }
  let current: ImageResult | undefined;
  try {
    current = await showImage(expected, from);
  } catch (e) {
    if (!ImsNotFoundError.isInstance(e)) throw e;
  }
  if (json) {
    io.out(JSON.stringify({ upToDate: false, expected, current: current ?? null, latest }, null, 2));
  } else {
    io.out(
      [
        current ? "a newer image matches the filters:" : `the expected image ${expected} no longer exists; the newest match is:`,
        current ? `- expected  ${current.id}  ${current.name}  created ${current.createdAt}` : `- expected  ${expected}  (deleted or not visible)`,
        `+ latest    ${latest.id}  ${latest.name}  created ${latest.createdAt}`,
      ].join("\n"),
    );
  }
  return 2;
}

/** Runs the local IMS server until SIGINT/SIGTERM (or `stop` resolves, in tests). */
async function serve(values: Values, io: Io, stop: Promise<unknown> = signalled()): Promise<number> {
  const token = values.token as string | undefined;
  const server = await LocalImsServer.start({
    port: toInt("port", values.port as string | undefined) ?? 0,
    latencyMs: toInt("latency-ms", values["latency-ms"] as string | undefined) ?? 0,
    catalog: { count: toInt("count", values.count as string | undefined) ?? 2000, seed: toInt("seed", values.seed as string | undefined) },
    auth: token ? { tokens: [token] } : undefined,
  });
  io.out(`IMS_ENDPOINT=${server.url}`);
  io.out(`local IMS server with ${server.catalog.length} images${token ? ", X-Auth-Token required" : ", no auth"}; Ctrl-C stops it`);
  await stop;
  await server.close();
  return 0;
}

function signalled(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve(signal));
  });
}

if (require.main === module) {
  main(process.argv.slice(2), { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) })
    .then(
      (code) => {
        process.exitCode = code;
      },
      (e: unknown) => {
        process.stderr.write(`ims-image: unexpected error: ${e instanceof Error ? e.stack : String(e)}\n`);
        process.exitCode = 1;
      },
    )
    .finally(() => closeAllPools());
}
