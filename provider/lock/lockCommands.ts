/**
 * What `ims-image lock add|check|update|promote|feed` do, as data: each reads the lock file, asks IMS
 * in each region, and (add, update, promote) writes the lock back whole, leaving every entry it did
 * not change as it was. Rendering is the CLI's.
 */
import { ImsConfigError, ImsError, ImsLockError } from "../core/errors";
import { stableKey } from "../core/stableKey";
import type { DriftReason } from "../core/vocabulary";
import { resolveRegion, type ConnectionSources } from "../connection/settings";
import { assessSelection, detailsOrNone, DRIFT_TEXT } from "../lookup/driftAssessment";
import type { ImageResult } from "../lookup/imageResult";
import { lookupImage, lookupImages, lookupNewest } from "../lookup/lookups";
import {
  emptyLock,
  readLock,
  regionLockOf,
  writeLock,
  type LockEntry,
  type LockFile,
  type RegionLock,
} from "./lockFile";
import { lockAddCommand, lockFiltersOf, lockMismatch, sameLockFilters, type LockFilters } from "./lockFilters";

/** The same connection, in another region. */
export function inRegion(from: ConnectionSources, region: string): ConnectionSources {
  return { ...from, options: { ...from.options, region } };
}

/** The regions a command works on: those given, else the connection's, else none (an error names the flag). */
function regionsToLock(given: readonly string[], from: ConnectionSources): string[] {
  if (given.length) return [...new Set(given)];
  const region = resolveRegion(from);
  if (region === undefined)
    throw new ImsConfigError("no region to lock the image for", {
      hint: "give --region (repeat it for several regions), or set HW_REGION_NAME or OS_REGION_NAME",
    });
  return [region];
}

/** An entry's lookup policy apart from its filters. */
function splitFilters(filters: LockFilters): {
  filters: Record<string, unknown>;
  anyOwner?: boolean;
  denyImageIds?: string[];
} {
  const { mostRecent: _mostRecent, anyOwner, denyImageIds, ...rest } = filters;
  void _mostRecent;
  return {
    filters: rest,
    ...(anyOwner === true ? { anyOwner: true } : {}),
    ...(Array.isArray(denyImageIds) ? { denyImageIds: denyImageIds as string[] } : {}),
  };
}

/** A region's lock without when it was locked: what the image itself says. */
const fieldsKey = (locked: RegionLock | Omit<RegionLock, "lockedAt">) => {
  const { lockedAt: _lockedAt, ...fields } = locked as RegionLock;
  void _lockedAt;
  return stableKey(fields);
};

const LOCK_FIRST = "lock it first: ims-image lock add NAME [filters] --region R";

/** The lock file at `path`, which must exist. */
function existingLock(path: string): LockFile {
  const lock = readLock(path);
  if (!lock) throw new ImsLockError(`there is no lock file ${path}`, { lockFile: path, hint: LOCK_FIRST });
  return lock;
}

function entryOf(lock: LockFile, name: string, path: string): LockEntry {
  const entry = lock.entries[name];
  if (!entry)
    throw new ImsLockError(`${path} has no entry ${JSON.stringify(name)}`, {
      lockFile: path,
      entry: name,
      hint: `${LOCK_FIRST.replace("NAME", name)}; entries: ${Object.keys(lock.entries).sort().join(", ") || "(none)"}`,
    });
  return entry;
}

/** The entries named (every entry when none is), in name order; an unknown name is an error. */
function namedEntries(lock: LockFile, names: readonly string[], path: string): Array<[string, LockEntry]> {
  if (names.length) return names.map((n) => [n, entryOf(lock, n, path)]);
  return Object.keys(lock.entries)
    .sort()
    .map((n) => [n, lock.entries[n]!]);
}

export type LockChange = "added" | "updated" | "refreshed" | "unchanged";

export interface LockedRow {
  readonly entry: string;
  readonly region: string;
  readonly change: LockChange;
  readonly previous?: RegionLock;
  readonly image: RegionLock;
}

/** What locking `image` does to a region that held `previous` (add, promote): an unchanged region keeps its record, lockedAt too. */
function lockedRow(entry: string, region: string, image: RegionLock, previous: RegionLock | undefined): LockedRow {
  const same = previous !== undefined && fieldsKey(previous) === fieldsKey(image);
  return {
    entry,
    region,
    change: same ? "unchanged" : previous ? "updated" : "added",
    previous,
    image: same ? previous : image,
  };
}

/**
 * `lock add`: resolve now in each region (the safe-latest guard applies) and write the entry. The same
 * filters keep the entry's other regions; other filters replace the entry. Nothing is written unless
 * every region resolves.
 */
