/**
 * THE FILTER TABLE: the one place a lookup filter is defined. Each entry gives the
 * argument's validation (zod), how the native API (GET /v2/images) receives it or
 * whether pulumi-ims checks it locally, its description in messages, and its
 * command-line flag. From it come: argument validation (lookup/args.ts), the IMS
 * query (core/query.ts), the server/local plan (lookup/plan.ts) and the CLI flags and
 * help (cli/). The SDK's ImageFilterArgs is a declared interface (its declarations must
 * not reach zod); sdk/getImage.ts checks at compile time that it matches this table.
 *
 * Table order is wire order: the query string lists filters in this order.
 */
import { z } from "zod";
import type { RawImage } from "./imsSchema";
import { scalarText } from "./scalarText";
import { hasAllTags, matchesArchitecture, matchesNameRegex, matchesTimes } from "./select";
import { documentedUtc, formatCondition, storedTimeCondition, timeRangeSchema, type TimeCondition } from "./timeFilter";
import { enumOf, withGiven } from "./validation";
import {
  ARCHITECTURES,
  EXTENSION_SUPPORT_FLAGS,
  IMAGE_TYPES,
  MEMBER_STATUSES,
  OS_BITS,
  OS_TYPES,
  STATUSES,
  SUPPORT_FLAGS,
  VISIBILITIES,
  type Api,
  type Cloud,
  type SortKey,
  type SupportFlag,
} from "./vocabulary";

export type WirePairs = Array<[string, string]>;

/** Which list API a lookup runs on, and on which cloud (undefined: not known, e.g. an explicit endpoint). */
export interface ApiTarget {
  readonly api: Api;
  readonly cloud?: Cloud;
}

/** How one list API takes a filter. */
export type Placement<V> =
  /** Sent to IMS whole; `refuse` names a value this API cannot take (a validation error, before any request). */
  | {
      readonly kind: "server";
      readonly encode: (value: V) => WirePairs;
      readonly refuse?: (value: V, target: ApiTarget) => string | undefined;
    }
  /** Checked by pulumi-ims on each image IMS returns. */
  | { readonly kind: "local"; readonly matches: (image: RawImage, value: V) => boolean }
  /**
   * Partly sent: `split` says what goes to IMS (encoded with `encode`) and what is kept
   * to check locally (with `matches`). `encode` alone is how the API reads the whole value.
   */
  | {
      readonly kind: "split";
      readonly encode: (value: V) => WirePairs;
      readonly split: (
        value: V,
        all: Readonly<Record<string, unknown>>,
        target: ApiTarget,
      ) => { readonly send?: V; readonly keep?: V };
      readonly matches: (image: RawImage, value: V) => boolean;
    }
  /** This API cannot filter on it and the images it returns do not show it: a validation error naming the API. */
  | { readonly kind: "unsupported"; readonly reason: string };

/**
 * How a filter's flag reads on the command line (cli/flags.ts turns its text into the argument):
 * text (the last one given), bool (true|false), int (a whole number), list (every one given),
 * time (op:TIME, repeatable into a range), flags (NAME or NAME=VALUE into an object of true or
 * values: --supports kvm), pairs (KEY=VALUE into an object: --property).
 */
export type CliFlagKind = "text" | "bool" | "int" | "list" | "time" | "flags" | "pairs";

export interface CliFlag {
  readonly flag: string;
  readonly metavar: string;
  readonly kind: CliFlagKind;
  readonly repeatable?: boolean;
}

export interface FilterSpec<S extends z.ZodType = z.ZodType> {
  readonly arg: S;
  /** GET /v2/images. */
  readonly native: Placement<z.output<S>>;
  /** GET /v2/cloudimages; absent means as `native`. */
  readonly extension?: Placement<z.output<S>>;
  /** Sent when the argument is absent. */
  readonly defaultValue?: z.output<S>;
  /** The value that asks for no filter at all, instead of the default (virtualEnvType "any"). */
  readonly anyValue?: z.output<S>;
  /** For messages: `platform="Ubuntu"`; by default `name=<JSON of the value>`. */
  readonly describe?: (value: z.output<S>) => string[];
  /** Absent when another filter's flag carries it (`tag` rides on `--tag` of `tags`). */
  readonly cli?: CliFlag;
  readonly help: string;
}

