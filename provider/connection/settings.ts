/**
 * Connection settings: explicit options, then the environment (HW_* and OS_*),
 * then clouds.yaml (OS_CLOUD). Credentials come from the first of those layers
 * that holds a complete set, so a half-set environment never mixes with explicit
 * options. Every secret found is registered for redaction.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import type { ConnectionOptions } from "../core/connectionOptions";
import { CLOUDS, type Cloud } from "../core/vocabulary";
import type { MutuallyAssignable } from "../core/validation";
import { ImsConfigError } from "../core/errors";
import type { AuthSettings } from "../services/authenticator";
import type { ImsConnection } from "../services/imsClient";
import type { RetryPolicy } from "../transport/retry";
import { registerSecret } from "../core/redact";
import { parseOrThrow } from "../core/validation";


const retrySchema = z
  .object({
    maxAttempts: z.number().int().min(1).max(20),
    baseDelayMs: z.number().int().min(0),
    maxDelayMs: z.number().int().min(0),
    maxElapsedMs: z.number().int().min(0),
  })
  .partial()
  .strict();

const text = z.string().min(1);

/** What a caller may set; every field also has an environment or config source. */
export const connectionOptionsSchema = z
  .object({
    endpoint: z.url({ protocol: /^https?$/, error: (i) => `must be an http(s) URL such as https://ims.eu-de.otc.t-systems.com (given ${JSON.stringify(i.input)})` }),
    region: text,
    cloud: z.enum(CLOUDS),
    projectId: text,
    projectName: text,
    accessKey: text,
    secretKey: text,
    securityToken: text,
    token: text,
    authUrl: z.url({ protocol: /^https?$/ }),
    username: text,
    password: text,
    userDomainName: text,
    userDomainId: text,
    projectDomainName: text,
    projectDomainId: text,
    osCloud: text,
    cloudsYamlPath: text,
    timeoutMs: z.number().int().min(1),
    retry: retrySchema,
  })
  .partial()
  .strict();

// The public ConnectionOptions and this schema must describe the same shape.
const schemaMatchesPublicType: MutuallyAssignable<z.input<typeof connectionOptionsSchema>, ConnectionOptions> = true;
void schemaMatchesPublicType;
type Layer = z.output<typeof connectionOptionsSchema>;

/** Open Telekom Cloud regions; every other region name is taken as Huawei Cloud's. */
const OTC_HOSTS: Record<string, { ims: string; iam: string }> = {
  "eu-de": { ims: "https://ims.eu-de.otc.t-systems.com", iam: "https://iam.eu-de.otc.t-systems.com/v3" },
  "eu-nl": { ims: "https://ims.eu-nl.otc.t-systems.com", iam: "https://iam.eu-nl.otc.t-systems.com/v3" },
  "eu-ch2": { ims: "https://ims.eu-ch2.sc.otc.t-systems.com", iam: "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3" },
};

export function cloudOfRegion(region: string, cloud?: Cloud): Cloud {
  return cloud ?? (region in OTC_HOSTS ? "opentelekomcloud" : "huaweicloud");
}

/** The public IMS and IAM endpoints of a region. */
export function regionEndpoints(region: string, cloud?: Cloud): { ims: string; iam: string } {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(region)) {
    throw new ImsConfigError(`region ${JSON.stringify(region)} is not a region name such as eu-de or ap-southeast-1`);
  }
  if (cloudOfRegion(region, cloud) === "opentelekomcloud") {
    const known = OTC_HOSTS[region];
    if (known) return known;
    return { ims: `https://ims.${region}.otc.t-systems.com`, iam: `https://iam.${region}.otc.t-systems.com/v3` };
  }
  return { ims: `https://ims.${region}.myhuaweicloud.com`, iam: `https://iam.${region}.myhuaweicloud.com/v3` };
}

type Env = Readonly<Record<string, string | undefined>>;

function firstOf(env: Env, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v !== "") return v;
  }
  return undefined;
}

