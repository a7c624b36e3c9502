/**
 * The lock file, `ims-images.lock.json`: a versioned JSON document that pins, per entry name and
 * region, the image a lookup chose, so previews read it offline and a change of image is a reviewed
 * diff. Parsed with zod; written in one canonical form (fixed key order, two-space indent, one line
 * per field), whole or not at all.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { z } from "zod";
import { ImsLockError } from "../core/errors";
import type { ImageResult } from "../lookup/imageResult";
import type { MutuallyAssignable } from "../core/validation";

export const LOCK_FORMAT_VERSION = 1;
/** A lock file larger than this is not one (a lock of 1,000 entries in 5 regions is about 10 MB). */
export const MAX_LOCK_FILE_BYTES = 16 * 1024 * 1024;

const text = z.string();
const int = z.number().int();

const supportsSchema = z.strictObject({
  kvm: z.boolean(),
  xen: z.boolean(),
  largeMemory: z.boolean(),
  diskIntensive: z.boolean(),
  highPerformance: z.boolean(),
  xenHana: z.boolean(),
  kvmInfiniband: z.boolean(),
  amd: z.boolean(),
  xenGpuType: text.optional(),
  kvmGpuType: text.optional(),
  fcInject: z.boolean(),
});

/** Every field of getImage's result but `raw`, in the order the file lists them. */
const lockedImageShape = {
  id: text.min(1),
  name: text,
  status: text,
  visibility: text,
  protected: z.boolean(),
  owner: text.optional(),
  tags: z.array(text),
  createdAt: text,
  updatedAt: text.optional(),
  activeAt: text.optional(),
  containerFormat: text.optional(),
  diskFormat: text.optional(),
  minDisk: int,
  minRam: int,
  maxRam: int.optional(),
  size: int.optional(),
  virtualSize: int.optional(),
  checksum: text.optional(),
  self: text.optional(),
  file: text.optional(),
  schema: text.optional(),
  virtualEnvType: text.optional(),
  hwFirmwareType: text.optional(),
  hwVifMultiqueueEnabled: z.boolean().optional(),
  enterpriseProjectId: text.optional(),
  platform: text.optional(),
  osType: text.optional(),
  osBit: int.optional(),
  osVersion: text.optional(),
  imageType: text.optional(),
  isRegistered: z.boolean().optional(),
  imageSize: int.optional(),
  imageSourceType: text.optional(),
  imageLocation: text.optional(),
  description: text.optional(),
  dataOrigin: text.optional(),
  originalImageName: text.optional(),
  backupId: text.optional(),
  lazyLoading: z.boolean().optional(),
  isConfigInit: z.boolean().optional(),
  osFeatureList: text.optional(),
  rootOrigin: text.optional(),
  sequenceNum: text.optional(),
  systemCmkId: text.optional(),
  architecture: text,
  supports: supportsSchema,
};

const regionLockSchema = z.strictObject({
  ...lockedImageShape,
  /** When the image was locked (UTC, ISO 8601). */
  lockedAt: z.iso.datetime(),
});
export type RegionLock = z.output<typeof regionLockSchema>;
/** A locked image: getImage's result without `raw`. */
export type LockedImage = Omit<RegionLock, "lockedAt">;

// The lock holds exactly getImage's fields but raw: a field added to ImageResult must be added here.
const sameFieldsAsResult: MutuallyAssignable<Omit<LockedImage, "tags">, Omit<ImageResult, "raw" | "tags">> extends true
  ? [LockedImage["tags"]] extends [ImageResult["tags"]]
    ? true
    : false
  : false = true;
void sameFieldsAsResult;

const entrySchema = z.strictObject({
  /** The lookup's filters, as given: the key that identifies the entry. */
  filters: z.record(z.string(), z.unknown()),
  /** The chosen image per region. */
  regions: z.record(z.string().min(1), regionLockSchema),
});
export type LockEntry = z.output<typeof entrySchema>;

const lockSchema = z.strictObject({
  version: z.literal(LOCK_FORMAT_VERSION),
  entries: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/), entrySchema),
});
export type LockFile = z.output<typeof lockSchema>;