/** Keeps each entry's value type for its functions, and the whole table's key types. */
function filter<S extends z.ZodType>(spec: FilterSpec<S>): FilterSpec<S> {
  return spec;
}

// --- argument schemas --------------------------------------------------------------

// The message follows the argument's path ("platform: must be a string"), so it does not name it again.
const text = z.string({ error: withGiven("must be a string") }).min(1, { error: "must not be empty" });
const count = z
  .number({ error: withGiven("must be a number") })
  .int({ error: withGiven("must be a whole number") })
  .min(0, { error: withGiven("must be 0 or more") });
const flagValue = z
  .union([z.boolean(), z.enum(["true", "false"])], { error: withGiven("must be true or false") })
  .transform((v) => String(v));
const supportValue = z
  .union([z.literal(true), z.string().min(1)], { error: withGiven('must be true or a value such as "V100"') })
  .transform((v) => String(v));
const regex = z.string({ error: withGiven("must be a regular expression string") }).transform((source, ctx) => {
  try {
    return { source, regex: new RegExp(source) };
  } catch (e) {
    ctx.addIssue({
      code: "custom",
      message: `is not a valid regular expression: ${(e as Error).message} (given ${JSON.stringify(source)})`,
    });
    return z.NEVER;
  }
});

/** Parameters that IMS reads itself; any other key in `properties` is a property filter. */
const RESERVED_KEYS = new Set([
  "limit",
  "marker",
  "sort_key",
  "sort_dir",
  "sort",
  "tag",
  "name",
  "id",
  "status",
  "visibility",
  "member_status",
  "owner",
  "protected",
  "container_format",
  "disk_format",
  "min_ram",
  "min_disk",
  "created_at",
  "updated_at",
  "size_min",
  "size_max",
  "os_hidden",
  "changes-since",
]);

const propertyKey = z
  .string()
  .min(1, { error: "property names must not be empty" })
  .refine((k) => !RESERVED_KEYS.has(k), {
    error: (i) => `${JSON.stringify(i.input)} is a query parameter, not a property: use its own argument`,
  })
  // Glance turns any unknown `*_min`/`*_max` parameter into a range on a DB column and answers 500.
  .refine((k) => !/_(min|max)$/.test(k), {
    error: (i) => `${JSON.stringify(i.input)} ends in _min/_max, which IMS reads as a range and rejects with HTTP 500`,
  });

// --- how values reach the wire and the command line ---------------------------------

/** `key=value` as IMS reads it. */
const sendAs = (key: string): Placement<unknown> & { kind: "server" } => ({
  kind: "server",
  encode: (value) => [[key, String(value)]],
});

/**
 * For name, id, container_format and disk_format IMS (Glance) reads a value with a colon as
 * `<operator>:<value>` and refuses `k8s:v1` as an unknown operator; `eq:` makes it the exact value.
 * Values without a colon go unchanged.
 */
const sendExact = (key: string): Placement<unknown> & { kind: "server" } => ({
  kind: "server",
  encode: (value) => [[key, String(value).includes(":") ? `eq:${String(value)}` : String(value)]],
});

/**
 * A parameter the extension API does not document: sent (a server that honours it narrows the
 * pages) and checked on every image returned as well, so a server that ignores it cannot widen the answer.
 */
const sentAndChecked = <V>(
  encode: (value: V) => WirePairs,
  matches: (image: RawImage, value: V) => boolean,
): Placement<V> => ({
  kind: "split",
  encode,
  split: (value) => ({ send: value, keep: value }),
  matches,
});

const isOtc = (target: ApiTarget) => target.cloud === "opentelekomcloud";