export function optionsFromEnv(env: Env): ConnectionOptions {
  const timeout = firstOf(env, "IMS_TIMEOUT_MS");
  const o: Record<string, unknown> = {
    endpoint: firstOf(env, "IMS_ENDPOINT", "HW_IMS_ENDPOINT"),
    region: firstOf(env, "HW_REGION_NAME", "OS_REGION_NAME"),
    projectId: firstOf(env, "HW_PROJECT_ID", "OS_PROJECT_ID", "OS_TENANT_ID"),
    projectName: firstOf(env, "HW_PROJECT_NAME", "OS_PROJECT_NAME", "OS_TENANT_NAME"),
    accessKey: firstOf(env, "HW_ACCESS_KEY", "OS_ACCESS_KEY"),
    secretKey: firstOf(env, "HW_SECRET_KEY", "OS_SECRET_KEY"),
    securityToken: firstOf(env, "HW_SECURITY_TOKEN", "OS_SECURITY_TOKEN"),
    token: firstOf(env, "IMS_TOKEN", "OS_AUTH_TOKEN", "OS_TOKEN"),
    authUrl: firstOf(env, "HW_AUTH_URL", "OS_AUTH_URL"),
    username: firstOf(env, "HW_USER_NAME", "OS_USERNAME"),
    password: firstOf(env, "HW_PASSWORD", "OS_PASSWORD"),
    userDomainName: firstOf(env, "OS_USER_DOMAIN_NAME", "HW_DOMAIN_NAME", "OS_DOMAIN_NAME"),
    userDomainId: firstOf(env, "OS_USER_DOMAIN_ID", "OS_DOMAIN_ID"),
    projectDomainName: firstOf(env, "OS_PROJECT_DOMAIN_NAME"),
    projectDomainId: firstOf(env, "OS_PROJECT_DOMAIN_ID"),
    osCloud: firstOf(env, "OS_CLOUD"),
    cloudsYamlPath: firstOf(env, "OS_CLIENT_CONFIG_FILE"),
    timeoutMs: timeout === undefined ? undefined : Number(timeout),
  };
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as ConnectionOptions;
}

const cloudsFileSchema = z.looseObject({
  clouds: z.record(
    z.string(),
    z.looseObject({
      region_name: z.string().optional(),
      auth: z
        .looseObject({
          auth_url: z.string().optional(),
          username: z.string().optional(),
          password: z.string().optional(),
          token: z.string().optional(),
          project_id: z.string().optional(),
          project_name: z.string().optional(),
          user_domain_name: z.string().optional(),
          user_domain_id: z.string().optional(),
          domain_name: z.string().optional(),
          project_domain_name: z.string().optional(),
          project_domain_id: z.string().optional(),
          ak: z.string().optional(),
          sk: z.string().optional(),
        })
        .optional(),
      endpoint: z.string().optional(),
    }),
  ),
});

function cloudsYamlCandidates(explicit: string | undefined, env: Env): string[] {
  if (explicit) return [explicit];
  return [join(process.cwd(), "clouds.yaml"), join(env.HOME ?? homedir(), ".config/openstack/clouds.yaml"), "/etc/openstack/clouds.yaml"];
}

/** The named cloud of clouds.yaml, as connection options. */
export function optionsFromCloudsYaml(name: string, path: string | undefined, env: Env): ConnectionOptions {
  const file = cloudsYamlCandidates(path, env).find((p) => existsSync(p));
  if (!file) throw new ImsConfigError(`OS_CLOUD is ${JSON.stringify(name)} but no clouds.yaml was found (looked in ${cloudsYamlCandidates(path, env).join(", ")})`);
  // yaml is loaded only by those who use clouds.yaml.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse: parseYaml } = require("yaml") as typeof import("yaml");
  const parsed = cloudsFileSchema.safeParse(parseYaml(readFileSync(file, "utf8")));
  if (!parsed.success) throw new ImsConfigError(`${file} is not a clouds.yaml file with a "clouds:" map`);
  const cloud = parsed.data.clouds[name];
  if (!cloud) throw new ImsConfigError(`cloud ${JSON.stringify(name)} is not in ${file}; it has ${Object.keys(parsed.data.clouds).join(", ") || "no clouds"}`);
  const a = cloud.auth ?? {};
  const o: Record<string, unknown> = {
    endpoint: cloud.endpoint,
    region: cloud.region_name,
    authUrl: a.auth_url,
    username: a.username,
    password: a.password,
    token: a.token,
    accessKey: a.ak,
    secretKey: a.sk,
    projectId: a.project_id,
    projectName: a.project_name,
    userDomainName: a.user_domain_name ?? a.domain_name,
    userDomainId: a.user_domain_id,
    projectDomainName: a.project_domain_name,
    projectDomainId: a.project_domain_id,
  };
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as ConnectionOptions;
}