export async function lockAdd(
  name: string,
  args: Record<string, unknown>,
  regions: readonly string[],
  from: ConnectionSources,
  path: string,
  now: Date = new Date(),
): Promise<{ rows: LockedRow[]; dropped: string[] }> {
  const lock = readLock(path) ?? emptyLock();
  const filters = lockFiltersOf(args);
  const existing = lock.entries[name];
  const kept: Record<string, RegionLock> =
    existing && sameLockFilters(existing.filters, filters) ? existing.regions : {};
  const dropped = existing ? Object.keys(existing.regions).filter((r) => !(r in kept)) : [];
  const rows: LockedRow[] = [];
  for (const region of regionsToLock(regions, from)) {
    const image = regionLockOf(await lookupImage(args, inRegion(from, region)), now);
    // Regions locked with other filters are not this entry's any more: their image is a new one.
    rows.push({ ...lockedRow(name, region, image, kept[region]), previous: existing?.regions[region] });
  }
  const updatedRegions = { ...kept, ...Object.fromEntries(rows.map((r) => [r.region, r.image])) };
  writeLock(path, { ...lock, entries: { ...lock.entries, [name]: { filters, regions: updatedRegions } } });
  return { rows, dropped: dropped.filter((r) => !rows.some((row) => row.region === r)) };
}

/** Why a locked image is out of date: a drift reason, or the lock's fields differ from the image's (edited by hand or by Renovate). */
export type LockReason = DriftReason | "lockStale";

export const LOCK_REASON_TEXT: Record<LockReason, string> = {
  ...DRIFT_TEXT,
  imageDeleted: "the locked image no longer exists",
  denied: "the locked image is in denyImageIds",
  noLongerMatches: "the locked image no longer matches the filters",
  tooOld: "the locked image is older than --max-age-days",
  lockStale: "the lock's fields differ from the image's (`lock update` rewrites them)",
};

export interface CheckedRow {
  readonly entry: string;
  readonly region: string;
  readonly locked: RegionLock;
  /** null when up to date. */
  readonly reason: LockReason | null;
  readonly latest?: ImageResult;
  readonly ageDays?: number;
  /** Set when the region could not be checked. */
  readonly error?: string;
}

/** `lock check`: every region of every entry named, assessed as `check` and `drift` assess a recorded image. */
export async function lockCheck(
  names: readonly string[],
  from: ConnectionSources,
  path: string,
  options: { maxAgeDays?: number; now?: number } = {},
): Promise<CheckedRow[]> {
  const lock = existingLock(path);
  const rows: CheckedRow[] = [];
  for (const [entry, { filters, regions }] of namedEntries(lock, names, path)) {
    for (const region of Object.keys(regions).sort()) {
      const locked = regions[region]!;
      try {
        const assessed = await assessSelection(
          {
            ...splitFilters(filters),
            recordedId: locked.id,
            ...(options.maxAgeDays !== undefined ? { maxAgeDays: options.maxAgeDays } : {}),
          },
          inRegion(from, region),
          options.now,
        );
        const stale =
          assessed.reason === null &&
          assessed.recorded &&
          fieldsKey(regionLockOf(assessed.recorded, new Date(0))) !== fieldsKey(locked);
        rows.push({
          entry,
          region,
          locked,
          reason: stale ? "lockStale" : assessed.reason,
          latest: assessed.latest,
          ageDays: assessed.ageDays,
        });
      } catch (e) {
        if (!ImsError.isInstance(e)) throw e;
        rows.push({ entry, region, locked, reason: null, error: e.message });
      }
    }
  }
  return rows;
}

export interface UpdateResult {
  readonly rows: LockedRow[];
  readonly errors: Array<{ entry: string; region: string; error: string }>;
}

/**
 * `lock update`: re-resolve every region of every entry named and write what changed. A region that
 * fails keeps its image (and is reported); the others are written.
 */
export async function lockUpdate(
  names: readonly string[],
  from: ConnectionSources,
  path: string,
  now: Date = new Date(),
): Promise<UpdateResult> {
  const lock = existingLock(path);
  const rows: LockedRow[] = [];
  const errors: UpdateResult["errors"] = [];
  const entries = { ...lock.entries };
  for (const [entry, { filters, regions }] of namedEntries(lock, names, path)) {
    const updated: Record<string, RegionLock> = { ...regions };
    for (const region of Object.keys(regions).sort()) {
      const previous = regions[region]!;
      try {
        const image = regionLockOf(await lookupImage(filters, inRegion(from, region)), now);
        const change: LockChange =
          image.id !== previous.id ? "updated" : fieldsKey(image) !== fieldsKey(previous) ? "refreshed" : "unchanged";
        if (change !== "unchanged") updated[region] = image;
        rows.push({ entry, region, change, previous, image: updated[region]! });
      } catch (e) {
        if (!ImsError.isInstance(e)) throw e;
        errors.push({ entry, region, error: e.message });
      }
    }
    entries[entry] = { filters, regions: updated };
  }
  if (rows.some((r) => r.change !== "unchanged")) writeLock(path, { ...lock, entries });
  return { rows, errors };
}