/** One `--flag VALUE`, passed on as text (zod validates it). */
const textFlag = (flag: string, metavar: string): CliFlag => ({ flag, metavar, kind: "text" });
const boolFlag = (flag: string): CliFlag => ({ flag, metavar: "true|false", kind: "bool" });
const intFlag = (flag: string, metavar: string): CliFlag => ({ flag, metavar, kind: "int" });
const timeFlag = (flag: string): CliFlag => ({ flag, metavar: "op:TIME", kind: "time", repeatable: true });

// --- time fields: IMS takes one condition per field ----------------------------------

/**
 * Newest-first paging gains most from an upper bound (it skips the newest images on the
 * server), so that is the condition sent; the others are checked locally.
 */
const SERVER_PREFERENCE: Record<TimeCondition["op"], number> = { lt: 0, lte: 1, eq: 2, gt: 3, gte: 4, neq: 5 };

/** createdAt / updatedAt: the argument, the field (and query key) `created_at` / `updated_at`, and the flag `--created-at` / `--updated-at`. */
function timeFilter(name: "createdAt" | "updatedAt", key: "created_at" | "updated_at", help: string) {
  // Semantics are the shown whole-second times; the sent condition is restated for the stored ones.
  const split = (conditions: TimeCondition[]) => {
    const chosen = [...conditions]
      .filter((c) => c.op !== "neq")
      .sort((a, b) => SERVER_PREFERENCE[a.op] - SERVER_PREFERENCE[b.op])[0];
    const sent = chosen && storedTimeCondition(chosen);
    // eq is sent as a lower bound only, so it is checked locally as well.
    const keep = conditions.filter((c) => c !== chosen || c.op === "eq");
    return { send: sent ? [sent] : undefined, keep: keep.length > 0 ? keep : undefined };
  };
  const matches = (image: RawImage, conditions: TimeCondition[]) => matchesTimes(image[key], conditions);
  return filter({
    arg: timeRangeSchema,
    native: {
      kind: "split",
      encode: (conditions) => conditions.map((c): [string, string] => [key, formatCondition(c)]),
      split,
      matches,
    },
    // The extension API documents yyyy-MM-ddThh:mm:ssZ (UTC) only: offsets and dates are restated in it.
    extension: {
      kind: "split",
      encode: (conditions) => conditions.map((c): [string, string] => [key, formatCondition(documentedUtc(c))]),
      split,
      matches,
    },
    describe: (conditions) => conditions.map((c) => `${name}=${formatCondition(c)}`),
    cli: timeFlag(key.replace("_", "-")),
    help,
  });
}

/** Tags: `tag` and then `tags`, each once. */
function allTags(all: Readonly<Record<string, unknown>>): string[] {
  const tags = [...(typeof all.tag === "string" ? [all.tag] : []), ...((all.tags as string[] | undefined) ?? [])];
  return tags.filter((t, i) => tags.indexOf(t) === i);
}

const describeEach = (name: string) => (values: readonly string[]) => values.map((v) => `${name}=${JSON.stringify(v)}`);

// --- the table ----------------------------------------------------------------------