function authOfLayer(layer: Layer, region: string | undefined, cloud: Cloud | undefined): AuthSettings | undefined {
  if (layer.token) return { kind: "token", token: layer.token };
  if (layer.accessKey && layer.secretKey) {
    return { kind: "aksk", accessKey: layer.accessKey, secretKey: layer.secretKey, securityToken: layer.securityToken };
  }
  if (layer.username && layer.password) {
    const authUrl = layer.authUrl ?? (region ? regionEndpoints(region, cloud).iam : undefined);
    if (!authUrl) throw new ImsConfigError("password authentication needs an auth URL: set authUrl (OS_AUTH_URL / HW_AUTH_URL) or a region");
    return {
      kind: "password",
      authUrl,
      username: layer.username,
      password: layer.password,
      userDomainName: layer.userDomainName,
      userDomainId: layer.userDomainId,
      projectId: layer.projectId,
      projectName: layer.projectName,
      projectDomainName: layer.projectDomainName,
      projectDomainId: layer.projectDomainId,
    };
  }
  if (layer.accessKey || layer.secretKey) {
    throw new ImsConfigError(`AK/SK signing needs both an access key and a secret key; only the ${layer.accessKey ? "access" : "secret"} key is set`);
  }
  return undefined;
}

/**
 * Resolves settings from explicit options, then `config` (Pulumi's `ims:*`), then the
 * environment, then clouds.yaml. Throws ImsValidationError/ImsConfigError before any request.
 */
export function resolveConnection(options: ConnectionOptions = {}, env: Env = process.env, config: ConnectionOptions = {}): ImsConnection {
  const explicit = parseOrThrow(connectionOptionsSchema, options, "invalid connection settings");
  const fromConfig = parseOrThrow(connectionOptionsSchema, config, "invalid ims:* configuration");
  const fromEnv = parseOrThrow(connectionOptionsSchema, optionsFromEnv(env), "invalid connection settings in the environment (HW_*, OS_*, IMS_*)");
  const osCloud = explicit.osCloud ?? fromConfig.osCloud ?? fromEnv.osCloud;
  const yamlPath = explicit.cloudsYamlPath ?? fromConfig.cloudsYamlPath ?? fromEnv.cloudsYamlPath;
  const fromYaml = osCloud
    ? parseOrThrow(connectionOptionsSchema, optionsFromCloudsYaml(osCloud, yamlPath, env), `invalid settings for cloud ${osCloud} in clouds.yaml`)
    : {};
  const layers: Layer[] = [explicit, fromConfig, fromEnv, fromYaml];
  const pick = <K extends keyof Layer>(key: K): Layer[K] => layers.find((l) => l[key] !== undefined)?.[key];

  const region = pick("region");
  const cloud = pick("cloud");
  let auth: AuthSettings = { kind: "none" };
  for (const layer of layers) {
    const found = authOfLayer({ ...layer, authUrl: layer.authUrl ?? pick("authUrl") }, region, cloud);
    if (found) {
      auth = found;
      break;
    }
  }
  for (const secret of layers.flatMap((l) => [l.password, l.secretKey, l.token, l.securityToken])) registerSecret(secret);

  const endpoint = pick("endpoint") ?? (region ? regionEndpoints(region, cloud).ims : undefined);
  if (!endpoint && auth.kind !== "password") {
    throw new ImsConfigError(
      "no IMS endpoint: set endpoint (IMS_ENDPOINT, ims:endpoint) or region (HW_REGION_NAME / OS_REGION_NAME, ims:region)",
    );
  }
  return {
    endpoint: endpoint?.replace(/\/+$/, ""),
    region,
    projectId: pick("projectId"),
    auth,
    timeoutMs: pick("timeoutMs"),
    retry: pick("retry"),
  };
}
