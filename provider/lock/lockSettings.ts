/**
 * Where the lock file is and what a locked lookup does without an entry: the call's option, then
 * stack config (`ims:lockFile`, `ims:lockMode`, so Pulumi.prod.yaml can name another file), then the
 * environment (IMS_LOCK_FILE, IMS_LOCK_MODE). Read without zod: the package root loads it.
 */
import { relative, resolve } from "node:path";
import { ImsValidationError } from "../core/errors";

export const LOCK_MODES = ["live", "frozen"] as const;
/** live (the default): an entry or region the lock lacks is looked up, with a warning; frozen (CI): an error. */
export type LockMode = (typeof LOCK_MODES)[number];

export const DEFAULT_LOCK_FILE = "ims-images.lock.json";

export interface LockSources {
  /** The call's own setting (`opts.lockFile`, `--lock-file`). */
  readonly lockFile?: string;
  /** `ims:lockFile` and `ims:lockMode` from stack config. */
  readonly config?: { readonly lockFile?: string; readonly lockMode?: string };
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const set = (v: string | undefined) => (v === undefined || v === "" ? undefined : v);

/** The lock file's absolute path (relative paths from the current directory: a Pulumi program's project directory). */
export function lockFilePath(from: LockSources): string {
  const env = from.env ?? process.env;
  return resolve(set(from.lockFile) ?? set(from.config?.lockFile) ?? set(env.IMS_LOCK_FILE) ?? DEFAULT_LOCK_FILE);
}

export function lockModeOf(from: LockSources): LockMode {
  const env = from.env ?? process.env;
  const fromConfig = set(from.config?.lockMode);
  const given = fromConfig ?? set(env.IMS_LOCK_MODE);
  if (given === undefined) return "live";
  if ((LOCK_MODES as readonly string[]).includes(given)) return given as LockMode;
  throw new ImsValidationError(
    [
      {
        property: fromConfig !== undefined ? "ims:lockMode" : "IMS_LOCK_MODE",
        reason: `must be one of ${LOCK_MODES.join(", ")} (given ${JSON.stringify(given)})`,
      },
    ],
    "invalid lock setting",
  );
}

/** `ims:lockFile` and `ims:lockMode` through a config getter. */
export function lockFromConfig(get: (key: string) => unknown): { lockFile?: string; lockMode?: string } {
  const text = (key: string) => {
    const v = get(key);
    if (v === undefined || v === null || v === "") return undefined;
    return typeof v === "string" ? v : JSON.stringify(v);
  };
  return { lockFile: text("ims:lockFile"), lockMode: text("ims:lockMode") };
}

/** A lock file's path as a person reads it, or types it: relative to the current directory when inside it. */
export function shownPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside.startsWith("..") ? path : inside;
}
