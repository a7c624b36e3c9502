/** ims-image's commands and their help, with the filter flags listed from the filter table. */
import { FILTER_NAMES, FILTERS, placementOf, type FilterSpec } from "../core/filters";
import { TUNING, TUNING_PATHS } from "../core/tuning";
import { COMMON, CONNECTION_FLAGS, FILTER_FLAGS, type Options } from "./flags";

/** Fields `values` can list, with how each is read from an image. */
export const VALUE_FIELDS = [
  "platform",
  "osVersion",
  "osType",
  "tag",
  "imageType",
  "architecture",
  "visibility",
  "diskFormat",
  "minDisk",
] as const;

export interface CommandSpec {
  readonly options: Options;
  readonly usage: string;
  readonly summary: string;
  /** Exit codes besides 0 (ok) and 1 (error). */
  readonly exitCodes?: string;
  /** Takes positional arguments. */
  readonly positionals?: boolean;
}

const LOOKUP = { ...FILTER_FLAGS, ...CONNECTION_FLAGS, ...COMMON };

const LOCK_FILE: Options = { "lock-file": { type: "string" } };
/** Lock commands take the connection's flags; their --region names regions of the lock (repeatable where several make sense). */
const LOCK_REGIONS: Options = {
  ...CONNECTION_FLAGS,
  ...COMMON,
  ...LOCK_FILE,
  region: { type: "string", multiple: true },
};
const { region: _region, ...LOCK_CONNECTION } = { ...CONNECTION_FLAGS, ...COMMON, ...LOCK_FILE };
void _region;
const LOCK_EXIT = "2 (lock check) a locked image is out of date";

export const COMMANDS: Record<string, CommandSpec> = {
  resolve: {
    options: { ...LOOKUP, "most-recent": { type: "string" }, "any-owner": { type: "boolean" } },
    usage:
      "ims-image resolve [filters] [--most-recent false] [--any-owner] [--format table|json|value|markdown] [--columns id,name]",
    summary: "print the image getImage would choose (the newest match); --format value prints just its id",
  },
  list: {
    options: { ...LOOKUP, "sort-key": { type: "string" }, "sort-dir": { type: "string" }, limit: { type: "string" } },
    usage:
      "ims-image list [filters] [--sort-key created_at] [--sort-dir desc] [--limit N] [--format ...] [--columns ...]",
    summary: "list every matching image",
  },
  show: {
    options: { ...CONNECTION_FLAGS, ...COMMON },
    usage: "ims-image show IMAGE_ID [--format ...] [--columns ...]",
    summary: "show one image by id (GET /v2/images/{id})",
    positionals: true,
  },
  check: {
    options: {
      ...LOOKUP,
      expect: { type: "string" },
      "any-owner": { type: "boolean" },
      "max-age-days": { type: "string" },
    },
    usage: "ims-image check --expect IMAGE_ID [filters] [--max-age-days N] [--format ...]",
    summary: "is IMAGE_ID still the newest match (and younger than --max-age-days)? For pipelines",
    exitCodes: "2 the expected image is not the newest match, no longer matches, is gone, or is too old",
  },
  drift: {
    options: { ...CONNECTION_FLAGS, ...COMMON, "require-selections": { type: "boolean" } },
    usage:
      "ims-image drift [STACK_EXPORT.json | -] [--require-selections] [--format table|json|value|markdown]   (pulumi stack export | ims-image drift)",
    summary: "check every ImageSelection of a `pulumi stack export` against IMS, with the reason for each drift",
    exitCodes: "2 at least one selection drifted; 1 also when --require-selections finds none",
    positionals: true,
  },
  explain: {
    options: LOOKUP,
    usage: "ims-image explain [filters] [--format ...]",
    summary: "filter by filter, how many images remain, and the closest names when a filter leaves none",
  },
  values: {
    options: { ...LOOKUP, field: { type: "string" } },
    usage: `ims-image values --field ${VALUE_FIELDS.join("|")} [filters] [--format ...]`,
    summary: "the distinct values of a field among the images the other filters match, with counts",
  },
  "lock add": {
    options: {
      ...FILTER_FLAGS,
      ...LOCK_REGIONS,
      "most-recent": { type: "string" },
      "any-owner": { type: "boolean" },
      "deny-image-id": { type: "string", multiple: true },
    },
    usage: "ims-image lock add NAME [filters] [--region R]... [--any-owner] [--deny-image-id ID]... [--lock-file FILE]",
    summary: "resolve the filters now in each region and write entry NAME to the lock file",
    positionals: true,
  },
  "lock check": {
    options: { ...LOCK_CONNECTION, "max-age-days": { type: "string" } },
    usage: "ims-image lock check [NAME...] [--max-age-days N] [--lock-file FILE] [--format table|json|value|markdown]",
    summary:
      "is each locked image still the newest match in its region (not deleted, denied, no longer matching or too old)?",
    exitCodes: LOCK_EXIT,
    positionals: true,
  },
  "lock update": {
    options: LOCK_CONNECTION,
    usage: "ims-image lock update [NAME...] [--lock-file FILE] [--format table|json|value|markdown]",
    summary: "re-resolve the entries and write what changed; --format markdown prints a pull request's body",
    positionals: true,
  },
  "lock promote": {
    options: { ...LOCK_REGIONS, from: { type: "string" } },
    usage: "ims-image lock promote NAME --from OTHER.lock.json [--region R]... [--lock-file FILE]",
    summary: "copy entry NAME's images from another lock file (staging's), each checked to exist and match first",
    positionals: true,
  },
  "lock feed": {
    options: { ...CONNECTION_FLAGS, ...COMMON, ...LOCK_FILE },
    usage: "ims-image lock feed NAME [--region R] [--lock-file FILE] [--format json|table]",
    summary: "entry NAME's matching images as the JSON of a Renovate custom datasource",
    positionals: true,
  },
  serve: {
    options: {
      port: { type: "string" },
      count: { type: "string" },
      seed: { type: "string" },
      token: { type: "string" },
      "latency-ms": { type: "string" },
      "write-env": { type: "string" },
      help: COMMON.help!,
    },
    usage: "ims-image serve [--port 0] [--count 2000] [--seed N] [--token TOKEN] [--latency-ms 0] [--write-env FILE]",
    summary:
      "run the local IMS server on 127.0.0.1 with a generated catalog, until interrupted (no cloud account needed)",
  },
};

