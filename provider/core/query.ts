/**
 * A page query as the IMS client sends it: the filters already encoded by the plan
 * (lookup/plan.ts, from the filter table), then sorting and paging, as ordered pairs.
 * Nothing here does I/O.
 */
import { ImsValidationError } from "./errors";
import { describeValue } from "./validation";
import type { SortDir, SortKey } from "./vocabulary";

/** Glance clamps larger limits silently; we refuse them so a page size is never a surprise. */
export const MAX_LIMIT = 1000;

/** What the IMS client sends: the filters as wire pairs (in table order), then sorting and paging. */
export interface PageQuery {
  readonly filters: ReadonlyArray<readonly [string, string]>;
  readonly sortKey?: readonly SortKey[];
  readonly sortDir?: SortDir;
  readonly limit?: number;
  readonly marker?: string;
}

/** Ordered key/value pairs, the form both the URL and the AK/SK signer use. */
export function imageQueryPairs(q: PageQuery): Array<[string, string]> {
  const pairs: Array<[string, string]> = q.filters.map(([k, v]) => [k, v]);
  for (const key of q.sortKey ?? []) pairs.push(["sort_key", key]);
  if (q.sortDir !== undefined) pairs.push(["sort_dir", q.sortDir]);
  if (q.limit !== undefined) pairs.push(["limit", String(q.limit)]);
  if (q.marker !== undefined) pairs.push(["marker", q.marker]);
  return pairs;
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
