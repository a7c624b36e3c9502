/**
 * Pure query building for GET /v2/images: typed camelCase inputs -> the exact
 * query string IMS documents (querying-images.rst, Table 1). Nothing here does I/O.
 */
import { z } from "zod";
import { ImsValidationError } from "./errors";
import { describeValue, enumOf, parseOrThrow, withGiven } from "./validation";
import { encodePairs } from "./queryString";
import { formatCondition, timeConditionSchema, type TimeCondition } from "./timeFilter";

import { IMAGE_TYPES, MEMBER_STATUSES, OS_BITS, OS_TYPES, SORT_DIRS, SORT_KEYS, STATUSES, SUPPORT_FLAGS, VISIBILITIES, type SupportFlag } from "./vocabulary";

/** Glance clamps larger limits silently; we refuse them so a page size is never a surprise. */
export const MAX_LIMIT = 1000;


const nonEmpty = (what: string) => z.string({ error: withGiven(`${what} must be a string`) }).min(1, { error: `${what} must not be empty` });
const count = z.number({ error: withGiven("must be a number") }).int({ error: withGiven("must be a whole number") }).min(0, { error: withGiven("must be 0 or more") });
const flag = z.union([z.boolean(), z.enum(["true", "false"])], { error: withGiven("must be true or false") }).transform((v) => String(v));
const supportValue = z.union([z.literal(true), z.string().min(1)], { error: withGiven('must be true or a value such as "V100"') }).transform((v) => String(v));

/** Parameters that IMS reads itself; any other key in `properties` is a property filter. */
const RESERVED_KEYS = new Set([
  "limit", "marker", "sort_key", "sort_dir", "sort", "tag", "name", "id", "status", "visibility",
  "member_status", "owner", "protected", "container_format", "disk_format", "min_ram", "min_disk",
  "created_at", "updated_at", "size_min", "size_max", "os_hidden", "changes-since",
]);

const propertyKey = z
  .string()
  .min(1, { error: "property names must not be empty" })
  .refine((k) => !RESERVED_KEYS.has(k), { error: (i) => `${JSON.stringify(i.input)} is a query parameter, not a property: use its own argument` })
  // Glance turns any unknown `*_min`/`*_max` parameter into a range on a DB column and answers 500.
  .refine((k) => !/_(min|max)$/.test(k), { error: (i) => `${JSON.stringify(i.input)} ends in _min/_max, which IMS reads as a range and rejects with HTTP 500` });

export const imageQuerySchema = z
  .object({
    isRegistered: flag,
    imageType: enumOf(IMAGE_TYPES),
    protected: flag,
    visibility: enumOf(VISIBILITIES),
    owner: nonEmpty("owner"),
    id: nonEmpty("id"),
    status: enumOf(STATUSES),
    name: nonEmpty("name"),
    containerFormat: nonEmpty("containerFormat"),
    diskFormat: nonEmpty("diskFormat"),
    minRam: count,
    minDisk: count,
    osBit: z.union([z.enum(OS_BITS), z.literal(32), z.literal(64)], { error: withGiven("must be 32 or 64") }).transform((v) => String(v)),
    platform: nonEmpty("platform"),
    osType: enumOf(OS_TYPES),
    osVersion: nonEmpty("osVersion"),
    virtualEnvType: nonEmpty("virtualEnvType"),
    memberStatus: enumOf(MEMBER_STATUSES),
    tags: z.array(nonEmpty("tag"), { error: withGiven("must be a list of strings") }),
    supports: z.object(Object.fromEntries(Object.keys(SUPPORT_FLAGS).map((k) => [k, supportValue])) as Record<SupportFlag, typeof supportValue>).partial().strict(),
    createdAt: timeConditionSchema,
    updatedAt: timeConditionSchema,
    properties: z.record(propertyKey, z.string({ error: withGiven("property values are strings") })),
    sortKey: z.union([enumOf(SORT_KEYS).transform((k) => [k]), z.array(enumOf(SORT_KEYS)).min(1)]),
    sortDir: enumOf(SORT_DIRS),
    limit: z.number({ error: withGiven("must be a number") }).int({ error: withGiven("must be a whole number") }).min(1, { error: withGiven("must be at least 1") }).max(MAX_LIMIT, { error: withGiven(`must be at most ${MAX_LIMIT}`) }),
    marker: nonEmpty("marker"),
  })
  .partial()
  .strict();

export type ImageQuery = z.input<typeof imageQuerySchema>;
export type ParsedImageQuery = z.output<typeof imageQuerySchema>;

export function parseImageQuery(query: ImageQuery): ParsedImageQuery {
  return parseOrThrow(imageQuerySchema, query, "invalid image query");
}

/** Ordered key/value pairs, the form both the URL and the AK/SK signer use. */
export function imageQueryPairs(q: ParsedImageQuery): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const add = (key: string, value: string | undefined) => {
    if (value !== undefined) pairs.push([key, value]);
  };
  add("__isregistered", q.isRegistered);
  add("__imagetype", q.imageType);
  add("protected", q.protected);
  add("visibility", q.visibility);
  add("owner", q.owner);
  add("id", q.id);
  add("status", q.status);
  add("name", q.name);
  add("container_format", q.containerFormat);
  add("disk_format", q.diskFormat);
  add("min_ram", q.minRam?.toString());
  add("min_disk", q.minDisk?.toString());
  add("__os_bit", q.osBit);
  add("__platform", q.platform);
  add("__os_type", q.osType);
  add("__os_version", q.osVersion);
  add("virtual_env_type", q.virtualEnvType);
  for (const tag of q.tags ?? []) add("tag", tag);
  add("member_status", q.memberStatus);
  for (const [flagName, key] of Object.entries(SUPPORT_FLAGS)) add(key, q.supports?.[flagName as SupportFlag]);
  add("created_at", q.createdAt && formatCondition(q.createdAt as TimeCondition));
  add("updated_at", q.updatedAt && formatCondition(q.updatedAt as TimeCondition));
  for (const key of Object.keys(q.properties ?? {}).sort()) add(key, q.properties![key]);
  for (const key of q.sortKey ?? []) add("sort_key", key);
  add("sort_dir", q.sortDir);
  add("limit", q.limit?.toString());
  add("marker", q.marker);
  return pairs;
}

/** Validates and renders the query string (without `?`). */
export function buildImageQuery(query: ImageQuery): string {
  return encodePairs(imageQueryPairs(parseImageQuery(query)));
}

/** `/v2/images?...` for an already validated query. */
export function imageListPath(q: ParsedImageQuery): string {
  const qs = encodePairs(imageQueryPairs(q));
  return qs ? `/v2/images?${qs}` : "/v2/images";
}

const IMAGE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** `/v2/images/{id}`; ids are checked so a stray `/` or `?` cannot change the request. */
export function imageDetailPath(imageId: string): string {
  if (typeof imageId !== "string" || !IMAGE_ID.test(imageId)) {
    throw new ImsValidationError(
      [{ property: "imageId", reason: `must be an image id of letters, digits, '-', '.', '_' (given ${describeValue(imageId)})` }],
      "invalid image id",
    );
  }
  return `/v2/images/${imageId}`;
}