const WHERE: Record<string, string> = {
  server: "sent",
  local: "local",
  split: "partly local",
  unsupported: "not available",
};

/** Where each API applies a filter, when that is not simply "sent" on both. */
function whereApplied(spec: FilterSpec): string {
  const native = WHERE[spec.native.kind]!;
  const extension = WHERE[placementOf(spec, { api: "extension" }).kind]!;
  if (native === extension) return native === "sent" ? "" : ` (${native})`;
  return ` (native: ${native}; extension: ${extension})`;
}

const FLAG_COLUMN = 42;

function filterHelp(): string {
  const lines = FILTER_NAMES.flatMap((name) => {
    const spec = FILTERS[name] as FilterSpec;
    if (!spec.cli) return [];
    const flag = `--${spec.cli.flag} ${spec.cli.metavar}${spec.cli.repeatable ? " ..." : ""}`;
    const text = `${spec.help}${whereApplied(spec)}`;
    // A flag wider than its column gets a line of its own, so that each description starts in the column.
    return flag.length < FLAG_COLUMN
      ? [`  ${flag.padEnd(FLAG_COLUMN)} ${text}`]
      : [`  ${flag}`, `  ${"".padEnd(FLAG_COLUMN)} ${text}`];
  });
  return `Filters (sent to IMS unless marked local; repeatable flags end in ...):\n${lines.join("\n")}`;
}

/** Time and scan bounds, from the tuning table. */
function tuningHelp(): string {
  const items = TUNING_PATHS.map(
    (path) => `--${TUNING[path].flag} ${TUNING[path].metavar} (${TUNING[path].env}, default ${TUNING[path].default})`,
  );
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += 2) lines.push(`  ${items.slice(i, i + 2).join("  ")}`);
  return lines.join("\n");
}

const CONNECTION_HELP = `Connection (flags, then environment):
  --endpoint URL (IMS_ENDPOINT)  --region eu-de (HW_REGION_NAME, OS_REGION_NAME)  --cloud huaweicloud|opentelekomcloud
  --api native|extension (IMS_API; default: extension on Huawei Cloud, else native)
  --project-id ID (HW_PROJECT_ID, OS_PROJECT_ID)  --project-name NAME (OS_PROJECT_NAME)  --auth-url URL (OS_AUTH_URL)
  --os-cloud NAME (OS_CLOUD, clouds.yaml)
${tuningHelp()}
  Credentials from the environment only (HW_* before OS_* before HUAWEICLOUD_SDK_*): a token (IMS_TOKEN,
  HW_AUTH_TOKEN, OS_AUTH_TOKEN, OS_TOKEN); or AK/SK (HW_ACCESS_KEY + HW_SECRET_KEY, OS_ACCESS_KEY + OS_SECRET_KEY)
  with a project id or a region; or a user and password (OS_USERNAME + OS_PASSWORD, HW_USER_NAME + HW_USER_PASSWORD)
  with the account's domain (OS_USER_DOMAIN_NAME, HW_DOMAIN_NAME); or a clouds.yaml cloud (--os-cloud,
  OS_CLOUD) or an hcloud profile (HW_PROFILE).`;

