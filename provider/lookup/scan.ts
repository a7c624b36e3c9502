/**
 * The lookups behind getImage/getImages, the CLI and ImageSelection. Filters go to
 * IMS sorted newest first, so a query whose filters are all server-side costs one
 * request (limit=1), and one with local filters stops at the first page that matches.
 */
import { ImsAmbiguousError, ImsNoMatchError } from "../core/errors";
import type { ApiTarget } from "../core/filters";
import type { ImsClient } from "../services/imsClient";
import { EXTENSION_PAGE_SIZE, imagePages } from "../services/imagePages";
import { MAX_LIMIT, type PageQuery } from "../core/query";
import type { RawImage } from "../core/imsSchema";
import { closestNames, regexText } from "../core/select";
import { SharedResults } from "../core/byteBoundedCache";
import { stableKey } from "../core/stableKey";
import type { ParsedGetImageArgs, ParsedGetImagesArgs } from "./args";
import { hasLocalFilters, matchesLocal, planLookup, type LocalFilters, type LookupPlan } from "./plan";

/** First page when filtering locally: most lookups match early; later pages use the maximum. */
const FIRST_LOCAL_PAGE = 100;
/** Candidates shown when mostRecent is false and several images match. */
const AMBIGUITY_SHOWN = 5;
/** Names kept from scanned pages for "closest names" suggestions. */
export const MAX_NAMES_KEPT = 10_000;

const targetOf = (client: ImsClient): ApiTarget => ({ api: client.connection.api, cloud: client.connection.cloud });

/** The largest page to ask for: Glance's cap on the native API, the documented default on the extension API (its maximum is not documented). */
const largestPage = (client: ImsClient): number =>
  client.connection.api === "extension" ? EXTENSION_PAGE_SIZE : MAX_LIMIT;

const NEWEST_FIRST = { sortKey: ["created_at"] as Array<"created_at">, sortDir: "desc" as const };

/** Bytes (as JSON) of the lookup results kept per client. */
export const LOOKUP_CACHE_BYTES = 8 * 1024 * 1024;

/**
 * Lookups per client: identical concurrent lookups share one promise, and later ones the kept
 * answer, least recently used first out past LOOKUP_CACHE_BYTES. They go with their client.
 */
const lookups = new WeakMap<ImsClient, SharedResults<unknown>>();

function shared<T>(client: ImsClient, key: string, compute: () => Promise<T>): Promise<T> {
  let results = lookups.get(client);
  if (!results)
    lookups.set(
      client,
      (results = new SharedResults<unknown>(LOOKUP_CACHE_BYTES, (value) => JSON.stringify(value).length)),
    );
  return results.get(key, compute) as Promise<T>;
}

interface Scan {
  readonly matches: RawImage[];
  /** Images the server-side filters matched, among the pages read. */
  serverMatched: number;
  /** True when every page was read. */
  exhausted: boolean;
  readonly names: Set<string>;
}

/** What a lookup that found nothing saw, as data: the front doors build the error from it. */
export interface NoMatch {
  /** `sent to IMS: ...; applied locally: ...`. */
  readonly filters: string;
  readonly serverMatched: number;
  /** The name or regex asked for, if any. */
  readonly target?: string;
  /** The closest names among the images read, or the newest names when no name was asked for. */
  readonly closestNames: readonly string[];
  /** The filters sent, for the page of names that noMatchError may read. */
  readonly serverFilters: ReadonlyArray<readonly [string, string]>;
}

/** A newest-match lookup's answer: the image, or none with what the scan saw. */
export type NewestMatch = { readonly image: RawImage } | { readonly image: undefined; readonly noMatch: NoMatch };

/** Told after each page a lookup reads: how many pages and images so far. */
export type ProgressListener = (progress: { readonly pages: number; readonly images: number }) => void;

/** Reads pages of `query` until `enough` images pass the local filters, or the pages run out. */
async function scan(
  client: ImsClient,
  query: PageQuery,
  local: LocalFilters,
  enough: number,
  firstLimit?: number,
  onProgress?: ProgressListener,
): Promise<Scan> {
  let pages = 0;
  const result: Scan = { matches: [], serverMatched: 0, exhausted: true, names: new Set() };
  for await (const page of imagePages(client, query, { firstLimit })) {
    onProgress?.({ pages: ++pages, images: result.serverMatched + page.images.length });
    for (const image of page.images) {
      result.serverMatched++;
      if (result.names.size < MAX_NAMES_KEPT && image.name) result.names.add(image.name);
      if (matchesLocal(image, local)) result.matches.push(image);
    }
    if (result.matches.length >= enough) {
      result.exhausted = false;
      break;
    }
  }
  return result;
}

export async function findImage(
  client: ImsClient,
  args: ParsedGetImageArgs,
  onProgress?: ProgressListener,
): Promise<NewestMatch> {
  return shared(client, `getImage ${stableKey(args)}`, () => findImageUncached(client, args, onProgress));
}