export const emptyLock = (): LockFile => ({ version: LOCK_FORMAT_VERSION, entries: {} });

/** A locked image from a lookup's result: its fields but raw, and when. */
export function regionLockOf(image: ImageResult, lockedAt: Date): RegionLock {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(lockedImageShape)) {
    const value = image[key as keyof ImageResult];
    if (value !== undefined) out[key] = key === "supports" ? { ...(value as object) } : value;
  }
  out.lockedAt = lockedAt.toISOString();
  return regionLockSchema.parse(out);
}

/** getImage's result from a locked image: `raw` is empty, as no request was made. */
export function imageOfRegionLock(locked: RegionLock): ImageResult {
  const { lockedAt: _lockedAt, ...fields } = locked;
  void _lockedAt;
  return { ...fields, raw: {} };
}

/** The lock file's content from its text; ImsLockError naming the file and what is wrong. */
export function parseLock(textOfFile: string, path: string): LockFile {
  let json: unknown;
  try {
    json = JSON.parse(textOfFile);
  } catch (e) {
    throw new ImsLockError(`${path} is not valid JSON: ${(e as Error).message}`, {
      lockFile: path,
      hint: "restore it from version control (git checkout -- FILE), or remove it and lock the entries again",
    });
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === "number" && version > LOCK_FORMAT_VERSION)
    throw new ImsLockError(
      `${path} has lock format version ${version}; this pulumi-ims reads version ${LOCK_FORMAT_VERSION}`,
      { lockFile: path, hint: "upgrade pulumi-ims to the version that wrote the lock file" },
    );
  const parsed = lockSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.map(String).join(".") || "(top level)"}: ${i.message}`);
    throw new ImsLockError(`${path} is not a pulumi-ims lock file: ${issues.join("; ")}`, {
      lockFile: path,
      hint: "restore it from version control, or correct the fields named; `ims-image lock update` rewrites entries",
    });
  }
  return parsed.data;
}

/** The lock file at `path`; undefined when there is none. */
export function readLock(path: string): LockFile | undefined {
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ImsLockError(`cannot read ${path}: ${(e as Error).message}`, { lockFile: path });
  }
  if (content.length > MAX_LOCK_FILE_BYTES)
    throw new ImsLockError(`${path} is larger than ${MAX_LOCK_FILE_BYTES} bytes, which no lock file is`, {
      lockFile: path,
    });
  return parseLock(content.toString("utf8"), path);
}

/** Keys in a fixed order: the shape's for an image, sorted for names (entries, regions) and filters. */
function ordered(value: unknown, order?: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => ordered(v));
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  const keys = order ? order.filter((k) => k in record) : Object.keys(record).sort();
  return Object.fromEntries(keys.map((k) => [k, ordered(record[k])]));
}

const REGION_ORDER = [...Object.keys(lockedImageShape), "lockedAt"];
const SUPPORTS_ORDER = Object.keys(supportsSchema.shape);

/** The canonical text: the same lock always gives the same bytes, so an entry not written keeps its own. */
export function renderLock(lock: LockFile): string {
  const entries = Object.keys(lock.entries)
    .sort()
    .map((name): [string, unknown] => {
      const entry = lock.entries[name]!;
      const regions = Object.keys(entry.regions)
        .sort()
        .map((r): [string, unknown] => {
          const region = ordered(entry.regions[r], REGION_ORDER) as Record<string, unknown>;
          region.supports = ordered(entry.regions[r]!.supports, SUPPORTS_ORDER);
          return [r, region];
        });
      return [name, { filters: ordered(entry.filters), regions: Object.fromEntries(regions) }];
    });
  return `${JSON.stringify({ version: lock.version, entries: Object.fromEntries(entries) }, null, 2)}\n`;
}

/**
 * Writes the lock whole or not at all: a temporary file beside it, then a rename over it, so a
 * reader (or a write interrupted midway) sees the old file or the new one, never part of one.
 */
export function writeLock(path: string, lock: LockFile): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, renderLock(lock));
    renameSync(temporary, path);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw new ImsLockError(`cannot write ${path}: ${(e as Error).message}`, { lockFile: path });
  }
}
