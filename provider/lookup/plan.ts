/**
 * Pure: splits lookup arguments into what IMS filters on (sent as the query) and what
 * pulumi-ims checks itself, entry by entry as the filter table says. Every filter the
 * API supports goes to the server.
 */
import {
  describeFilter,
  FILTER_NAMES,
  FILTERS,
  placementOf,
  refuseSortKey,
  type ApiTarget,
  type FilterName,
  type FilterSpec,
  type Placement,
} from "../core/filters";
import { ImsValidationError, type ValidationIssue } from "../core/errors";
import type { RawImage } from "../core/imsSchema";
import type { PageQuery } from "../core/query";
import type { SortKey } from "../core/vocabulary";
import type { ImageFilter } from "./args";

/** One filter, or the part of it, that IMS did not apply: whether an image passes it. */
export type LocalCheck = (image: RawImage) => boolean;

export type LocalFilters = readonly LocalCheck[];

export interface LookupPlan {
  /** Filters for GET /v2/images; sort, limit and marker are added by the caller. */
  readonly server: PageQuery;
  readonly local: LocalFilters;
  /** `platform="Ubuntu"`, ..., for messages. */
  readonly serverDescription: readonly string[];
  readonly localDescription: readonly string[];
}

type Encode = Extract<Placement<unknown>, { kind: "server" }>["encode"];
type Matches = Extract<Placement<unknown>, { kind: "local" }>["matches"];

/** The native API on an unknown cloud: what a plan is made for unless told otherwise. */
export const NATIVE: ApiTarget = { api: "native" };

const API_NAMES: Record<ApiTarget["api"], string> = {
  native: "the native API (GET /v2/images)",
  extension: "the extension API (GET /v2/cloudimages)",
};

export function planLookup(filter: ImageFilter, target: ApiTarget = NATIVE): LookupPlan {
  const all = filter as Readonly<Record<string, unknown>>;
  const filters: Array<[string, string]> = [];
  const local: LocalCheck[] = [];
  const serverDescription: string[] = [];
  const localDescription: string[] = [];
  const refused: ValidationIssue[] = [];
  // Defaults the caller did not write (status="active") come last in messages.
  const defaultsDescription: string[] = [];
  const send = (name: FilterName, encode: Encode, value: unknown, byDefault = false) => {
    filters.push(...encode(value));
    (byDefault ? defaultsDescription : serverDescription).push(...describeFilter(name, value));
  };
  const keep = (name: FilterName, matches: Matches, value: unknown) => {
    local.push((image) => matches(image, value));
    localDescription.push(...describeFilter(name, value));
  };
  for (const name of FILTER_NAMES) {
    const spec = FILTERS[name] as FilterSpec;
    const value = all[name] ?? spec.defaultValue;
    if (value === undefined || value === spec.anyValue) continue;
    const placement = placementOf(spec, target);
    switch (placement.kind) {
      case "server": {
        const reason = placement.refuse?.(value, target);
        if (reason) refused.push({ property: name, reason: `${reason} (given ${JSON.stringify(value)})` });
        else send(name, placement.encode, value, all[name] === undefined);
        break;
      }
      case "local":
        keep(name, placement.matches, value);
        break;
      case "split": {
        const part = placement.split(value, all, target);
        if (part.send !== undefined) send(name, placement.encode, part.send);
        if (part.keep !== undefined) keep(name, placement.matches, part.keep);
        break;
      }
      case "unsupported":
        refused.push({ property: name, reason: placement.reason });
        break;
    }
  }
  const sortRefusal = refuseSortKey(all.sortKey as SortKey | undefined, target);
  if (sortRefusal) refused.push({ property: "sortKey", reason: sortRefusal });
  if (refused.length > 0) throw new ImsValidationError(refused, `not available on ${API_NAMES[target.api]}`);
  return {
    server: { filters },
    local,
    serverDescription: [...serverDescription, ...defaultsDescription],
    localDescription,
  };
}

export function hasLocalFilters(local: LocalFilters): boolean {
  return local.length > 0;
}

/** True when the image passes every filter that IMS did not apply. */
export function matchesLocal(image: RawImage, local: LocalFilters): boolean {
  return local.every((check) => check(image));
}