async function findImageUncached(
  client: ImsClient,
  args: ParsedGetImageArgs,
  onProgress?: ProgressListener,
): Promise<NewestMatch> {
  const plan = withDenied(planLookup(args, targetOf(client)), args.denyImageIds);
  const pageSize = largestPage(client);
  const mostRecent = args.mostRecent ?? true;
  const want = mostRecent ? 1 : AMBIGUITY_SHOWN;
  // Server-side filters only: the first `want` images IMS returns are the answer, one page
  // (a second only when the first held an image that could not be read).
  const found = hasLocalFilters(plan.local)
    ? await scan(
        client,
        { ...plan.server, ...NEWEST_FIRST, limit: pageSize },
        plan.local,
        want,
        FIRST_LOCAL_PAGE,
        onProgress,
      )
    : await scan(client, { ...plan.server, ...NEWEST_FIRST, limit: want }, plan.local, want, undefined, onProgress);
  // IMS's order is the truth: it sorts by the stored created_at, which has microseconds, while
  // the shown one has whole seconds. A re-sort here could pick another of two same-second images.
  const matches = found.matches;
  if (matches.length === 0) return { image: undefined, noMatch: noMatchOf(args, plan, found) };
  if (!mostRecent && matches.length > 1) throw ambiguousError(plan, matches, found.exhausted);
  return { image: matches[0]! };
}

export async function findImages(
  client: ImsClient,
  args: ParsedGetImagesArgs,
  onProgress?: ProgressListener,
): Promise<RawImage[]> {
  return shared(client, `getImages ${stableKey(args)}`, async () => {
    const plan = planLookup(args, targetOf(client));
    const want = args.limit ?? Number.POSITIVE_INFINITY;
    const pageLimit = hasLocalFilters(plan.local) ? largestPage(client) : Math.min(largestPage(client), want);
    const query: PageQuery = {
      ...plan.server,
      sortKey: [args.sortKey ?? "created_at"],
      sortDir: args.sortDir ?? "desc",
      limit: pageLimit,
    };
    return (await scan(client, query, plan.local, want, undefined, onProgress)).matches.slice(0, want);
  });
}

/** Denied images are skipped like a local filter: the scan reads on past them. */
function withDenied(plan: LookupPlan, denied: readonly string[] | undefined): LookupPlan {
  if (!denied || denied.length === 0) return plan;
  const ids = new Set(denied);
  return {
    ...plan,
    local: [...plan.local, (image) => !ids.has(image.id)],
    localDescription: [...plan.localDescription, `not denyImageIds (${denied.length})`],
  };
}

function filtersText(plan: LookupPlan): string {
  // Never empty: status is always sent (active by default).
  const server = plan.serverDescription.join(", ");
  const local = plan.localDescription.length ? `; applied locally: ${plan.localDescription.join(", ")}` : "";
  return `sent to IMS: ${server}${local}`;
}

/** What a newest-match lookup saw when nothing matched; no further request was made. */
function noMatchOf(args: ParsedGetImageArgs, plan: LookupPlan, found: Scan): NoMatch {
  const target = args.name ?? (args.nameRegex ? regexText(args.nameRegex.source) : undefined);
  const names = [...found.names];
  return {
    filters: filtersText(plan),
    serverMatched: found.serverMatched,
    target,
    closestNames: target !== undefined ? closestNames(names, target) : names.slice(0, AMBIGUITY_SHOWN),
    serverFilters: plan.server.filters,
  };
}

/**
 * The error for a lookup that found nothing, for the front doors that show it. When IMS matched
 * nothing at all and a name was asked for, one more page, without the name, gives names to suggest;
 * if that page fails, the error goes without suggestions: it can never replace the no-match.
 */
export async function noMatchError(client: ImsClient, noMatch: NoMatch): Promise<ImsNoMatchError> {
  const closest =
    noMatch.serverMatched === 0 && noMatch.target !== undefined
      ? await namesToSuggest(client, noMatch.serverFilters, noMatch.target)
      : noMatch.closestNames;
  return new ImsNoMatchError({
    filters: noMatch.filters,
    serverMatched: noMatch.serverMatched,
    closestNames: closest,
    byName: noMatch.target !== undefined,
  });
}

/** The names closest to `target` on one page without the name filter; none if that page fails. */
async function namesToSuggest(
  client: ImsClient,
  serverFilters: NoMatch["serverFilters"],
  target: string,
): Promise<readonly string[]> {
  try {
    const withoutName = serverFilters.filter(([key]) => key !== "name");
    const page = await client.listPage({ filters: withoutName, ...NEWEST_FIRST, limit: largestPage(client) });
    return closestNames(
      page.images.flatMap((i) => (i.name ? [i.name] : [])),
      target,
    );
  } catch {
    return [];
  }
}

function ambiguousError(plan: LookupPlan, matches: RawImage[], exhausted: boolean): ImsAmbiguousError {
  // Every page read means the scan never had its AMBIGUITY_SHOWN matches: the count is complete.
  return new ImsAmbiguousError({
    filters: filtersText(plan),
    candidates: matches
      .slice(0, AMBIGUITY_SHOWN)
      .map((i) => ({ id: i.id, name: i.name ?? "", createdAt: i.created_at })),
    matched: matches.length,
    complete: exhausted,
  });
}
