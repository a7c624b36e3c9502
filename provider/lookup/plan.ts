/**
 * Pure: splits lookup arguments into what IMS filters on (sent as the query) and
 * what pulumi-ims checks itself. Every filter the API supports goes to the server.
 */
import type { ParsedImageQuery } from "../core/query";
import { formatCondition, type TimeCondition } from "../core/timeFilter";
import type { RawImage } from "../core/imsSchema";
import { hasAllTags, matchesArchitecture, matchesNameRegex, matchesTimes } from "../core/select";
import type { ImageFilter } from "./args";

export interface LocalFilters {
  readonly nameRegex?: RegExp;
  /** Tags after the first: IMS documents one `tag` per query. */
  readonly tags: readonly string[];
  readonly architecture?: "x86" | "arm";
  /** Conditions beyond the one IMS takes per time field. */
  readonly createdAt: readonly TimeCondition[];
  readonly updatedAt: readonly TimeCondition[];
}

export interface LookupPlan {
  /** Filters for GET /v2/images; sort, limit and marker are added by the caller. */
  readonly server: ParsedImageQuery;
  readonly local: LocalFilters;
  /** `platform=Ubuntu`, ..., for messages. */
  readonly serverDescription: readonly string[];
  readonly localDescription: readonly string[];
}

/**
 * IMS takes one condition per time field. Newest-first paging gains most from an
 * upper bound (it skips the newest images on the server), so that goes first.
 */
const SERVER_PREFERENCE: Record<TimeCondition["op"], number> = { lt: 0, lte: 1, eq: 2, gt: 3, gte: 4, neq: 5 };

function splitTime(conditions: readonly TimeCondition[] | undefined): { server?: TimeCondition; local: TimeCondition[] } {
  if (!conditions || conditions.length === 0) return { local: [] };
  const sorted = [...conditions].sort((a, b) => SERVER_PREFERENCE[a.op] - SERVER_PREFERENCE[b.op]);
  return { server: sorted[0], local: sorted.slice(1) };
}

export function hasLocalFilters(local: LocalFilters): boolean {
  return local.nameRegex !== undefined || local.tags.length > 0 || local.architecture !== undefined || local.createdAt.length > 0 || local.updatedAt.length > 0;
}

export function planLookup(filter: ImageFilter): LookupPlan {
  const allTags = [...(filter.tag !== undefined ? [filter.tag] : []), ...(filter.tags ?? [])].filter((t, i, a) => a.indexOf(t) === i);
  const created = splitTime(filter.createdAt);
  const updated = splitTime(filter.updatedAt);
  const server: ParsedImageQuery = {
    id: filter.id,
    name: filter.name,
    platform: filter.platform,
    osType: filter.osType,
    osBit: filter.osBit,
    osVersion: filter.osVersion,
    imageType: filter.imageType,
    visibility: filter.visibility,
    owner: filter.owner,
    status: filter.status ?? "active",
    memberStatus: filter.memberStatus,
    protected: filter.protected,
    isRegistered: filter.isRegistered,
    containerFormat: filter.containerFormat,
    diskFormat: filter.diskFormat,
    minDisk: filter.minDisk,
    minRam: filter.minRam,
    virtualEnvType: filter.virtualEnvType,
    supports: filter.supports,
    properties: filter.properties,
    tags: allTags.slice(0, 1),
    createdAt: created.server,
    updatedAt: updated.server,
  };
  for (const key of Object.keys(server) as Array<keyof ParsedImageQuery>) if (server[key] === undefined) delete server[key];
  if (server.tags?.length === 0) delete server.tags;

  const local: LocalFilters = {
    nameRegex: filter.nameRegex?.regex,
    tags: allTags.slice(1),
    architecture: filter.architecture,
    createdAt: created.local,
    updatedAt: updated.local,
  };
  return { server, local, serverDescription: describeServer(server), localDescription: describeLocal(local) };
}

function describeServer(q: ParsedImageQuery): string[] {
  const out: string[] = [];
  const simple: Array<[string, unknown]> = [
    ["id", q.id], ["name", q.name], ["platform", q.platform], ["osType", q.osType], ["osBit", q.osBit], ["osVersion", q.osVersion],
    ["imageType", q.imageType], ["visibility", q.visibility], ["owner", q.owner], ["status", q.status], ["memberStatus", q.memberStatus],
    ["protected", q.protected], ["isRegistered", q.isRegistered], ["containerFormat", q.containerFormat], ["diskFormat", q.diskFormat],
    ["minDisk", q.minDisk], ["minRam", q.minRam], ["virtualEnvType", q.virtualEnvType],
  ];
  for (const [k, v] of simple) if (v !== undefined) out.push(`${k}=${JSON.stringify(v)}`);
  for (const t of q.tags ?? []) out.push(`tag=${JSON.stringify(t)}`);
  for (const [k, v] of Object.entries(q.supports ?? {})) out.push(`supports.${k}=${JSON.stringify(v)}`);
  if (q.createdAt) out.push(`createdAt=${formatCondition(q.createdAt)}`);
  if (q.updatedAt) out.push(`updatedAt=${formatCondition(q.updatedAt)}`);
  for (const [k, v] of Object.entries(q.properties ?? {})) out.push(`properties.${k}=${JSON.stringify(v)}`);
  return out;
}

function describeLocal(l: LocalFilters): string[] {
  const out: string[] = [];
  if (l.nameRegex) out.push(`nameRegex=/${l.nameRegex.source}/`);
  for (const t of l.tags) out.push(`tag=${JSON.stringify(t)}`);
  if (l.architecture) out.push(`architecture=${JSON.stringify(l.architecture)}`);
  for (const c of l.createdAt) out.push(`createdAt=${formatCondition(c)}`);
  for (const c of l.updatedAt) out.push(`updatedAt=${formatCondition(c)}`);
  return out;
}

/** True when the image passes every filter that IMS did not apply. */
export function matchesLocal(image: RawImage, local: LocalFilters): boolean {
  return (
    matchesNameRegex(image, local.nameRegex) &&
    hasAllTags(image, local.tags) &&
    matchesArchitecture(image, local.architecture) &&
    matchesTimes(image.created_at, local.createdAt) &&
    matchesTimes(image.updated_at, local.updatedAt)
  );
}
