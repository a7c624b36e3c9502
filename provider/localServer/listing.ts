/**
 * GET /v2/images as a pure function of the catalog and the raw query: filters,
 * sorting, marker paging and first/next links, following the seed documents and,
 * where they are silent, what real Glance (Zed) does, as test/integration/glance.test.ts checks.
 */
import { isCalendarTime, timeToMillis } from "../core/timeFilter";
import { scalarText } from "../core/scalarText";
import type { StoredImage } from "./catalog";

export interface ListContext {
  /** The caller's project: its own images are visible whatever their visibility. */
  readonly projectId: string;
  readonly defaultLimit: number;
  readonly maxLimit: number;
}

export type ListResult =
  | { readonly status: 200; readonly body: { images: unknown[]; first: string; schema: string; next?: string } }
  | { readonly status: 400 | 403 | 500; readonly message: string };

const SORTABLE = [
  "name",
  "status",
  "container_format",
  "disk_format",
  "size",
  "id",
  "created_at",
  "updated_at",
] as const;
const TIME_OPS = new Set(["lt", "lte", "gt", "gte", "eq", "neq"]);
const KNOWN = new Set([
  "limit",
  "marker",
  "sort_key",
  "sort_dir",
  "sort",
  "name",
  "id",
  "status",
  "container_format",
  "disk_format",
  "visibility",
  "member_status",
  "owner",
  "protected",
  "min_disk",
  "min_ram",
  "created_at",
  "updated_at",
  "tag",
  "size_min",
  "size_max",
  "os_hidden",
  "changes-since",
  "checksum",
]);

class BadRequest extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 500 = 400,
  ) {
    super(message);
  }
}

