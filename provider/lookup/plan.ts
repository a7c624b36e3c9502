/**
 * Pure: splits lookup arguments into what IMS filters on (sent as the query) and what
 * pulumi-ims checks itself, entry by entry as the filter table says. Every filter the
 * API supports goes to the server.
 */
import { describeFilter, FILTER_NAMES, FILTERS, type FilterName, type FilterSpec } from "../core/filters";
import type { RawImage } from "../core/imsSchema";
import type { ParsedImageQuery } from "../core/query";
import type { ImageFilter } from "./args";

/** One filter, or the part of it, that IMS did not apply. */
export interface LocalCheck {
  readonly name: FilterName;
  readonly value: unknown;
  matches(image: RawImage): boolean;
}

export type LocalFilters = readonly LocalCheck[];

export interface LookupPlan {
  /** Filters for GET /v2/images; sort, limit and marker are added by the caller. */
  readonly server: ParsedImageQuery;
  readonly local: LocalFilters;
  /** `platform="Ubuntu"`, ..., for messages. */
  readonly serverDescription: readonly string[];
  readonly localDescription: readonly string[];
}

export function planLookup(filter: ImageFilter): LookupPlan {
  const all = filter as Readonly<Record<string, unknown>>;
  const filters: Array<[string, string]> = [];
  const local: LocalCheck[] = [];
  const serverDescription: string[] = [];
  const localDescription: string[] = [];
  // Defaults the caller did not write (status="active") come last in messages.
  const defaultsDescription: string[] = [];
  const send = (name: FilterName, spec: FilterSpec, value: unknown, byDefault = false) => {
    if (spec.native.kind === "local") return;
    filters.push(...spec.native.encode(value));
    (byDefault ? defaultsDescription : serverDescription).push(...describeFilter(name, value));
  };
  const keep = (name: FilterName, spec: FilterSpec, value: unknown) => {
    if (spec.native.kind === "server") return;
    const { matches } = spec.native;
    local.push({ name, value, matches: (image) => matches(image, value) });
    localDescription.push(...describeFilter(name, value));
  };
  for (const name of FILTER_NAMES) {
    const spec = FILTERS[name] as FilterSpec;
    const value = all[name] ?? spec.defaultValue;
    if (value === undefined) continue;
    switch (spec.native.kind) {
      case "server":
        send(name, spec, value, all[name] === undefined);
        break;
      case "local":
        keep(name, spec, value);
        break;
      case "split": {
        const part = spec.native.split(value, all);
        if (part.send !== undefined) send(name, spec, part.send);
        if (part.keep !== undefined) keep(name, spec, part.keep);
        break;
      }
      default:
        throw new Error(`unknown placement ${(spec.native as { kind: string }).kind}`);
    }
  }
  return { server: { filters }, local, serverDescription: [...serverDescription, ...defaultsDescription], localDescription };
}

export function hasLocalFilters(local: LocalFilters): boolean {
  return local.length > 0;
}

/** True when the image passes every filter that IMS did not apply. */
export function matchesLocal(image: RawImage, local: LocalFilters): boolean {
  return local.every((check) => check.matches(image));
}
