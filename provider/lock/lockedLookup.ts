/**
 * A program's locked lookup (`getImage(args, { lock: "web" })`): the lock file's image for the
 * connection's region, with no request and no credentials. An entry or region the lock lacks is the
 * caller's to look up live (with a warning), or an error in frozen mode; filters that differ from the
 * entry's are an error. A program never writes the lock file.
 */
import { ImsLockError } from "../core/errors";
import { readSources, resolveRegion, type ConnectionSources } from "../connection/settings";
import { parseGetImageArgs } from "../lookup/args";
import type { ImageResult } from "../lookup/imageResult";
import { imageOfRegionLock, readLock } from "./lockFile";
import { lockAddCommand, lockMismatch, sameLockFilters } from "./lockFilters";
import { DEFAULT_LOCK_FILE, lockFilePath, lockModeOf, shownPath, type LockSources } from "./lockSettings";

/** The locked image, or what the lock lacks (a warning that names the command that locks it). */
export type LockedAnswer = { readonly image: ImageResult } | { readonly missing: string };

/** The path as a command line should give it: nothing for the default. */
function lockFileArgument(path: string): string | undefined {
  const shown = shownPath(path);
  return shown === DEFAULT_LOCK_FILE ? undefined : shown;
}

export function lockedImage(
  entryName: string,
  args: unknown,
  lockFrom: LockSources,
  connection: ConnectionSources,
): LockedAnswer {
  // Bad arguments fail as they would live, before the lock is read (and scrubbed of the sources' secrets).
  const sources = readSources(connection);
  parseGetImageArgs(args);
  const given = (args ?? {}) as Record<string, unknown>;
  const path = lockFilePath(lockFrom);
  const mode = lockModeOf(lockFrom);
  const lock = readLock(path);
  const region = resolveRegion(sources);
  const lockFile = lockFileArgument(path);
  const command = lockAddCommand(entryName, given, { regions: region ? [region] : [], lockFile });
  const missing = (what: string): LockedAnswer => {
    if (mode === "frozen")
      throw new ImsLockError(`${what}, and the lock mode is frozen`, {
        lockFile: path,
        entry: entryName,
        hint: `lock it (\`${command}\`) and commit the lock file`,
      });
    return { missing: `${what}: looked up live. Lock it with \`${command}\` and commit the lock file` };
  };

  const entry = lock?.entries[entryName];
  if (!lock) return missing(`no lock file ${path} for entry ${JSON.stringify(entryName)}`);
  if (!entry) return missing(`lock file ${path} has no entry ${JSON.stringify(entryName)}`);
  if (!sameLockFilters(entry.filters, given)) throw lockMismatch(path, entryName, entry.filters, given, command);
  const regions = Object.keys(entry.regions).sort();
  // A lock of one region needs no region setting.
  const chosen = region ?? (regions.length === 1 ? regions[0] : undefined);
  if (chosen === undefined) {
    if (regions.length === 0) return missing(`lock entry ${JSON.stringify(entryName)} in ${path} has no region`);
    throw new ImsLockError(
      `lock entry ${JSON.stringify(entryName)} in ${path} has images for ${regions.join(", ")}, and no region is set to choose one`,
      {
        lockFile: path,
        entry: entryName,
        hint: "set the region: ims:region in the stack config (pulumi config set ims:region eu-de), HW_REGION_NAME or OS_REGION_NAME",
      },
    );
  }
  const locked = entry.regions[chosen];
  if (!locked)
    return missing(
      `lock entry ${JSON.stringify(entryName)} in ${path} has no image for region ${chosen} (it has ${regions.join(", ")})`,
    );
  return { image: imageOfRegionLock(locked) };
}

/** What an ImageSelection records of a locked image (its `lockedImage` input): the entry, and the image's fields that its outputs show. */
export interface LockedSelectionImage {
  readonly entry: string;
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly platform?: string;
  readonly osVersion?: string;
  readonly minDisk: number;
  readonly minRam: number;
}

/**
 * ImageSelection's `lock` option: its filters and policy (anyOwner, denyImageIds) are the lookup's,
 * followLatest and maxAgeDays are not. Undefined when the lock lacks the entry or region (warned).
 */
export function lockedSelection(
  entryName: string,
  selectionArgs: Readonly<Record<string, unknown>>,
  lockFrom: LockSources,
  connection: ConnectionSources,
  warn: (message: string) => void,
): LockedSelectionImage | undefined {
  const { followLatest: _followLatest, maxAgeDays: _maxAgeDays, ...lookupArgs } = selectionArgs;
  void _followLatest;
  void _maxAgeDays;
  const answer = lockedImage(entryName, lookupArgs, lockFrom, connection);
  if ("missing" in answer) {
    warn(answer.missing);
    return undefined;
  }
  const i = answer.image;
  return {
    entry: entryName,
    id: i.id,
    name: i.name,
    createdAt: i.createdAt,
    ...(i.platform !== undefined ? { platform: i.platform } : {}),
    ...(i.osVersion !== undefined ? { osVersion: i.osVersion } : {}),
    minDisk: i.minDisk,
    minRam: i.minRam,
  };
}