export const FILTERS = {
  isRegistered: filter({
    arg: flagValue,
    native: sendAs("__isregistered"),
    extension: {
      ...sendAs("__isregistered"),
      refuse: (v) =>
        v === "false" ? "the extension API lists registered images only (isRegistered: true)" : undefined,
    },
    cli: boolFlag("is-registered"),
    help: "`__isregistered`",
  }),
  imageType: filter({
    arg: enumOf(IMAGE_TYPES),
    // `market` is Huawei Cloud's, and only its extension API documents it: elsewhere it is checked on each image.
    native: {
      kind: "split",
      encode: (v) => [["__imagetype", v]],
      split: (v) => (v === "market" ? { keep: v } : { send: v }),
      matches: (image, v) => image.__imagetype === v,
    },
    extension: {
      kind: "split",
      encode: (v) => [["__imagetype", v]],
      split: (v, _, t) => (v === "market" && isOtc(t) ? { keep: v } : { send: v }),
      matches: (image, v) => image.__imagetype === v,
    },
    cli: textFlag("image-type", IMAGE_TYPES.join("|")),
    help: "`__imagetype`: gold (public), private, shared, or market (Huawei Cloud)",
  }),
  protected: filter({
    arg: flagValue,
    native: sendAs("protected"),
    cli: boolFlag("protected"),
    help: "protected images only, or unprotected only",
  }),
  visibility: filter({
    arg: enumOf(VISIBILITIES),
    native: sendAs("visibility"),
    cli: textFlag("visibility", VISIBILITIES.join("|")),
    help: "visibility",
  }),
  owner: filter({
    arg: text,
    native: sendAs("owner"),
    cli: textFlag("owner", "PROJECT"),
    help: "owning project id",
  }),
  id: filter({
    arg: text,
    native: sendExact("id"),
    extension: sendAs("id"),
    cli: textFlag("id", "ID"),
    help: "image id",
  }),
  status: filter({
    arg: enumOf(STATUSES),
    native: sendAs("status"),
    defaultValue: "active",
    cli: textFlag("status", "active"),
    help: "image status; default active",
  }),
  name: filter({
    arg: text,
    native: sendExact("name"),
    extension: sendAs("name"),
    cli: textFlag("name", "EXACT"),
    help: "exact, case-sensitive name",
  }),
  nameRegex: filter({
    arg: regex,
    native: { kind: "local", matches: (image, value) => matchesNameRegex(image, value.regex) },
    describe: (value) => [`nameRegex=/${value.source}/`],
    cli: textFlag("name-regex", "REGEX"),
    help: "JavaScript regular expression on the name",
  }),
  containerFormat: filter({
    arg: text,
    native: sendExact("container_format"),
    extension: sendAs("container_format"),
    cli: textFlag("container-format", "bare"),
    help: "container format",
  }),
  diskFormat: filter({
    arg: text,
    native: sendExact("disk_format"),
    extension: sendAs("disk_format"),
    cli: textFlag("disk-format", "zvhd2"),
    help: "disk format",
  }),
  minRam: filter({
    arg: count,
    native: sendAs("min_ram"),
    cli: intFlag("min-ram", "MB"),
    help: "minimum memory (MB), matched exactly as IMS does",
  }),
  minDisk: filter({
    arg: count,
    native: sendAs("min_disk"),
    cli: intFlag("min-disk", "GB"),
    help: "minimum disk (GB), matched exactly as IMS does",
  }),
  osBit: filter({
    arg: z
      .union([z.enum(OS_BITS), z.literal(32), z.literal(64)], { error: withGiven("must be 32 or 64") })
      .transform((v) => String(v)),
    native: sendAs("__os_bit"),
    cli: textFlag("os-bit", "32|64"),
    help: "`__os_bit`",
  }),
  platform: filter({
    arg: text,
    native: sendAs("__platform"),
    cli: textFlag("platform", "Ubuntu"),
    help: "`__platform`, exact",
  }),
  osType: filter({
    arg: enumOf(OS_TYPES),
    native: sendAs("__os_type"),
    cli: textFlag("os-type", OS_TYPES.join("|")),
    help: "`__os_type`",
  }),
  osVersion: filter({
    arg: text,
    native: sendAs("__os_version"),
    extension: sentAndChecked<string>(
      (v) => [["__os_version", v]],
      (image, v) => image.__os_version === v,
    ),
    cli: textFlag("os-version", "TEXT"),
    help: "`__os_version`, exact",
  }),
  virtualEnvType: filter({
    arg: text,
    native: sendAs("virtual_env_type"),
    // A boot-image lookup wants what an ECS can boot, not the newest data-disk, ISO or bare-metal image.
    defaultValue: "FusionCompute",
    anyValue: "any",
    cli: textFlag("virtual-env-type", "FusionCompute|Ironic|DataImage|IsoImage|any"),
    help: "FusionCompute (ECS system disks, the default), Ironic (BMS), DataImage, IsoImage, or any (every kind)",
  }),
  tag: filter({
    arg: text,
    // IMS documents one `tag` per query: the first of `tag` and `tags` is sent, the rest checked locally.
    native: {
      kind: "split",
      encode: (tag) => [["tag", tag]],
      split: (tag) => ({ send: tag }),
      matches: (image, tag) => hasAllTags(image, [tag]),
    },
    describe: (tag) => [`tag=${JSON.stringify(tag)}`],
    help: "one tag",
  }),
  tags: filter({
    arg: z.array(text, { error: withGiven("must be a list of strings") }),
    native: {
      kind: "split",
      encode: (tags) => tags.map((t): [string, string] => ["tag", t]),
      split: (_tags, all) => {
        const tags = allTags(all);
        const sentByTag = typeof all.tag === "string";
        const rest = tags.slice(1);
        return { send: sentByTag ? undefined : tags.slice(0, 1), keep: rest.length ? rest : undefined };
      },
      matches: (image, tags) => hasAllTags(image, tags),
    },
    describe: describeEach("tag"),
    cli: { flag: "tag", metavar: "TAG", kind: "list", repeatable: true },
    help: "tags the image must all have (the first is sent)",
  }),
  memberStatus: filter({
    arg: enumOf(MEMBER_STATUSES),
    native: sendAs("member_status"),
    cli: textFlag("member-status", MEMBER_STATUSES.join("|")),
    help: "membership of a shared image",
  }),
  architecture: filter({
    arg: enumOf(ARCHITECTURES),
    native: { kind: "local", matches: matchesArchitecture },
    // Huawei Cloud's extension API filters on it; Open Telekom Cloud's does not document it.
    extension: {
      kind: "split",
      encode: (v) => [["architecture", v]],
      split: (v, _, t) => (isOtc(t) ? { keep: v } : { send: v }),
      matches: matchesArchitecture,
    },
    cli: textFlag("architecture", ARCHITECTURES.join("|")),
    help: "from the image's architecture or __support_arm",
  }),
  supports: filter({
    arg: z
      .object(
        Object.fromEntries(Object.keys(SUPPORT_FLAGS).map((k) => [k, supportValue])) as Record<
          SupportFlag,
          typeof supportValue
        >,
      )
      .partial()
      .strict(),
    native: {
      kind: "server",
      encode: (supports) =>
        (Object.keys(SUPPORT_FLAGS) as SupportFlag[]).flatMap((k): WirePairs =>
          supports[k] === undefined ? [] : [[SUPPORT_FLAGS[k], supports[k]]],
        ),
    },
    extension: {
      kind: "split",
      encode: (supports) =>
        (Object.keys(SUPPORT_FLAGS) as SupportFlag[]).flatMap((k): WirePairs =>
          supports[k] === undefined ? [] : [[SUPPORT_FLAGS[k], supports[k]]],
        ),
      // All are sent; the flags the extension API does not document are checked on each image as well.
      split: (supports) => {
        const undocumented = Object.fromEntries(
          Object.entries(supports).filter(([k]) => !EXTENSION_SUPPORT_FLAGS.includes(k as SupportFlag)),
        );
        return { send: supports, keep: Object.keys(undocumented).length > 0 ? undocumented : undefined };
      },
      matches: (image, supports) =>
        Object.entries(supports).every(([k, v]) => (scalarText(image[SUPPORT_FLAGS[k as SupportFlag]]) ?? "") === v),
    },
    describe: (supports) => Object.entries(supports).map(([k, v]) => `supports.${k}=${JSON.stringify(v)}`),
    cli: { flag: "supports", metavar: "kvm | kvmGpuType=V100", kind: "flags", repeatable: true },
    help: "`__support_*` flags",
  }),
  createdAt: timeFilter(
    "createdAt",
    "created_at",
    "creation time, e.g. lt:2018-10-28T10:00:00Z (one condition is sent)",
  ),
  updatedAt: timeFilter("updatedAt", "updated_at", "update time, as --created-at"),
  properties: filter({
    arg: z.record(propertyKey, z.string({ error: withGiven("property values are strings") })),
    native: {
      kind: "server",
      encode: (properties) =>
        Object.keys(properties)
          .sort()
          .map((k): [string, string] => [k, properties[k]!]),
    },
    // No property filter is documented for the extension API.
    extension: sentAndChecked<Record<string, string>>(
      (properties) =>
        Object.keys(properties)
          .sort()
          .map((k): [string, string] => [k, properties[k]!]),
      (image, properties) => Object.entries(properties).every(([k, v]) => scalarText(image[k]) === v),
    ),
    describe: (properties) => Object.entries(properties).map(([k, v]) => `properties.${k}=${JSON.stringify(v)}`),
    cli: { flag: "property", metavar: "KEY=VALUE", kind: "pairs", repeatable: true },
    help: "any other property, exact string match",
  }),
  flavorId: filter({
    arg: text,
    native: {
      kind: "unsupported",
      reason: 'the native API (GET /v2/images) cannot filter by ECS flavor; on Huawei Cloud use api: "extension"',
    },
    extension: {
      ...sendAs("flavor_id"),
      refuse: (_, t) =>
        isOtc(t) ? "Open Telekom Cloud's extension API (GET /v2/cloudimages) has no flavor_id filter" : undefined,
    },
    cli: textFlag("flavor-id", "c7.large.2"),
    help: "images that can boot this ECS flavor (Huawei Cloud's extension API; public images only)",
  }),
  enterpriseProjectId: filter({
    arg: text,
    // Every image shows its enterprise project ("0" or empty: the default one); all_granted_eps means any.
    native: {
      kind: "local",
      matches: (image, v) =>
        v === "all_granted_eps" ||
        (image.enterprise_project_id === undefined || image.enterprise_project_id === ""
          ? "0"
          : String(image.enterprise_project_id)) === v,
    },
    extension: sendAs("enterprise_project_id"),
    cli: textFlag("enterprise-project-id", "ID|0|all_granted_eps"),
    help: "enterprise project (0: the default one; all_granted_eps: every one you may see)",
  }),
  wholeImage: filter({
    arg: flagValue,
    native: {
      kind: "unsupported",
      reason:
        'the native API (GET /v2/images) has no __whole_image filter and its images do not show it; use api: "extension"',
    },
    extension: sendAs("__whole_image"),
    cli: boolFlag("whole-image"),
    help: "full-ECS images (`__whole_image`), extension API only",
  }),
};