const GLOBAL = "Global: --version prints the version; --help (-h) after any command prints its flags.";
const EXIT = "Exit codes: 0 ok, 1 error (bad flags, no match, IMS or network failure)";

export function topHelp(): string {
  return [
    "ims-image: pick IMS boot images (Huawei Cloud, Open Telekom Cloud) from a shell or pipeline\n",
    "Usage: ims-image COMMAND [flags]\n",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(13)} ${c.summary}`),
    `\nRun \`ims-image COMMAND --help\` for its flags. ${GLOBAL}`,
    `${EXIT}; check, drift and lock check: 2 when something is out of date.`,
  ].join("\n");
}

const OUTPUT_HELP = `Output (data on stdout; counts, hints and progress on stderr):
  --format (-f) table|json|value|markdown   table for people, json for tools, value for shells (just the values), markdown for comments
  --columns (-c) id,name,...                 columns to show, in this order (image fields: id, name, createdAt, platform, osVersion, imageType, minDisk, ...)
  --json                                     the same as --format json
  --quiet (-q)                               no progress line on stderr (shown only on a terminal, after a second)
  --help (-h)                                this help`;

export function commandHelp(name: string): string {
  const c = COMMANDS[name]!;
  const parts = [`Usage: ${c.usage}\n\n${c.summary}\n`];
  if ("platform" in c.options) parts.push(filterHelp() + "\n");
  const own = Object.keys(c.options).filter((f) => !(f in FILTER_FLAGS) && !(f in CONNECTION_FLAGS) && !(f in COMMON));
  if (own.length && name !== "serve")
    parts.push(`Options:\n${own.map((f) => `  --${f}${OWN_HELP[f] ? `  ${OWN_HELP[f]}` : ""}`).join("\n")}\n`);
  if ("endpoint" in c.options) parts.push(`${CONNECTION_HELP}\n\n${OUTPUT_HELP}`);
  if (name.startsWith("lock ")) parts.push(`\n${LOCK_FILE_HELP}`);
  else if (name === "serve")
    parts.push(
      [
        "Prints `export IMS_ENDPOINT=http://127.0.0.1:PORT` (and IMS_TOKEN, with --token), and runs until Ctrl-C.",
        "--write-env FILE writes the same lines to FILE (whole, once the server listens) and removes it when the server",
        "stops. In a script, start it in the background and source the file once it exists:",
        "  rm -f ims.env; ims-image serve --write-env ims.env >/dev/null & server=$!",
        '  while [ ! -f ims.env ] && kill -0 "$server" 2>/dev/null; do sleep 0.1; done; . ./ims.env',
      ].join("\n"),
    );
  parts.push(`\n${EXIT}${c.exitCodes ? `; ${c.exitCodes}` : ""}.`);
  return parts.join("\n");
}

const LOCK_FILE_HELP = `The lock file: --lock-file FILE, else IMS_LOCK_FILE, else ims-images.lock.json in the current directory.
Writes are whole (a temporary file, then a rename) and leave the other entries as they were.`;

/** \`ims-image lock\` alone: the lock commands. */
export function lockHelp(): string {
  const locks = Object.entries(COMMANDS).filter(([name]) => name.startsWith("lock "));
  return [
    "ims-image lock: pin image choices in a lock file that programs read with no request (getImage(args, { lock: NAME }))\n",
    "Usage: ims-image lock COMMAND [flags]\n",
    "Commands:",
    ...locks.map(([name, c]) => `  ${name.slice(5).padEnd(8)} ${c.summary}`),
    `\n${LOCK_FILE_HELP}`,
    "Run `ims-image lock COMMAND --help` for its flags.",
    `${EXIT}; lock check: 2 when a locked image is out of date.`,
  ].join("\n");
}

const OWN_HELP: Record<string, string> = {
  "lock-file": "the lock file (default: IMS_LOCK_FILE, else ims-images.lock.json)",
  "deny-image-id": "an image that must never be locked (repeatable)",
  from: "the lock file to promote from (required)",
  "most-recent": "false: exactly one image must match (default true: the newest)",
  "any-owner":
    "accept the newest match from any publisher (otherwise --image-type gold|private, --owner or --id is required)",
  "sort-key": "created_at (default), name, status, id, container_format, disk_format, size, updated_at (native API)",
  "sort-dir": "desc (default) or asc",
  limit: "at most N images",
  expect: "the image id the stack uses now (required)",
  "max-age-days": "also exit 2 when the image is older than N days",
  field: VALUE_FIELDS.join(", "),
  "require-selections": "exit 1 when the export holds no ImageSelection (a wrong stack, or an empty export)",
};
