/**
 * Pure: a lock entry's key, the lookup's filters in one canonical form (so `osBit: 64` from a program
 * and `--os-bit 64` from the command line are the same entry), and the command line that locks them.
 */
import { FILTER_NAMES, FILTERS, type FilterName } from "../core/filters";
import { ImsLockMismatchError } from "../core/errors";
import { stableKey } from "../core/stableKey";

export type LockFilters = Record<string, unknown>;

const BOOLEAN_FILTERS = new Set(["protected", "isRegistered", "wholeImage"]);
const TIME_FILTERS = new Set(["createdAt", "updatedAt"]);

/** "lt:2025-01-01T00:00:00Z" as { lt: "2025-01-01T00:00:00Z" }; a range as it is. */
function timeForm(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const i = value.indexOf(":");
  return i > 0 ? { [value.slice(0, i)]: value.slice(i + 1) } : value;
}

/**
 * getImage's arguments (filters, mostRecent, anyOwner, denyImageIds) in canonical form: JSON values
 * (a Date as its ISO text), defaults left out, `tag` folded into `tags`, a time as an operator object.
 */
export function lockFiltersOf(args: Readonly<Record<string, unknown>>): LockFilters {
  const json = JSON.parse(JSON.stringify(args ?? {})) as Record<string, unknown>;
  const out: LockFilters = {};
  for (const [key, value] of Object.entries(json)) {
    if (value === null || value === undefined) continue;
    if (key === "osBit" && typeof value === "string" && /^\d+$/.test(value)) out.osBit = Number(value);
    else if (BOOLEAN_FILTERS.has(key) && (value === "true" || value === "false")) out[key] = value === "true";
    else if (TIME_FILTERS.has(key)) out[key] = timeForm(value);
    else out[key] = value;
  }
  if (typeof out.tag === "string") {
    const tags = Array.isArray(out.tags) ? (out.tags as unknown[]) : [];
    out.tags = [out.tag, ...tags.filter((t) => t !== out.tag)];
    delete out.tag;
  }
  if (out.mostRecent === true) delete out.mostRecent;
  if (out.anyOwner === false) delete out.anyOwner;
  if (Array.isArray(out.denyImageIds)) {
    const ids = [...new Set(out.denyImageIds as string[])].sort();
    if (ids.length) out.denyImageIds = ids;
    else delete out.denyImageIds;
  }
  return JSON.parse(stableKey(out)) as LockFilters;
}

/** Whether two sets of filters are the same lock entry. */
export function sameLockFilters(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  return stableKey(lockFiltersOf(a)) === stableKey(lockFiltersOf(b));
}

/** The error for a lookup whose filters are not those entry `entry` of `lockFile` was locked with, both in canonical form. */
export function lockMismatch(
  lockFile: string,
  entry: string,
  locked: Readonly<Record<string, unknown>>,
  given: Readonly<Record<string, unknown>>,
  command: string,
): ImsLockMismatchError {
  return new ImsLockMismatchError({
    lockFile,
    entry,
    lockedFilters: stableKey(lockFiltersOf(locked)),
    givenFilters: stableKey(lockFiltersOf(given)),
    command,
  });
}

/** A word as a POSIX shell reads it back: quoted when it holds anything but plain characters. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** One filter as ims-image flags (`--supports kvm --supports kvmGpuType=V100`). */
function flagsOf(name: string, value: unknown): string[] {
  if (name === "mostRecent") return value === false ? ["--most-recent", "false"] : [];
  if (name === "anyOwner") return value === true ? ["--any-owner"] : [];
  if (name === "denyImageIds") return (value as string[]).flatMap((id) => ["--deny-image-id", id]);
  const cli = (FILTER_NAMES as readonly string[]).includes(name) ? FILTERS[name as FilterName].cli : undefined;
  if (!cli) return [`--${name}`, JSON.stringify(value)];
  const flag = `--${cli.flag}`;
  switch (cli.kind) {
    case "list":
      return (value as unknown[]).flatMap((v) => [flag, String(v)]);
    case "time":
      return typeof value === "object" && value !== null
        ? Object.entries(value).flatMap(([op, t]) => [flag, `${op}:${String(t)}`])
        : [flag, String(value)];
    case "flags":
      return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [
        flag,
        v === true ? k : `${k}=${String(v)}`,
      ]);
    case "pairs":
      return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [flag, `${k}=${String(v)}`]);
    case "text":
    case "bool":
    case "int":
      return [flag, typeof value === "string" ? value : JSON.stringify(value)];
  }
}

/** `ims-image lock add NAME --platform Ubuntu ... --region R`: the command that locks these filters. */
export function lockAddCommand(
  entry: string,
  filters: Readonly<Record<string, unknown>>,
  options: { regions?: readonly string[]; lockFile?: string } = {},
): string {
  const canonical = lockFiltersOf(filters);
  const words = [
    "ims-image",
    "lock",
    "add",
    entry,
    ...Object.entries(canonical).flatMap(([k, v]) => flagsOf(k, v)),
    ...(options.regions ?? []).flatMap((r) => ["--region", r]),
    ...(options.lockFile ? ["--lock-file", options.lockFile] : []),
  ];
  return words.map(shellWord).join(" ");
}