export type FilterName = keyof typeof FILTERS;

/** How `target`'s API takes a filter. */
export function placementOf(spec: FilterSpec, target: ApiTarget): Placement<unknown> {
  return (target.api === "extension" ? spec.extension : undefined) ?? spec.native;
}
export const FILTER_NAMES = Object.keys(FILTERS) as FilterName[];

/** zod object of every filter argument (each optional, unknown keys refused). */
export const filterShape = Object.fromEntries(FILTER_NAMES.map((name) => [name, FILTERS[name].arg])) as {
  [K in FilterName]: (typeof FILTERS)[K]["arg"];
};

/** What a filter's value looks like in messages. */
export function describeFilter(name: FilterName, value: unknown): string[] {
  const spec = FILTERS[name] as FilterSpec;
  return spec.describe ? spec.describe(value) : [`${name}=${JSON.stringify(value)}`];
}

/**
 * getImages' sort key on each API: the extension API documents no updated_at sort. Planned with
 * the filters (lookup/plan.ts), so the refusal is a validation error naming the API, before any request.
 */
export function refuseSortKey(key: SortKey | undefined, target: ApiTarget): string | undefined {
  if (key !== "updated_at" || target.api !== "extension") return undefined;
  return `updated_at is not a sort key of the extension API (GET /v2/cloudimages); use created_at, name, status, id, container_format or disk_format, or api: "native" (given "updated_at")`;
}