/** Python's urlencode(quote_plus), which Glance uses for first/next. */
function pyQuotePlus(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/**
 * Glance builds links from a dict of the query, so a repeated parameter keeps its
 * first position but only its last value (tag=a&tag=b -> tag=b). Reproduced on purpose.
 */
function linkQuery(params: URLSearchParams, marker?: string): string {
  const dict = new Map<string, string>();
  for (const [k, v] of params) if (k !== "marker") dict.set(k, v);
  if (marker !== undefined) dict.set("marker", marker);
  return [...dict].map(([k, v]) => `${pyQuotePlus(k)}=${pyQuotePlus(v)}`).join("&");
}

function last(params: URLSearchParams, key: string): string | undefined {
  const all = params.getAll(key);
  return all.length ? all[all.length - 1] : undefined;
}

/**
 * name/id/status/container_format/disk_format, as Glance reads them: a value with a colon is
 * `<operator>:<value>`, split at the first colon, and only `eq` and `in` are operators
 * (`name=k8s:v1` is a 400; `name=eq:k8s:v1` is the exact name).
 */
function listFilter(raw: string): (v: unknown) => boolean {
  const colon = raw.indexOf(":");
  if (colon < 0) return (v) => String(v) === raw;
  const op = raw.slice(0, colon);
  const rest = raw.slice(colon + 1);
  if (op !== "eq" && op !== "in") throw new BadRequest(`Unable to filter by unknown operator '${op}'.`);
  const values = op === "in" ? splitIn(rest) : [rest];
  return (v) => values.includes(String(v));
}

function splitIn(list: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|([^,]+)/g;
  for (let m = re.exec(list); m; m = re.exec(list)) out.push(m[1] ?? m[2]!);
  return out;
}

function parseTime(text: string, key: string): number {
  const t = isCalendarTime(text) ? timeToMillis(text) : NaN;
  if (Number.isNaN(t)) throw new BadRequest(`Bad "${key}" query filter format. Use ISO 8601 DateTime notation.`);
  return t;
}

/** The stored time in milliseconds: the shown whole seconds plus, for created_at, the stored microseconds. */
function storedMillis(image: StoredImage, key: string): number | undefined {
  const v = image.json[key];
  if (typeof v !== "string") return undefined;
  return Date.parse(v) + (key === "created_at" ? (image.createdAtMicros ?? 0) / 1000 : 0);
}

function timeFilter(key: string, raw: string): (image: StoredImage) => boolean {
  const m = /^([a-z]+):(.+)$/.exec(raw);
  let op = "eq";
  let text = raw;
  if (m && !/^\d/.test(m[1]!)) {
    op = m[1]!;
    text = m[2]!;
    if (!TIME_OPS.has(op)) throw new BadRequest("Unable to filter on a unknown operator.");
  }
  const at = parseTime(text, key);
  return (image) => {
    const t = storedMillis(image, key);
    if (t === undefined) return false;
    switch (op) {
      case "lt":
        return t < at;
      case "lte":
        return t <= at;
      case "gt":
        return t > at;
      case "gte":
        return t >= at;
      case "neq":
        return t !== at;
      default:
        return t === at;
    }
  };
}

interface SortSpec {
  keys: string[];
  dirs: Array<"asc" | "desc">;
}

function sortSpec(params: URLSearchParams): SortSpec {
  const keys = params.getAll("sort_key");
  const dirs = params.getAll("sort_dir");
  const sort = last(params, "sort");
  if (sort !== undefined && (keys.length || dirs.length))
    throw new BadRequest("Old and new sorting syntax cannot be combined");
  let spec: SortSpec;
  if (sort !== undefined) {
    spec = { keys: [], dirs: [] };
    for (const part of sort.split(",")) {
      const [k, d = "desc"] = part.split(":");
      spec.keys.push(k!);
      spec.dirs.push(d as "asc" | "desc");
    }
  } else {
    const k = keys.length ? keys : ["created_at"];
    const d = dirs.length ? dirs : ["desc"];
    if (d.length > 1 && d.length !== k.length)
      throw new BadRequest("Number of sort dirs does not match the number of sort keys");
    spec = { keys: k, dirs: k.map((_, i) => (d.length === 1 ? d[0] : d[i]) as "asc" | "desc") };
  }
  for (const k of spec.keys) {
    if (!(SORTABLE as readonly string[]).includes(k))
      throw new BadRequest(`Invalid sort key: ${k}. It must be one of the following: ${SORTABLE.join(", ")}.`);
  }
  for (const d of spec.dirs)
    if (d !== "asc" && d !== "desc") throw new BadRequest(`Invalid sort direction: ${d as string}`);
  // Glance appends created_at and id so that the order is total.
  for (const tie of ["created_at", "id"]) {
    if (!spec.keys.includes(tie)) {
      spec.keys.push(tie);
      spec.dirs.push(spec.dirs[0] ?? "desc");
    }
  }
  return spec;
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = scalarText(a) ?? JSON.stringify(a);
  const sb = scalarText(b) ?? JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function comparator(spec: SortSpec): (a: StoredImage, b: StoredImage) => number {
  const valueOf = (image: StoredImage, key: string) =>
    key === "created_at" ? storedMillis(image, key) : image.json[key];
  return (a, b) => {
    for (let i = 0; i < spec.keys.length; i++) {
      const c = compareValues(valueOf(a, spec.keys[i]!), valueOf(b, spec.keys[i]!));
      if (c !== 0) return spec.dirs[i] === "asc" ? c : -c;
    }
    return 0;
  };
}

function visibleTo(
  image: StoredImage,
  ctx: ListContext,
  visibility: string | undefined,
  memberStatus: string,
): boolean {
  const j = image.json;
  const own = j.owner === ctx.projectId;
  const vis = j.visibility as string;
  const memberOk = memberStatus === "all" || image.memberStatus === memberStatus;
  switch (visibility) {
    case undefined:
      return vis === "public" || own || (vis === "shared" && memberOk);
    case "public":
      return vis === "public";
    case "private":
      return own && vis === "private";
    case "shared":
      return vis === "shared" && (own || memberOk);
    case "community":
      return vis === "community";
    case "all":
      return vis === "public" || own || vis === "community" || (vis === "shared" && memberOk);
    default:
      throw new BadRequest(`Invalid visibility value: ${visibility}`);
  }
}

/** The visible image with this id (also for GET /v2/images/{id}, which ignores membership state). */
export function findVisible(catalog: readonly StoredImage[], id: string, ctx: ListContext): StoredImage | undefined {
  const image = catalog.find((i) => i.json.id === id);
  if (!image || image.json.status === "deleted" || image.json.status === "killed") return undefined;
  const j = image.json;
  const visible =
    j.visibility === "public" ||
    j.visibility === "community" ||
    j.owner === ctx.projectId ||
    (j.visibility === "shared" && image.memberStatus !== undefined);
  return visible ? image : undefined;
}

/** A check the caller adds to the query's own (the extension API's filters that Glance lacks). */
export type ImageCheck = (image: StoredImage) => boolean;

export function listImages(
  catalog: readonly StoredImage[],
  params: URLSearchParams,
  ctx: ListContext,
  extraChecks: readonly ImageCheck[] = [],
): ListResult {
  try {
    return { status: 200, body: list(catalog, params, ctx, extraChecks) };
  } catch (e) {
    if (e instanceof BadRequest) return { status: e.status, message: e.message };
    throw e;
  }
}

function list(
  catalog: readonly StoredImage[],
  params: URLSearchParams,
  ctx: ListContext,
  extraChecks: readonly ImageCheck[],
) {
  const limitText = last(params, "limit");
  let limit = ctx.defaultLimit;
  if (limitText !== undefined) {
    if (!/^-?\d+$/.test(limitText)) throw new BadRequest("limit param must be an integer");
    limit = Number(limitText);
    if (limit < 0) throw new BadRequest("limit param must be positive");
    limit = Math.min(limit, ctx.maxLimit);
  }
  if (params.has("changes-since")) throw new BadRequest('The "changes-since" filter is no longer available on v2.');
  const spec = sortSpec(params);

  const visibility = last(params, "visibility");
  const memberStatus = last(params, "member_status") ?? "accepted";
  if (!["accepted", "pending", "rejected", "all"].includes(memberStatus))
    throw new BadRequest(`Invalid status: ${memberStatus}`);
  const protectedText = last(params, "protected");
  if (protectedText !== undefined && protectedText !== "true" && protectedText !== "false") {
    throw new BadRequest(
      `Invalid value '${protectedText}' for 'protected' filter. Valid values are 'true' or 'false'.`,
    );
  }
  const hiddenText = last(params, "os_hidden") ?? "false";

  const checks: Array<(img: Record<string, unknown>, image: StoredImage) => boolean> = [];
  for (const key of ["name", "id", "status", "container_format", "disk_format"]) {
    const raw = last(params, key);
    if (raw !== undefined) {
      const f = listFilter(raw);
      checks.push((img) => f(img[key]));
    }
  }
  for (const key of ["owner", "min_disk", "min_ram", "checksum"]) {
    const raw = last(params, key);
    if (raw !== undefined) checks.push((img) => scalarText(img[key]) === raw);
  }
  if (protectedText !== undefined) checks.push((img) => String(img.protected) === protectedText);
  for (const key of ["created_at", "updated_at"]) {
    const raw = last(params, key);
    if (raw !== undefined) {
      const f = timeFilter(key, raw);
      checks.push((_, image) => f(image));
    }
  }
  for (const bound of ["size_min", "size_max"]) {
    const raw = last(params, bound);
    if (raw === undefined) continue;
    if (!/^\d+$/.test(raw)) throw new BadRequest("Unable to filter on a range with a non-numeric value.");
    const n = Number(raw);
    checks.push((img) => typeof img.size === "number" && (bound === "size_min" ? img.size >= n : img.size <= n));
  }
  const tags = params.getAll("tag");
  if (tags.length)
    checks.push((img) => Array.isArray(img.tags) && tags.every((t) => (img.tags as string[]).includes(t)));
  for (const key of new Set(params.keys())) {
    if (KNOWN.has(key)) continue;
    // Glance reads any other *_min/*_max as a range on a DB column and fails.
    if (/_(min|max)$/.test(key))
      throw new BadRequest("The server has either erred or is incapable of performing the requested operation.", 500);
    const want = last(params, key)!;
    checks.push((img) => scalarText(img[key]) === want);
  }

  const matching = catalog.filter(
    (image) =>
      image.json.status !== "deleted" &&
      image.json.status !== "killed" &&
      String(image.hidden ?? false) === hiddenText &&
      visibleTo(image, ctx, visibility, memberStatus) &&
      checks.every((c) => c(image.json, image)) &&
      extraChecks.every((c) => c(image)),
  );
  const compare = comparator(spec);
  matching.sort(compare);

  let start = 0;
  const marker = last(params, "marker");
  if (marker !== undefined) {
    const markerImage = findVisible(catalog, marker, ctx);
    if (!markerImage) throw new BadRequest(`No image found with ID ${marker}`);
    start = matching.findIndex((img) => compare(img, markerImage) > 0);
    if (start < 0) start = matching.length;
  }
  const page = limit === 0 ? [] : matching.slice(start, start + limit);
  const firstQuery = linkQuery(params);
  const body: { images: unknown[]; first: string; schema: string; next?: string } = {
    images: page.map((i) => i.json),
    first: firstQuery ? `/v2/images?${firstQuery}` : "/v2/images",
    schema: "/v2/schemas/images",
  };
  // Like Glance: a full page always has `next`, so an exactly-full last page is followed by an empty one.
  if (limit > 0 && page.length === limit)
    body.next = `/v2/images?${linkQuery(params, page[page.length - 1]!.json.id as string)}`;
  return body;
}
