/** ims-image's commands and their help, with the filter flags listed from the filter table. */
import { FILTER_NAMES, FILTERS, placementOf, type FilterSpec } from "../core/filters";
import { TUNING, TUNING_PATHS } from "../core/tuning";
import { COMMON, CONNECTION_FLAGS, FILTER_FLAGS, type Options } from "./flags";

export const COMMANDS: Record<string, { options: Options; usage: string; summary: string }> = {
  resolve: {
    options: { ...FILTER_FLAGS, ...CONNECTION_FLAGS, ...COMMON, "most-recent": { type: "string" }, "any-owner": { type: "boolean" } },
    usage: "ims-image resolve [filters] [--most-recent false] [--json]",
    summary: "print the image getImage would choose (the newest match)",
  },
  list: {
    options: { ...FILTER_FLAGS, ...CONNECTION_FLAGS, ...COMMON, "sort-key": { type: "string" }, "sort-dir": { type: "string" }, limit: { type: "string" } },
    usage: "ims-image list [filters] [--sort-key created_at] [--sort-dir desc] [--limit N] [--json]",
    summary: "list every matching image",
  },
  show: {
    options: { ...CONNECTION_FLAGS, ...COMMON },
    usage: "ims-image show IMAGE_ID [--json]",
    summary: "show one image by id (GET /v2/images/{id})",
  },
  check: {
    options: { ...FILTER_FLAGS, ...CONNECTION_FLAGS, ...COMMON, expect: { type: "string" }, "any-owner": { type: "boolean" } },
    usage: "ims-image check --expect IMAGE_ID [filters] [--json]",
    summary: "exit 0 if the newest match is still IMAGE_ID, 2 if a newer image exists (for pipelines)",
  },
  serve: {
    options: { port: { type: "string" }, count: { type: "string" }, seed: { type: "string" }, token: { type: "string" }, "latency-ms": { type: "string" }, help: COMMON.help! },
    usage: "ims-image serve [--port 0] [--count 2000] [--seed N] [--token TOKEN] [--latency-ms 0]",
    summary: "run the local IMS server on 127.0.0.1 with a generated catalog, until interrupted (no cloud account needed)",
  },
};

const WHERE: Record<string, string> = { server: "sent", local: "local", split: "partly local", unsupported: "not available" };

/** Where each API applies a filter, when that is not simply "sent" on both. */
function whereApplied(spec: FilterSpec): string {
  const native = WHERE[spec.native.kind]!;
  const extension = WHERE[placementOf(spec, { api: "extension" }).kind]!;
  if (native === extension) return native === "sent" ? "" : ` (${native})`;
  return ` (native: ${native}; extension: ${extension})`;
}

function filterHelp(): string {
  const lines = FILTER_NAMES.flatMap((name) => {
    const spec = FILTERS[name] as FilterSpec;
    if (!spec.cli) return [];
    const flag = `--${spec.cli.flag} ${spec.cli.metavar}${spec.cli.repeatable ? " ..." : ""}`;
    return [`  ${flag.padEnd(42)} ${spec.help}${whereApplied(spec)}`];
  });
  return `Filters (sent to IMS unless marked local; repeatable flags end in ...):\n${lines.join("\n")}`;
}

/** Time and scan bounds, from the tuning table. */
function tuningHelp(): string {
  const items = TUNING_PATHS.map((path) => `--${TUNING[path].flag} ${TUNING[path].metavar} (${TUNING[path].env}, default ${TUNING[path].default})`);
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

export function topHelp(): string {
  return [
    "ims-image: pick IMS boot images (Huawei Cloud, Open Telekom Cloud) from a shell or pipeline\n",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`),
    "\nRun `ims-image COMMAND --help` for its flags. Exit codes: 0 ok, 1 error, 2 newer image (check).",
  ].join("\n");
}

export function commandHelp(name: string): string {
  const c = COMMANDS[name]!;
  const parts = [`Usage: ${c.usage}\n\n${c.summary}\n`];
  if ("platform" in c.options) parts.push(filterHelp() + "\n");
  if ("endpoint" in c.options) parts.push(`${CONNECTION_HELP}\n\nOutput: --json for JSON on stdout; --quiet (-q) for no progress line on stderr (shown only on a terminal, after a second).`);
  else parts.push("Prints IMS_ENDPOINT=http://127.0.0.1:PORT; point IMS_ENDPOINT (and IMS_TOKEN, with --token) at it.");
  return parts.join("\n");
}

