/**
 * Pure query building for GET /v2/images: typed camelCase inputs -> the exact
 * query string IMS documents ("Querying Images", Table 1), each filter encoded as the
 * filter table (filters.ts) says. Nothing here does I/O.
 */
import { z } from "zod";
import { ImsValidationError } from "./errors";
import { describeValue, enumOf, parseOrThrow, withGiven } from "./validation";
import { encodePairs } from "./queryString";
import { FILTER_NAMES, FILTERS, type FilterName, type FilterSpec } from "./filters";
import { SORT_DIRS, SORT_KEYS, type SortDir, type SortKey } from "./vocabulary";

const isSent = (kind: string) => kind === "server" || kind === "split";

/** Glance clamps larger limits silently; we refuse them so a page size is never a surprise. */
export const MAX_LIMIT = 1000;

const marker = z.string({ error: withGiven("marker must be a string") }).min(1, { error: "marker must not be empty" });

/** Filters the native API can take whole: every entry of the filter table that it sends. */
const serverFilterShape = Object.fromEntries(
  FILTER_NAMES.filter((name) => isSent(FILTERS[name].native.kind)).map((name) => [name, FILTERS[name].arg]),
) as {
  [
    K in FilterName as (typeof FILTERS)[K]["native"]["kind"] extends "local" | "unsupported" ? never : K
  ]: (typeof FILTERS)[K]["arg"];
};

/** A raw GET /v2/images query: filters by their argument names, all sent, plus sorting and paging. */
export const imageQuerySchema = z
  .object({
    ...serverFilterShape,
    sortKey: z.union([enumOf(SORT_KEYS).transform((k) => [k]), z.array(enumOf(SORT_KEYS)).min(1)]),
    sortDir: enumOf(SORT_DIRS),
    limit: z
      .number({ error: withGiven("must be a number") })
      .int({ error: withGiven("must be a whole number") })
      .min(1, { error: withGiven("must be at least 1") })
      .max(MAX_LIMIT, { error: withGiven(`must be at most ${MAX_LIMIT}`) }),
    marker,
  })
  .partial()
  .strict();

export type ImageQuery = z.input<typeof imageQuerySchema>;

/** What the IMS client sends: the filters as wire pairs (in table order), then sorting and paging. */
export interface ParsedImageQuery {
  readonly filters: ReadonlyArray<readonly [string, string]>;
  readonly sortKey?: readonly SortKey[];
  readonly sortDir?: SortDir;
  readonly limit?: number;
  readonly marker?: string;
}

export function parseImageQuery(query: ImageQuery): ParsedImageQuery {
  const parsed: Record<string, unknown> = parseOrThrow(imageQuerySchema, query, "invalid image query");
  const filters = FILTER_NAMES.flatMap((name) => {
    const native = (FILTERS[name] as FilterSpec).native;
    return parsed[name] === undefined || native.kind === "local" || native.kind === "unsupported"
      ? []
      : native.encode(parsed[name]);
  });
  const {
    sortKey,
    sortDir,
    limit,
    marker: m,
  } = parsed as { sortKey?: SortKey[]; sortDir?: SortDir; limit?: number; marker?: string };
  return { filters, sortKey, sortDir, limit, marker: m };
}

/** Ordered key/value pairs, the form both the URL and the AK/SK signer use. */
export function imageQueryPairs(q: ParsedImageQuery): Array<[string, string]> {
  const pairs: Array<[string, string]> = q.filters.map(([k, v]) => [k, v]);
  for (const key of q.sortKey ?? []) pairs.push(["sort_key", key]);
  if (q.sortDir !== undefined) pairs.push(["sort_dir", q.sortDir]);
  if (q.limit !== undefined) pairs.push(["limit", String(q.limit)]);
  if (q.marker !== undefined) pairs.push(["marker", q.marker]);
  return pairs;
}

/** Validates and renders the query string (without `?`). */
export function buildImageQuery(query: ImageQuery): string {
  return encodePairs(imageQueryPairs(parseImageQuery(query)));
}

const IMAGE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** `/v2/images/{id}`; ids are checked so a stray `/` or `?` cannot change the request. */
export function imageDetailPath(imageId: string): string {
  if (typeof imageId !== "string" || !IMAGE_ID.test(imageId)) {
    throw new ImsValidationError(
      [
        {
          property: "imageId",
          reason: `must be an image id of letters, digits, '-', '.', '_' (given ${describeValue(imageId)})`,
        },
      ],
      "invalid image id",
    );
  }
  return `/v2/images/${imageId}`;
}
