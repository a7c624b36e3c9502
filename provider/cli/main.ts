#!/usr/bin/env node
/**
 * ims-image: resolve, list, show, check, explain and drift-check IMS images from a shell or a pipeline.
 * Flags mirror the getImage arguments; connection settings come from flags, then
 * the environment (IMS_ENDPOINT, HW_*, OS_*, OS_CLOUD). Secrets are read from the
 * environment only, never from flags, so they stay out of shell history and `ps`.
 * Exit codes: 0 ok, 1 error, 2 (check, drift) something is out of date.
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ImsConfigError, ImsError } from "../core/errors";
import { PACKAGE_VERSION } from "../core/packageVersion";
import { closeAllPools } from "../transport/http";
import { lookupImage, lookupImages, showImage, type ConnectionSources } from "../lookup/lookups";
import type { ImageResult } from "../lookup/imageResult";
import { closestNames, editDistance } from "../core/select";
import { assessSelection, DRIFT_TEXT } from "../lookup/driftAssessment";
import { connectionArgs, filterArgs, toBool, toInt, usageError, withFlags, type Options, type Values } from "./flags";
import { outputChoice, renderRows, type OutputChoice, type Row } from "./output";
import { lineIo, type Io } from "./io";
import { driftReport } from "./driftReport";
import { distinctValues, explain } from "./explain";
import { COMMANDS, commandHelp, lockHelp, topHelp } from "./help";
import { lockCommand } from "./lock";
import { progressLine } from "./progress";
import { describeImage, IMAGE_COLUMNS, imageFields } from "./render";
import type { ProgressListener } from "../lookup/scan";

export type { Io } from "./io";

/** The closest of `candidates` to a mistyped `given`, when it is close enough to be meant. */
function didYouMean(given: string, candidates: readonly string[]): string {
  const [best] = closestNames(candidates, given, 1);
  return best !== undefined && editDistance(best, given) <= Math.max(2, Math.floor(given.length / 3))
    ? `; did you mean ${best}?`
    : "";
}

const VERSION_FLAGS = new Set(["--version", "-V", "-v"]);

/** Flags people try for a secret, and where ims-image reads it instead (never from a flag: shell history, `ps`). */
const SECRET_FLAGS: Record<string, string> = {
  "--token": "IMS_TOKEN (or HW_AUTH_TOKEN, OS_TOKEN); `ims-image serve --token T` prints the line to set it",
  "--password": "HW_USER_PASSWORD or OS_PASSWORD, with the user and the account's domain",
  "--secret-key": "HW_SECRET_KEY or OS_SECRET_KEY, with HW_ACCESS_KEY or OS_ACCESS_KEY",
  "--access-key": "HW_ACCESS_KEY and HW_SECRET_KEY (or OS_ACCESS_KEY and OS_SECRET_KEY)",
  "--sk": "HW_SECRET_KEY or OS_SECRET_KEY, with HW_ACCESS_KEY or OS_ACCESS_KEY",
  "--ak": "HW_ACCESS_KEY and HW_SECRET_KEY (or OS_ACCESS_KEY and OS_SECRET_KEY)",
};

/** node:util parseArgs's failures, said as ims-image says everything else. */
function parseArgsError(command: string, options: Options, args: readonly string[], e: Error) {
  const message = e.message;
  const unknown = /Unknown option '(--?[^'=]+)/.exec(message)?.[1];
  if (unknown !== undefined && unknown in SECRET_FLAGS && !(unknown.slice(2) in options))
    return usageError(
      unknown,
      `secrets are read from the environment only, never from a flag (shell history, ps): set ${SECRET_FLAGS[unknown]}`,
    );
  if (unknown !== undefined)
    return usageError(
      command,
      `${message}${didYouMean(
        unknown,
        Object.keys(options).map((f) => `--${f}`),
      )} See ims-image ${command} --help`,
    );
  // "Option '--max-age-days' argument is ambiguous": the value after the flag starts with a dash.
  const ambiguous = /Option '(--?[^']+)' argument is ambiguous/.exec(message)?.[1];
  if (ambiguous !== undefined) {
    const next = args[args.indexOf(ambiguous) + 1] ?? "";
    return usageError(
      ambiguous,
      `needs a value, and the next word ${JSON.stringify(next)} reads as a flag; a value that starts with "-" is written ${ambiguous}=${next}`,
    );
  }
  const missing = /Option '(--?[^']+?)(?: <value>)?' argument missing/.exec(message)?.[1];
  if (missing !== undefined) return usageError(missing, `needs a value. See ims-image ${command} --help`);
  return usageError(command, `${message.replace(/\s+/g, " ")} See ims-image ${command} --help`);
}

