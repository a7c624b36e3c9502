#!/usr/bin/env node
/**
 * ims-image: resolve, list, show and check IMS images from a shell or a pipeline.
 * Flags mirror the getImage arguments; connection settings come from flags, then
 * the environment (IMS_ENDPOINT, HW_*, OS_*, OS_CLOUD). Secrets are read from the
 * environment only, never from flags, so they stay out of shell history and `ps`.
 * Exit codes: 0 ok, 1 error, 2 (check) a newer image than --expect exists.
 */
import { parseArgs } from "node:util";
import { ImsConfigError, ImsError, ImsNoMatchError, ImsNotFoundError } from "../core/errors";
import { closeAllPools } from "../transport/http";
import { lookupImage, lookupImages, showImage, type ConnectionSources } from "../lookup/lookups";
import type { ImageResult } from "../lookup/imageResult";
import { formatTable } from "../core/formatTable";
import { connectionArgs, filterArgs, toBool, toInt, usageError, withFlags, type Values } from "./flags";
import { COMMANDS, commandHelp, topHelp } from "./help";
import { progressLine } from "./progress";
import { describeImage, summaryRow } from "./render";
import type { ProgressListener } from "../lookup/find";

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Raw writes to a terminal's stderr, for the progress line; absent when stderr is not a terminal. */
  progress?(text: string): void;
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
    const progress = progressLine({ enabled: io.progress !== undefined && values.quiet !== true, write: (t) => io.progress?.(t) });
    try {
      return await run(command, values, parsed.positionals, from, json, progress.onProgress, io);
    } finally {
      progress.done();
    }
  } catch (e) {
    if (!ImsError.isInstance(e)) throw e;
    io.err(`ims-image ${command}: ${e.message}`);
    return 1;
  }
}

/** --any-owner: a newest-match lookup that accepts any publisher. */
const anyOwnerOf = (values: Values) => (values["any-owner"] === true ? { anyOwner: true } : {});

/** One lookup command, once its flags are read. */
async function run(command: string, values: Values, positionals: string[], from: ConnectionSources, json: boolean, onProgress: ProgressListener, io: Io): Promise<number> {
  switch (command) {
    case "resolve": {
      const image = await withFlags(lookupImage({ ...filterArgs(values), ...anyOwnerOf(values), mostRecent: toBool("most-recent", values["most-recent"] as string | undefined) }, from, onProgress));
      io.out(json ? JSON.stringify(image, null, 2) : describeImage(image));
      return 0;
    }
    case "list": {
      const images = await withFlags(
        lookupImages({ ...filterArgs(values), sortKey: values["sort-key"], sortDir: values["sort-dir"], limit: toInt("limit", values.limit as string | undefined) }, from, onProgress),
      );
      io.out(json ? JSON.stringify(images, null, 2) : `${formatTable(["id", "name", "created", "platform", "type"], images.map(summaryRow))}\n${images.length} image(s)`);
      return 0;
    }
    case "show": {
      const id = positionals[0];
      if (!id || positionals.length > 1) throw usageError("IMAGE_ID", "give exactly one image id: ims-image show IMAGE_ID");
      const image = await showImage(id, from);
      io.out(json ? JSON.stringify(image, null, 2) : describeImage(image));
      return 0;
    }
    case "check":
      return await check(from, values, json, onProgress, io);
    default:
      throw new Error(`unknown command ${command}`);
  }
}

/** Exit 0 when the newest match is the expected image, 2 when it is not (newer, deleted, or no longer matching). */
async function check(from: ConnectionSources, values: Values, json: boolean, onProgress: ProgressListener, io: Io): Promise<number> {
  const expected = values.expect as string | undefined;
  if (!expected) throw usageError("--expect", "is required: the image id the stack uses now");
  const filters = filterArgs(values);
  const latest = await withFlags(lookupImage({ ...filters, ...anyOwnerOf(values) }, from, onProgress));
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
  // An older expected image may still match the filters, or no longer match them at all.
  const expectedMatches = current !== undefined && (await stillMatches(filters, expected, from));
  const why = !current
    ? `the expected image ${expected} no longer exists; the newest match is:`
    : expectedMatches
      ? "a newer image matches the filters:"
      : `the expected image ${expected} no longer matches the filters; the newest match is:`;
  if (json) {
    io.out(JSON.stringify({ upToDate: false, expected, expectedMatches, current: current ?? null, latest }, null, 2));
  } else {
    io.out(
      [
        why,
        current ? `- expected  ${current.id}  ${current.name}  created ${current.createdAt}` : `- expected  ${expected}  (deleted or not visible)`,
        `+ latest    ${latest.id}  ${latest.name}  created ${latest.createdAt}`,
      ].join("\n"),
    );
  }
  return 2;
}

/** Whether the image `id` passes the filters: the same lookup, narrowed to that id. */
async function stillMatches(filters: Record<string, unknown>, id: string, from: ConnectionSources): Promise<boolean> {
  try {
    await lookupImage({ ...filters, id }, from);
    return true;
  } catch (e) {
    if (ImsNoMatchError.isInstance(e)) return false;
    throw e;
  }
}

/** Runs the local IMS server until SIGINT/SIGTERM (or `stop` resolves, in tests). */
async function serve(values: Values, io: Io, stop: Promise<unknown> = signalled()): Promise<number> {
  const token = values.token as string | undefined;
  // The local server is loaded only by `serve`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LocalImsServer } = require("../localServer/server") as typeof import("../localServer/server");
  const port = toInt("port", values.port as string | undefined) ?? 0;
  const server = await LocalImsServer.start({
    port,
    latencyMs: toInt("latency-ms", values["latency-ms"] as string | undefined) ?? 0,
    catalog: { count: toInt("count", values.count as string | undefined) ?? 2000, seed: toInt("seed", values.seed as string | undefined) },
    auth: token ? { tokens: [token] } : undefined,
  }).catch((e: unknown) => {
    if ((e as { code?: unknown }).code === "EADDRINUSE") throw new ImsConfigError(`port ${port} on 127.0.0.1 is already in use. What to do: choose another --port, or 0 for any free port`);
    throw e;
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
  const io: Io = {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    progress: process.stderr.isTTY ? (t) => process.stderr.write(t) : undefined,
  };
  main(process.argv.slice(2), io)
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
