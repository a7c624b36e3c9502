/**
 * Connection options from a cloud of clouds.yaml (OS_CLOUD), found and read as openstacksdk does
 * (openstack/config/loader.py), plus what Open Telekom Cloud's own tools add:
 *
 * - files `clouds` and `secure` (.yaml, .yml, .json) in the current directory, the user's config
 *   directory ($XDG_CONFIG_HOME/openstack, ~/.config/openstack), the site's ($XDG_CONFIG_DIRS/openstack,
 *   /etc/openstack); OS_CLIENT_CONFIG_FILE and OS_CLIENT_SECURE_FILE are looked at first;
 *   the first clouds file found, with the first secure file merged over it;
 * - `profile:` (or the old `cloud:`) expands a vendor profile under the cloud's own settings: `otc`
 *   and `otc-swiss`, as openstacksdk ships them;
 * - the region: `regions:` (names or {name, values}), else `region_name` (a comma list's first), else the
 *   profile's first region; a region's `values` apply over the cloud's;
 * - `tenant_*` and dashed spellings, top-level or in `auth`, with `project_*` the winner; `domain_*` given
 *   once for user and project; `{region_name}` in `auth_url`; `image_endpoint_override`;
 * - as Open Telekom Cloud's Terraform provider and Go SDK: `auth.ak`, `auth.sk`, `auth.security_token`,
 *   and, with no region set, the region taken from a `<region>_<suffix>` project name.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { ConnectionOptions } from "../core/connectionOptions";
import { ImsConfigError } from "../core/errors";
import type { Env } from "./environment";
import { scalarText } from "../core/scalarText";
import { regionOfProjectName } from "./regions";

type Dict = Record<string, unknown>;

/** openstacksdk's vendor profiles for the clouds pulumi-ims serves (openstack/config/vendors/*.json). */
const VENDOR_PROFILES: Record<string, Dict> = {
  otc: {
    auth: { auth_url: "https://iam.{region_name}.otc.t-systems.com/v3" },
    regions: ["eu-de", "eu-nl"],
    identity_api_version: "3",
    interface: "public",
  },
  "otc-swiss": {
    auth: { auth_url: "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3" },
    regions: ["eu-ch2"],
    identity_api_version: "3",
    interface: "public",
  },
};

const SUFFIXES = [".yaml", ".yml", ".json"];

export interface CloudsYamlPaths {
  /** OS_CLIENT_CONFIG_FILE: looked at before the search path. */
  readonly cloudsPath?: string;
  /** OS_CLIENT_SECURE_FILE: looked at before the search path. */
  readonly securePath?: string;
}

function searchPath(env: Env): string[] {
  const home = env.HOME ?? homedir();
  const userConfig = env.XDG_CONFIG_HOME ? join(env.XDG_CONFIG_HOME, "openstack") : join(home, ".config", "openstack");
  const siteConfig = join((env.XDG_CONFIG_DIRS ?? "/etc/xdg").split(":")[0] || "/etc/xdg", "openstack");
  // openstacksdk's order; without XDG_CONFIG_HOME its first two user directories are one.
  return [...new Set([process.cwd(), userConfig, join(home, ".config", "openstack"), siteConfig, "/etc/openstack"])];
}

function candidates(base: "clouds" | "secure", override: string | undefined, env: Env): string[] {
  const files = searchPath(env).flatMap((dir) => SUFFIXES.map((s) => join(dir, `${base}${s}`)));
  return override ? [override, ...files] : files;
}

function load(file: string): Dict {
  const text = readFileSync(file, "utf8");
  let parsed: unknown;
  if (file.endsWith("json")) {
    parsed = JSON.parse(text);
  } else {
    // yaml is loaded only by those who use clouds.yaml.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parse } = require("yaml") as typeof import("yaml");
    parsed = parse(text);
  }
  return isDict(parsed) ? parsed : {};
}

const isDict = (v: unknown): v is Dict => typeof v === "object" && v !== null && !Array.isArray(v);

/** Dashes read as underscores, numbers as text (openstacksdk's normalize_keys). */
function normalizeKeys(d: Dict): Dict {
  return Object.fromEntries(
    Object.entries(d).map(([k, v]) => [
      k.replace(/-/g, "_"),
      isDict(v) ? normalizeKeys(v) : typeof v === "number" ? String(v) : v,
    ]),
  );
}

function mergeDeep(a: Dict, b: Dict): Dict {
  const out: Dict = { ...a };
  for (const [k, v] of Object.entries(b))
    out[k] = isDict(v) && isDict(out[k]) ? mergeDeep(out[k], v) : isDict(v) ? { ...v } : v;
  return out;
}

/** dict.update, but the nested `auth` is updated rather than replaced. */
function authUpdate(target: Dict, source: Dict): void {
  for (const [k, v] of Object.entries(structuredClone(source))) {
    target[k] = k === "auth" && isDict(target.auth) && isDict(v) ? { ...target.auth, ...v } : v;
  }
}

interface Region {
  readonly name: string;
  readonly values: Dict;
}

function regionsOf(list: unknown): Region[] {
  if (!Array.isArray(list)) return [];
  return list.map((r) =>
    isDict(r) ? { name: String(r.name), values: isDict(r.values) ? r.values : {} } : { name: String(r), values: {} },
  );
}

