/** ims-image's flags: the filter table's, the connection's, and how their text becomes arguments. */
import type { ParseArgsConfig } from "node:util";
import type { ConnectionOptions } from "../core/connectionOptions";
import { ImsValidationError } from "../core/errors";
import { setTuning, TUNING, TUNING_PATHS, type TuningPath } from "../core/tuning";
import { FILTER_NAMES, FILTERS, type CliFlag, type FilterName } from "../core/filters";
import { TIME_OPERATORS } from "../core/vocabulary";

export type Options = NonNullable<ParseArgsConfig["options"]>;

/** Every filter of the filter table that has a flag. */
export const FILTER_FLAGS: Options = Object.fromEntries(
  FILTER_NAMES.flatMap((name) => {
    const cli = FILTERS[name].cli;
    return cli ? [[cli.flag, { type: "string", multiple: cli.repeatable === true }]] : [];
  }),
);

export const CONNECTION_FLAGS: Options = {
  endpoint: { type: "string" },
  region: { type: "string" },
  cloud: { type: "string" },
  api: { type: "string" },
  "project-id": { type: "string" },
  "project-name": { type: "string" },
  "auth-url": { type: "string" },
  "os-cloud": { type: "string" },
  ...Object.fromEntries(TUNING_PATHS.map((path) => [TUNING[path].flag, { type: "string" }])),
};

export const COMMON: Options = {
  format: { type: "string", short: "f" },
  columns: { type: "string", short: "c" },
  json: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
};

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const kebab = (prop: string) => prop.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function usageError(property: string, reason: string): ImsValidationError {
  return new ImsValidationError([{ property, reason }], "invalid command line");
}

/** `--flag true|false` as a boolean. */
export function toBool(flag: string, v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === "true" || v === "false") return v === "true";
  throw usageError(`--${flag}`, `must be true or false (given ${JSON.stringify(v)})`);
}

/** `--flag N` as a whole number. */
export function toInt(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw usageError(`--${flag}`, `must be a whole number (given ${JSON.stringify(v)})`);
  return Number(v);
}

/** op:TIME once, as text (zod reads it), or several into a range { gte: ..., lt: ... }. */
function timeRange(flag: string, texts: readonly string[]): unknown {
  if (texts.length === 1) return texts[0];
  const range: Record<string, string> = {};
  for (const v of texts) {
    const m = /^([a-z]+):(.+)$/.exec(v);
    if (!m || !(TIME_OPERATORS as readonly string[]).includes(m[1]!))
      throw usageError(
        `--${flag}`,
        `must be op:time with op one of ${TIME_OPERATORS.join(", ")} (given ${JSON.stringify(v)})`,
      );
    if (range[m[1]!] !== undefined) throw usageError(`--${flag}`, `gives ${m[1]} twice`);
    range[m[1]!] = m[2]!;
  }
  return range;
}

/** NAME=VALUE texts into an object; NAME alone is `whenBare` (true for --supports kvm), or an error. */
function keyValues(flag: string, texts: readonly string[], whenBare?: true): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (const v of texts) {
    const i = v.indexOf("=");
    if (i < 0 && whenBare) out[v] = whenBare;
    else if (i <= 0) throw usageError(`--${flag}`, `must be KEY=VALUE (given ${JSON.stringify(v)})`);
    else out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

/** A filter flag's text(s) as its argument, as the filter table declares the flag. */
function flagArgument(cli: CliFlag, texts: readonly string[]): unknown {
  const last = texts[texts.length - 1]!;
  switch (cli.kind) {
    case "text":
      return last;
    case "bool":
      return toBool(cli.flag, last);
    case "int":
      return toInt(cli.flag, last);
    case "list":
      return [...texts];
    case "time":
      return timeRange(cli.flag, texts);
    case "flags":
      return keyValues(cli.flag, texts, true);
    case "pairs":
      return keyValues(cli.flag, texts);
    default:
      throw new Error(`unknown flag kind ${(cli as { kind: string }).kind}`);
  }
}

export type Values = Record<string, string | boolean | string[] | undefined>;

/** The filter arguments the flags give, each flag's text turned into its argument by the filter table. */
export function filterArgs(v: Values): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const name of FILTER_NAMES) {
    const cli = FILTERS[name].cli;
    const given = cli ? v[cli.flag] : undefined;
    if (!cli || given === undefined || typeof given === "boolean") continue;
    args[name] = flagArgument(cli, Array.isArray(given) ? given : [given]);
  }
  return args;
}

const TUNING_FLAGS = new Set<string>(TUNING_PATHS.map((path) => TUNING[path].flag));

export function connectionArgs(v: Values): ConnectionOptions {
  const out: Record<string, unknown> = {};
  for (const flag of Object.keys(CONNECTION_FLAGS)) {
    if (v[flag] !== undefined && !TUNING_FLAGS.has(flag)) out[camel(flag)] = v[flag];
  }
  for (const path of TUNING_PATHS) {
    const flag = TUNING[path].flag;
    if (v[flag] !== undefined) setTuning(out, path, toInt(flag, v[flag] as string));
  }
  return out;
}

/** Validation messages name flags, not argument names. */
function asFlags(e: ImsValidationError): ImsValidationError {
  // Settings from the environment are not the command line's: their variables name them.
  if (e.issues.every((i) => /^[A-Z][A-Z0-9_]*$/.test(i.property))) return e;
  const asFlag = (property: string): string => {
    if (property.startsWith("--")) return property;
    if (property in TUNING) return `--${TUNING[property as TuningPath].flag}`;
    return `--${flagOf(property.split(".")[0]!)}${property.includes(".") ? ` (${property})` : ""}`;
  };
  const flagOf = (argument: string) =>
    (argument in FILTERS ? FILTERS[argument as FilterName].cli?.flag : undefined) ?? kebab(argument);
  return new ImsValidationError(
    // The safe-latest rule names its fixes as arguments; on the command line they are flags.
    e.issues.map((i) => ({
      property: asFlag(i.property),
      reason:
        i.property === "anyOwner"
          ? `${i.reason} (here: --image-type gold, --image-type private, --owner PROJECT, --id ID, or --any-owner)`
          : i.reason,
    })),
    "invalid command line",
  );
}

export async function withFlags<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (e) {
    throw ImsValidationError.isInstance(e) ? asFlags(e) : e;
  }
}