/**
 * `lock promote NAME --from OTHER`: the entry's images from another lock file (staging's into
 * production's), each checked first: it must still exist and still match the filters. All or nothing.
 */
export async function lockPromote(
  name: string,
  sourcePath: string,
  regions: readonly string[],
  from: ConnectionSources,
  path: string,
  now: Date = new Date(),
): Promise<LockedRow[]> {
  const source = entryOf(existingLock(sourcePath), name, sourcePath);
  const lock = readLock(path) ?? emptyLock();
  const existing = lock.entries[name];
  if (existing && !sameLockFilters(existing.filters, source.filters))
    throw lockMismatch(
      path,
      name,
      existing.filters,
      source.filters,
      lockAddCommand(name, source.filters, { regions: Object.keys(source.regions) }),
    );
  const wanted = regions.length ? [...new Set(regions)] : Object.keys(source.regions).sort();
  const rows: LockedRow[] = [];
  for (const region of wanted) {
    const candidate = source.regions[region];
    if (!candidate)
      throw new ImsLockError(`entry ${JSON.stringify(name)} in ${sourcePath} has no image for region ${region}`, {
        lockFile: sourcePath,
        entry: name,
        hint: `promote one of its regions: ${Object.keys(source.regions).join(", ") || "(none)"}`,
      });
    const connection = inRegion(from, region);
    const { filters, ...policy } = splitFilters(source.filters);
    const found = await lookupNewest({ ...filters, ...policy, id: candidate.id, mostRecent: true }, connection);
    if (!found) {
      const exists = (await detailsOrNone(candidate.id, connection)) !== undefined;
      throw new ImsLockError(
        `cannot promote ${JSON.stringify(name)} in ${region}: image ${candidate.id} (${candidate.name}) ${exists ? (policy.denyImageIds?.includes(candidate.id) ? "is in denyImageIds" : "no longer matches the filters") : "no longer exists"}`,
        {
          lockFile: sourcePath,
          entry: name,
          hint: `update the source lock (ims-image lock update ${name} --lock-file ${sourcePath}), test that image, then promote it`,
        },
      );
    }
    rows.push(lockedRow(name, region, regionLockOf(found, now), existing?.regions[region]));
  }
  const updatedRegions = { ...(existing?.regions ?? {}), ...Object.fromEntries(rows.map((r) => [r.region, r.image])) };
  writeLock(path, {
    ...lock,
    entries: { ...lock.entries, [name]: { filters: lockFiltersOf(source.filters), regions: updatedRegions } },
  });
  return rows;
}

/** One release of Renovate's custom datasource. */
export interface FeedRelease {
  /** The image's creation time as IMS shows it: the version Renovate orders (see docs/lock-file.md). */
  readonly version: string;
  /** The image id: what Renovate writes as the new digest. */
  readonly digest: string;
  readonly releaseTimestamp: string;
  readonly isDeprecated?: boolean;
}

/** At most this many releases in a feed: Renovate needs the newest, and the current one to compare. */
export const FEED_MAX_RELEASES = 100;

/** `lock feed`: the entry's matching images (newest first, denied ones left out) as Renovate's custom datasource JSON. */
export async function lockFeed(
  name: string,
  region: string | undefined,
  from: ConnectionSources,
  path: string,
): Promise<{ releases: FeedRelease[]; region: string }> {
  const entry = entryOf(existingLock(path), name, path);
  const regions = Object.keys(entry.regions);
  const chosen = region ?? resolveRegion(from) ?? (regions.length === 1 ? regions[0] : undefined);
  if (chosen === undefined)
    throw new ImsConfigError(`entry ${JSON.stringify(name)} has images for ${regions.join(", ")}: which region?`, {
      hint: "give --region",
    });
  const { filters, denyImageIds } = splitFilters(entry.filters);
  const images = await lookupImages(
    { ...filters, limit: FEED_MAX_RELEASES + (denyImageIds?.length ?? 0) },
    inRegion(from, chosen),
  );
  const releases: FeedRelease[] = [];
  const seen = new Set<string>();
  for (const image of images) {
    // Two images shown in the same second are one version to Renovate: the newer (first) wins.
    if (denyImageIds?.includes(image.id) || seen.has(image.createdAt)) continue;
    seen.add(image.createdAt);
    releases.push({ version: image.createdAt, digest: image.id, releaseTimestamp: image.createdAt });
    if (releases.length === FEED_MAX_RELEASES) break;
  }
  return { releases, region: chosen };
}
