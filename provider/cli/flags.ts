/** ims-image's flags: the filter table's, the connection's, and how their text becomes arguments. */
import type { ParseArgsConfig } from "node:util";
import type { ConnectionOptions } from "../core/connectionOptions";
import { ImsValidationError } from "../core/errors";
import { setTuning, TUNING, TUNING_PATHS, type TuningPath } from "../core/tuning";
import { CliFlagError, FILTER_NAMES, FILTERS, parseBoolFlag, parseIntFlag, type FilterName } from "../core/filters";

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

/** A flag's text through a parser of the filter table, its CliFlagError reported as a usage error. */
function flagValue<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof CliFlagError) throw usageError(`--${e.flag}`, e.reason);
    throw e;
  }
}

export function toBool(flag: string, v: string | undefined): boolean | undefined {
  return v === undefined ? undefined : flagValue(() => parseBoolFlag(flag, v));
}

export function toInt(flag: string, v: string | undefined): number | undefined {
  return v === undefined ? undefined : flagValue(() => parseIntFlag(flag, v));
}

export type Values = Record<string, string | boolean | string[] | undefined>;

/** The filter arguments the flags give, each flag's text turned into its argument by the filter table. */
export function filterArgs(v: Values): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const name of FILTER_NAMES) {
    const cli = FILTERS[name].cli;
    const given = cli ? v[cli.flag] : undefined;
    if (!cli || given === undefined || typeof given === "boolean") continue;
    args[name] = flagValue(() => cli.parse(Array.isArray(given) ? given : [given]));
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
