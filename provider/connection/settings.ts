/**
 * Connection settings: explicit options, then the environment (HW_* and OS_*),
 * then clouds.yaml (OS_CLOUD). Credentials come from the first of those layers
 * that holds a complete set, so a half-set environment never mixes with explicit
 * options. Every secret found is registered for redaction.
 */
import { z } from "zod";
import type { ConnectionOptions } from "../core/connectionOptions";
import { APIS, CLOUDS, type Api, type Cloud } from "../core/vocabulary";
import { ImsConfigError } from "../core/errors";
import type { AuthSettings } from "../services/authenticator";
import type { ImsConnection } from "../services/imsClient";
import { registerSecret } from "../core/redact";
import { parseOrThrow, type MutuallyAssignable } from "../core/validation";
import { optionsFromCloudsYaml } from "./cloudsYaml";
import { optionsFromEnv, type Env } from "./environment";
import { cloudOfEndpoint, cloudOfRegion, regionEndpoints } from "./regions";

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
const connectionOptionsSchema = z
  .object({
    endpoint: z.url({ protocol: /^https?$/, error: (i) => `must be an http(s) URL such as https://ims.eu-de.otc.t-systems.com (given ${JSON.stringify(i.input)})` }),
    region: text,
    cloud: z.enum(CLOUDS),
    api: z.enum(APIS),
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
    maxScanPages: z.number().int().min(1),
    maxScanImages: z.number().int().min(1),
    retry: retrySchema,
  })
  .partial()
  .strict();

// The public ConnectionOptions and this schema must describe the same shape.
const schemaMatchesPublicType: MutuallyAssignable<z.input<typeof connectionOptionsSchema>, ConnectionOptions> = true;
void schemaMatchesPublicType;
type Layer = z.output<typeof connectionOptionsSchema>;

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
 * Huawei Cloud files GET /v2/images under "Historical APIs" and recommends GET /v2/cloudimages;
 * Open Telekom Cloud documents the native API as current. Of an unknown cloud only the seed (native) API is assumed.
 */
function defaultApi(cloud: Cloud | undefined): Api {
  return cloud === "huaweicloud" ? "extension" : "native";
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
  // The cloud as far as it is known: set, from the region, or from the endpoint's host.
  const knownCloud = cloud ?? (region ? cloudOfRegion(region) : endpoint ? cloudOfEndpoint(endpoint) : undefined);
  return {
    endpoint: endpoint?.replace(/\/+$/, ""),
    region,
    api: pick("api") ?? defaultApi(knownCloud),
    cloud: knownCloud,
    projectId: pick("projectId"),
    auth,
    timeoutMs: pick("timeoutMs"),
    maxScanPages: pick("maxScanPages"),
    maxScanImages: pick("maxScanImages"),
    // Each retry field from the first source that sets it: IMS_RETRY_MAX_ATTEMPTS and ims:retry.maxElapsedMs combine.
    retry: layers.some((l) => l.retry) ? Object.assign({}, ...layers.map((l) => l.retry ?? {}).reverse()) : undefined,
  };
}
