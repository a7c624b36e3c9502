/**
 * One page's query for tests and benchmarks, built the way every lookup builds its queries: getImages'
 * arguments through their validation and the plan (the filter table's encodings, splits, refusals
 * and defaults), then sort, page size and marker. A page holds what IMS sends, so an argument
 * that would be applied locally is refused.
 */
import { ImsValidationError } from "../../provider/core/errors";
import { encodePairs } from "../../provider/core/queryString";
import { imageQueryPairs, MAX_LIMIT, type PageQuery } from "../../provider/core/query";
import { parseGetImagesArgs, type GetImagesArgsInput } from "../../provider/lookup/args";
import type { ApiTarget } from "../../provider/core/filters";
import { NATIVE, planLookup } from "../../provider/lookup/plan";

export function pageQuery(
  args: GetImagesArgsInput = {},
  page: { readonly marker?: string } = {},
  target: ApiTarget = NATIVE,
): PageQuery {
  const parsed = parseGetImagesArgs(args);
  const plan = planLookup(parsed, target);
  const problems = [
    ...(plan.local.length
      ? [{ property: "(filters)", reason: `applied locally: ${plan.localDescription.join(", ")}` }]
      : []),
    ...(parsed.limit !== undefined && parsed.limit > MAX_LIMIT
      ? [{ property: "limit", reason: `a page holds at most ${MAX_LIMIT} images (given ${parsed.limit})` }]
      : []),
  ];
  if (problems.length) throw new ImsValidationError(problems, "not one page's query");
  return {
    ...plan.server,
    ...(parsed.sortKey ? { sortKey: [parsed.sortKey] } : {}),
    ...(parsed.sortDir ? { sortDir: parsed.sortDir } : {}),
    ...(parsed.limit !== undefined ? { limit: parsed.limit } : {}),
    ...(page.marker !== undefined ? { marker: page.marker } : {}),
  };
}

/** The query string of pageQuery, without `?`. */
export function pageQueryString(args: GetImagesArgsInput = {}, page: { readonly marker?: string } = {}): string {
  return encodePairs(imageQueryPairs(pageQuery(args, page)));
}