export async function main(
  argv: string[],
  io: Io,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const [first, ...afterFirst] = argv;
  // `lock add` and the other lock commands are two words.
  const grouped = first === "lock" && `lock ${afterFirst[0]}` in COMMANDS;
  const command = grouped ? `lock ${afterFirst[0]}` : first;
  const rest = grouped ? afterFirst.slice(1) : afterFirst;
  const helpOf = rest[0] === "lock" && rest[1] !== undefined ? `lock ${rest[1]}` : rest[0];
  if (command === "help" && helpOf !== undefined && helpOf in COMMANDS) {
    io.out(commandHelp(helpOf));
    return 0;
  }
  if (command === "lock" || (command === "help" && helpOf === "lock")) {
    const sub = rest[0];
    if (command === "help" || sub === undefined || sub === "--help" || sub === "-h") {
      io.out(lockHelp());
      return 0;
    }
    const subs = Object.keys(COMMANDS)
      .filter((c) => c.startsWith("lock "))
      .map((c) => c.slice(5));
    io.err(
      `ims-image lock: unknown command ${JSON.stringify(sub)}${didYouMean(sub, subs)} Lock commands: ${subs.join(", ")}`,
    );
    return 1;
  }
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    io.out(topHelp());
    return 0;
  }
  // --version anywhere on the line, as git and npm take it.
  if (VERSION_FLAGS.has(command) || command === "version" || rest.some((a) => VERSION_FLAGS.has(a))) {
    io.out(`ims-image ${PACKAGE_VERSION}`);
    return 0;
  }
  const spec = COMMANDS[command];
  if (!spec) {
    io.err(
      `ims-image: unknown command ${JSON.stringify(command)}${didYouMean(command, Object.keys(COMMANDS))} Commands: ${Object.keys(COMMANDS).join(", ")}`,
    );
    return 1;
  }
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: spec.options,
        allowPositionals: spec.positionals === true,
        strict: true,
      });
    } catch (e) {
      throw parseArgsError(command, spec.options, rest, e as Error);
    }
    const values = parsed.values as Values;
    if (values.help) {
      io.out(commandHelp(command));
      return 0;
    }
    if (command === "serve") return await serve(values, io);
    // A lock command's --region names the regions to lock, not the connection's.
    const from: ConnectionSources = {
      options: connectionArgs(command.startsWith("lock ") ? { ...values, region: undefined } : values),
      env,
    };
    const output = outputChoice(values);
    const progress = progressLine({
      enabled: io.progress !== undefined && values.quiet !== true,
      write: (t) => io.progress?.(t),
    });
    try {
      if (command.startsWith("lock "))
        return await lockCommand(command.slice(5), values, parsed.positionals, from, output, io, env);
      return await run(command, values, parsed.positionals, from, output, progress.onProgress, io);
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

/** One image: all its fields as `key  value` lines for people, else as a row. */
function renderImage(output: OutputChoice, image: ImageResult): string {
  if (output.format === "table" && !output.columns) return describeImage(image);
  if (output.format === "json" && !output.columns) return JSON.stringify(image, null, 2);
  if (output.format === "markdown" && !output.columns)
    return renderRows(output, imageFields(image), { columns: ["field", "value"] });
  return renderRows(output, [image as unknown as Row], { columns: IMAGE_COLUMNS, valueColumns: ["id"] });
}

/** One lookup command, once its flags are read. */
async function run(
  command: string,
  values: Values,
  positionals: string[],
  from: ConnectionSources,
  output: OutputChoice,
  onProgress: ProgressListener,
  io: Io,
): Promise<number> {
  switch (command) {
    case "resolve": {
      const image = await withFlags(
        lookupImage(
          {
            ...filterArgs(values),
            ...anyOwnerOf(values),
            mostRecent: toBool("most-recent", values["most-recent"] as string | undefined),
          },
          from,
          onProgress,
        ),
      );
      io.out(renderImage(output, image));
      return 0;
    }
    case "list": {
      const images = await withFlags(
        lookupImages(
          {
            ...filterArgs(values),
            sortKey: values["sort-key"],
            sortDir: values["sort-dir"],
            limit: toInt("limit", values.limit as string | undefined),
          },
          from,
          onProgress,
        ),
      );
      io.out(
        renderRows(output, images as unknown as Row[], { columns: IMAGE_COLUMNS, valueColumns: ["id"], json: images }),
      );
      io.err(`${images.length} image(s)`);
      return 0;
    }
    case "show": {
      const id = positionals[0];
      if (!id || positionals.length > 1)
        throw usageError("IMAGE_ID", "give exactly one image id: ims-image show IMAGE_ID");
      io.out(renderImage(output, await showImage(id, from)));
      return 0;
    }
    case "check":
      return await check(from, values, output, io);
    case "drift":
      return await driftReport(positionals, from, output, io, values["require-selections"] === true);
    case "explain":
      return await explain(filterArgs(values), from, output, io);
    case "values":
      return await distinctValues(values, from, output, io);
    default:
      throw new Error(`unknown command ${command}`);
  }
}

/**
 * Exit 0 when the expected image is still the newest match (and, with --max-age-days, young
 * enough); 2 when it is not: newer, deleted, no longer matching, or too old.
 */
async function check(from: ConnectionSources, values: Values, output: OutputChoice, io: Io): Promise<number> {
  if (output.columns)
    throw usageError("--columns", "check prints a verdict, not image columns; use --format json for every field");
  const expected = values.expect as string | undefined;
  if (!expected) throw usageError("--expect", "is required: the image id the stack uses now");
  const maxAgeDays = toInt("max-age-days", values["max-age-days"] as string | undefined);
  const filters = filterArgs(values);
  const assessed = await withFlags(
    assessSelection(
      { filters, recordedId: expected, ...anyOwnerOf(values), ...(maxAgeDays !== undefined ? { maxAgeDays } : {}) },
      from,
    ),
  );
  const { recorded, latest, reason } = assessed;
  if (output.format === "json") {
    io.out(
      JSON.stringify(
        {
          upToDate: reason === null,
          expected,
          reason,
          expectedMatches: recorded !== undefined && reason !== "noLongerMatches",
          current: recorded ?? null,
          latest: latest ?? null,
        },
        null,
        2,
      ),
    );
    return reason === null ? 0 : 2;
  }
  if (reason === null) {
    io.out(`up to date: ${expected} (${recorded!.name}, created ${recorded!.createdAt}) is the newest match`);
    return 0;
  }
  const line = (sign: string, label: string, i: ImageResult | undefined, id?: string) =>
    i
      ? `${sign} ${label.padEnd(8)}  ${i.id}  ${i.name}  created ${i.createdAt}`
      : `${sign} ${label.padEnd(8)}  ${id ?? "(none)"}  (deleted or not visible)`;
  const why: Record<string, string> = {
    imageDeleted: `the expected image ${expected} no longer exists; the newest match is:`,
    noLongerMatches: `the expected image ${expected} no longer matches the filters; the newest match is:`,
    newerImage: "a newer image matches the filters:",
    tooOld: `the expected image ${expected} is ${assessed.ageDays} days old, older than --max-age-days ${maxAgeDays}:`,
  };
  io.out(
    [
      why[reason] ?? DRIFT_TEXT[reason],
      line("-", "expected", recorded, expected),
      ...(latest ? [line("+", "latest", latest)] : []),
    ].join("\n"),
  );
  return 2;
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
    catalog: {
      count: toInt("count", values.count as string | undefined) ?? 2000,
      seed: toInt("seed", values.seed as string | undefined),
    },
    auth: token ? { tokens: [token] } : undefined,
  }).catch((e: unknown) => {
    if ((e as { code?: unknown }).code === "EADDRINUSE")
      throw new ImsConfigError(`port ${port} on 127.0.0.1 is already in use`, {
        hint: "choose another --port, or 0 for any free port",
      });
    throw e;
  });
  // Lines a shell can take as they are (`. ./ims.env`, or copy and paste).
  const exports = [`export IMS_ENDPOINT=${server.url}`, ...(token ? [`export IMS_TOKEN=${token}`] : [])];
  const envPath = values["write-env"] as string | undefined;
  try {
    if (envPath !== undefined) writeEnvFile(envPath, exports);
    io.out(exports.join("\n"));
    io.err(
      `local IMS server with ${server.catalog.length} images${token ? ", X-Auth-Token required" : ", no auth"}${envPath ? `; settings in ${envPath}` : ""}; Ctrl-C stops it`,
    );
    await stop;
  } finally {
    // The file exists exactly while the server listens: a stale one would point at a dead port.
    if (envPath !== undefined) rmSync(envPath, { force: true });
    await server.close();
  }
  return 0;
}

/**
 * The --write-env file (not --env-file, which Node itself takes from any command line: node 20-24 exit 9
 * with "ims.env: not found"). Written whole or not at all (a temporary file in the same directory, then a rename), and only
 * once the server listens: a script that waits for the file to exist can source it at once.
 */
function writeEnvFile(file: string, lines: readonly string[]): void {
  const temporary = join(dirname(resolve(file)), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, `${lines.join("\n")}\n`, { mode: 0o600 });
    renameSync(temporary, file);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw new ImsConfigError(`--write-env: cannot write ${file}: ${(e as Error).message}`);
  }
}

function signalled(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    // SIGHUP too: a server started with & from a shell that exits.
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => resolve(signal));
  });
}

if (require.main === module) {
  // A reader that stops early (`| head -1`) closes the pipe: nothing more is wanted, so the command
  // ends there, quietly and with 0, as grep does, and a `set -o pipefail` pipeline still succeeds.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
  const io = lineIo(
    (stream, text) => process[stream].write(text),
    process.stderr.isTTY ? (t) => process.stderr.write(t) : undefined,
  );
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