/** The cloud's regions as openstacksdk lists them, or undefined. */
function knownRegions(own: Dict, profile: Dict | undefined): Region[] | undefined {
  if (own.regions !== undefined) return regionsOf(own.regions);
  if (own.region_name !== undefined)
    return regionsOf(Array.isArray(own.region_name) ? own.region_name : (scalarText(own.region_name) ?? "").split(","));
  if (profile?.regions) return regionsOf(profile.regions);
  return undefined;
}

/** Later spellings win: tenant_* < project_*, dashed < underscored, top level or in auth. */
const ALIASES: Record<string, string[]> = {
  domain_id: ["domain_id"],
  domain_name: ["domain_name"],
  user_domain_id: ["user_domain_id"],
  user_domain_name: ["user_domain_name"],
  project_domain_id: ["project_domain_id"],
  project_domain_name: ["project_domain_name"],
  token: ["auth_token", "token"],
  project_id: ["tenant_id", "project_id"],
  project_name: ["tenant_name", "project_name"],
};

function fixBackwardsProject(cloud: Dict): void {
  const auth = cloud.auth as Dict;
  for (const [target, keys] of Object.entries(ALIASES)) {
    let value: string | undefined;
    for (const key of keys) {
      if (key in cloud) {
        value = String(cloud[key]);
        delete cloud[key];
      }
      if (key in auth) {
        value = String(auth[key]);
        delete auth[key];
      }
    }
    if (value) auth[target] = value;
  }
}

/** `domain_*` once for user and project, when the cloud is project-scoped (as it must be for IMS). */
function handleDomains(cloud: Dict): void {
  const auth = cloud.auth as Dict;
  const scoped = "project_id" in auth || "project_name" in auth;
  for (const [source, targets] of [
    ["domain_id", ["user_domain_id", "project_domain_id"]],
    ["domain_name", ["user_domain_name", "project_domain_name"]],
  ] as const) {
    if (!scoped) continue;
    if (source in auth) for (const t of targets) auth[t] ??= auth[source];
    delete cloud[source];
    delete auth[source];
  }
}

/** The cloud's settings as openstacksdk's get_one(cloud=name) resolves them: auth, region, endpoint override. */
export function resolveCloudsYaml(name: string, paths: CloudsYamlPaths, env: Env): { file: string; config: Dict } {
  const cloudsFiles = candidates("clouds", paths.cloudsPath, env);
  const file = cloudsFiles.find((p) => existsSync(p));
  if (!file)
    throw new ImsConfigError(
      `OS_CLOUD is ${JSON.stringify(name)} but no clouds.yaml was found (looked for clouds.yaml, .yml and .json in ${searchPath(env).join(", ")})`,
    );
  let all: Dict;
  try {
    all = load(file);
    const secure = candidates("secure", paths.securePath, env).find((p) => existsSync(p));
    if (secure) all = mergeDeep(all, load(secure));
  } catch (e) {
    throw new ImsConfigError(`${file} (or its secure.yaml) cannot be read: ${(e as Error).message}`);
  }
  const clouds = isDict(all.clouds) ? normalizeKeys(all.clouds) : undefined;
  if (!clouds) throw new ImsConfigError(`${file} is not a clouds.yaml file with a "clouds:" map`);
  const own = clouds[name];
  if (!isDict(own))
    throw new ImsConfigError(
      `cloud ${JSON.stringify(name)} is not in ${file}; it has ${Object.keys(clouds).join(", ") || "no clouds"}`,
    );

  const profileName = (own.profile ?? own.cloud) as string | undefined;
  const profile = profileName ? VENDOR_PROFILES[profileName] : undefined;
  const cloud: Dict = { auth: {} };
  if (profile) authUpdate(cloud, profile);
  authUpdate(cloud, own);
  delete cloud.cloud;
  if (!isDict(cloud.auth)) cloud.auth = {};

  const regions = knownRegions(own, profile);
  const region = regions?.[0];
  delete cloud.regions;
  if (region) {
    Object.assign(cloud, structuredClone(region.values));
    cloud.region_name = region.name;
  } else {
    cloud.region_name = "";
  }
  fixBackwardsProject(cloud);
  handleDomains(cloud);
  const auth = cloud.auth as Dict;
  if (typeof auth.auth_url === "string")
    auth.auth_url = auth.auth_url.replace(/\{(\w+)\}/g, (m, key: string) => scalarText(cloud[key]) ?? m);
  return { file, config: cloud };
}

/** The named cloud of clouds.yaml, as connection options. */
export function optionsFromCloudsYaml(name: string, paths: CloudsYamlPaths, env: Env): ConnectionOptions {
  const { config } = resolveCloudsYaml(name, paths, env);
  const a = config.auth as Dict;
  const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const projectName = text(a.project_name);
  const region = text(config.region_name) ?? regionOfProjectName(projectName);
  const o: Record<string, unknown> = {
    endpoint: text(config.image_endpoint_override) ?? text(config.endpoint),
    region,
    authUrl: text(a.auth_url),
    username: text(a.username),
    userId: text(a.user_id),
    password: text(a.password),
    token: text(a.token) ?? text(config.token),
    accessKey: text(a.ak) ?? text(a.access_key),
    secretKey: text(a.sk) ?? text(a.secret_key),
    securityToken: text(a.security_token),
    projectId: text(a.project_id),
    projectName,
    userDomainName: text(a.user_domain_name) ?? text(a.domain_name),
    userDomainId: text(a.user_domain_id) ?? text(a.domain_id),
    projectDomainName: text(a.project_domain_name),
    projectDomainId: text(a.project_domain_id),
  };
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
