/**
 * Connection settings: explicit options, then stack config, then the environment (IMS_*, HW_*,
 * OS_*, HUAWEICLOUD_SDK_*), then an hcloud profile, then clouds.yaml (OS_CLOUD). Credentials come from the first of those layers
 * that holds a complete set, so a half-set environment never mixes with explicit
 * options. Every secret found is registered for redaction.
 */
import { z } from "zod";
import type { ConnectionOptions, RetryOptions } from "../core/connectionOptions";
import { APIS, CLOUDS, type Api, type Cloud } from "../core/vocabulary";
import { ImsConfigError, ImsValidationError } from "../core/errors";
import type { AuthSettings } from "../services/authenticator";
import type { ImsConnection } from "../services/imsClient";
import { registerSecret } from "../core/redact";
import { enumOf, parseOrThrow, withGiven, type MutuallyAssignable } from "../core/validation";
import { optionsFromCloudsYaml } from "./cloudsYaml";
import { ENV_NAMES, nearMissNote, optionsFromEnv, variableOf, type Env } from "./environment";
import { cloudChoice, cloudOfEndpoint, cloudOfRegion, regionEndpoints, regionOfProjectName } from "./regions";
import { normalizeAuthUrl, normalizeImsEndpoint } from "../core/imsEndpoint";
import { optionsFromHcloudProfile } from "./hcloudProfile";

/** A whole number from `min` (to `max`), said plainly whatever was given ("abc", 1.5, -1). */
const wholeNumber = (min: number, max?: number) => {
  const range = max === undefined ? `${min} or more` : `from ${min} to ${max}`;
  const number = z.number({ error: withGiven(`must be a whole number, ${range}`) });
  const atLeast = number
    .int({ error: withGiven(`must be a whole number, ${range}`) })
    .min(min, { error: withGiven(`must be ${range}`) });
  return max === undefined ? atLeast : atLeast.max(max, { error: withGiven(`must be ${range}`) });
};

const retrySchema = z
  .object({
    maxAttempts: wholeNumber(1, 20),
    baseDelayMs: wholeNumber(0),
    maxDelayMs: wholeNumber(0),
    maxElapsedMs: wholeNumber(0),
  })
  .partial()
  .strict();

const text = z.string().min(1);

/** What a caller may set; every field also has an environment or config source. */
const connectionOptionsSchema = z
  .object({
    endpoint: z.url({
      protocol: /^https?$/,
      error: (i) =>
        `must be an http(s) URL such as https://ims.eu-de.otc.t-systems.com (given ${JSON.stringify(i.input)})`,
    }),
    region: text,
    cloud: z.union(
      [
        z.enum(CLOUDS),
        z.templateLiteral([z.string(), ".", z.string()]).refine((d) => /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d)),
      ],
      {
        error: (i) =>
          `must be huaweicloud, opentelekomcloud or a domain such as myhuaweicloud.eu (given ${JSON.stringify(i.input)})`,
      },
    ),
    api: enumOf(APIS),
    projectId: text,
    projectName: text,
    accessKey: text,
    secretKey: text,
    securityToken: text,
    token: text,
    authUrl: z.url({ protocol: /^https?$/ }),
    username: text,
    userId: text,
    password: text,
    userDomainName: text,
    userDomainId: text,
    projectDomainName: text,
    projectDomainId: text,
    defaultDomain: text,
    osCloud: text,
    cloudsYamlPath: text,
    secureYamlPath: text,
    timeoutMs: wholeNumber(1),
    maxScanPages: wholeNumber(1),
    maxScanImages: wholeNumber(1),
    retry: retrySchema,
  })
  .partial()
  .strict();

// The public ConnectionOptions and this schema must describe the same shape.
const schemaMatchesPublicType: MutuallyAssignable<z.input<typeof connectionOptionsSchema>, ConnectionOptions> = true;
void schemaMatchesPublicType;
type Layer = z.output<typeof connectionOptionsSchema>;

/** What the rest of the layers say about where the credentials go. */
interface Context {
  readonly region?: string;
  /** Known only from a setting or a host: a private Keystone may keep Keystone's defaults. */
  readonly cloud?: Cloud;
  /** Keystone v3 base: the configured auth URL, else the region's IAM. */
  readonly iamUrl?: string;
  /** Settings that are not credentials, from the first layer that has them. */
  readonly pick: <K extends keyof Layer>(key: K) => Layer[K];
  /** For hints about variables set under another name. */
  readonly env: Env;
}

const CLOUD_NAMES: Record<Cloud, string> = { huaweicloud: "Huawei Cloud", opentelekomcloud: "Open Telekom Cloud" };

function passwordAuth(layer: Layer, ctx: Context): AuthSettings {
  if (!ctx.iamUrl)
    throw new ImsConfigError(
      "password authentication needs an auth URL: set authUrl (OS_AUTH_URL / HW_AUTH_URL) or a region",
    );
  const projectId = layer.projectId ?? ctx.pick("projectId");
  // Never an unscoped token: IMS is a project service. The default project is named after the region.
  const projectName = projectId ? undefined : (layer.projectName ?? ctx.pick("projectName") ?? ctx.region);
  if (!projectId && !projectName) {
    throw new ImsConfigError(
      "password authentication needs a project for IMS: set projectName (OS_PROJECT_NAME / HW_PROJECT_NAME), projectId or a region (the default project is named after it)",
    );
  }
  const fallbackDomain = layer.defaultDomain ?? ctx.pick("defaultDomain");
  const userDomainName = layer.userDomainName ?? layer.projectDomainName ?? fallbackDomain;
  const userDomainId = layer.userDomainId ?? layer.projectDomainId;
  const projectDomainName = layer.projectDomainName ?? layer.userDomainName ?? fallbackDomain;
  const projectDomainId = layer.projectDomainId ?? layer.userDomainId;
  if (ctx.cloud) {
    // IAM has no "Default" domain: the user's domain is the account name.
    const missingUser = !layer.userId && !userDomainName && !userDomainId;
    const missingProject = projectName !== undefined && !projectDomainName && !projectDomainId;
    if (missingUser || missingProject) {
      const misses = nearMissNote(ctx.env);
      throw new ImsConfigError(
        `password authentication on ${CLOUD_NAMES[ctx.cloud]} needs the account (domain) name${misses}`,
        {
          hint: "set userDomainName (HW_DOMAIN_NAME, OS_USER_DOMAIN_NAME, OS_PROJECT_DOMAIN_NAME or OS_DEFAULT_DOMAIN) or userDomainId (HW_DOMAIN_ID, OS_USER_DOMAIN_ID)",
        },
      );
    }
  }
  return {
    kind: "password",
    authUrl: ctx.iamUrl,
    username: layer.username,
    userId: layer.userId,
    password: layer.password!,
    userDomainName,
    userDomainId,
    projectId,
    projectName,
    projectDomainName,
    projectDomainId,
  };
}

function akskAuth(layer: Layer, ctx: Context): AuthSettings {
  const projectId = layer.projectId ?? ctx.pick("projectId");
  // As the official SDKs: the project named after the region, its id asked of IAM with the same keys.
  const projectName = projectId ? undefined : (layer.projectName ?? ctx.pick("projectName") ?? ctx.region);
  if (!projectId && !projectName) {
    throw new ImsConfigError(
      "AK/SK signing needs the project: set projectId (HW_PROJECT_ID / OS_PROJECT_ID / HUAWEICLOUD_SDK_PROJECT_ID), projectName or a region (its default project is named after it)",
    );
  }
  if (!projectId && !ctx.iamUrl) {
    throw new ImsConfigError(
      `AK/SK signing needs the id of project ${JSON.stringify(projectName)}: set projectId, or a region or authUrl so that it can be asked of IAM`,
    );
  }
  return {
    kind: "aksk",
    accessKey: layer.accessKey!,
    secretKey: layer.secretKey!,
    securityToken: layer.securityToken,
    projectId,
    projectName,
    iamUrl: ctx.iamUrl,
  };
}

function authOfLayer(layer: Layer, ctx: Context): AuthSettings | undefined {
  if (layer.token) return { kind: "token", token: layer.token };
  if (layer.accessKey && layer.secretKey) return akskAuth(layer, ctx);
  if ((layer.username || layer.userId) && layer.password) return passwordAuth(layer, ctx);
  if (layer.accessKey || layer.secretKey) {
    const misses = nearMissNote(ctx.env);
    throw new ImsConfigError(
      `AK/SK signing needs both an access key and a secret key; only the ${layer.accessKey ? "access" : "secret"} key is set${misses}`,
      {
        hint: `set ${layer.accessKey ? `secretKey (${namesOf("secretKey")})` : `accessKey (${namesOf("accessKey")})`}`,
      },
    );
  }
  return undefined;
}

/** The environment's settings; a bad value is reported under the variable that set it (IMS_API, not api). */
function parseEnv(env: Env): Layer {
  try {
    return parseOrThrow(connectionOptionsSchema, optionsFromEnv(env), "invalid setting in the environment");
  } catch (e) {
    if (!ImsValidationError.isInstance(e)) throw e;
    throw new ImsValidationError(
      e.issues.map((i) => ({ ...i, property: variableOf(env, i.property) ?? i.property })),
      "invalid setting in the environment",
    );
  }
}

/** Names of a credential setting, for messages: `password (HW_USER_PASSWORD, OS_PASSWORD, ims:password)`. */
const namesOf = (option: keyof typeof ENV_NAMES) => `${ENV_NAMES[option].join(", ")}, ims:${option}`;

/** Credentials that were begun but not finished, in any layer: a user without a password, and the like. */
function unfinishedCredentials(layers: readonly Layer[]): Array<{ problem: string; fix: string }> {
  const found = new Map<string, string>();
  for (const l of layers) {
    if ((l.username || l.userId) && !l.password)
      found.set("a user is set but no password", `set the password (${namesOf("password")})`);
    if (l.password && !l.username && !l.userId)
      found.set("a password is set but no user", `set the user name (${namesOf("username")}) or userId`);
  }
  return [...found].map(([problem, fix]) => ({ problem, fix }));
}

/**
 * Before any request: credentials begun but not finished, or none at all for a Huawei Cloud or Open
 * Telekom Cloud endpoint (which answers 401 to every request without them). An endpoint of no known
 * cloud (the local server, a Glance without auth) may be asked without credentials.
 */
function missingCredentials(layers: readonly Layer[], cloud: Cloud | undefined, env: Env): ImsConfigError | undefined {
  const unfinished = unfinishedCredentials(layers);
  if (unfinished.length === 0 && cloud === undefined) return undefined;
  const misses = nearMissNote(env);
  if (unfinished.length)
    return new ImsConfigError(`incomplete credentials: ${unfinished.map((u) => u.problem).join("; ")}${misses}`, {
      hint: unfinished.map((u) => u.fix).join("; "),
    });
  return new ImsConfigError(
    `no credentials for ${CLOUD_NAMES[cloud!]}, which refuses every request without them${misses}`,
    {
      hint: `set a token (IMS_TOKEN, HW_AUTH_TOKEN, OS_AUTH_TOKEN or OS_TOKEN), an access key and secret key (HW_ACCESS_KEY and HW_SECRET_KEY, or OS_ACCESS_KEY and OS_SECRET_KEY), a user and password with the account's domain (HW_USER_NAME, HW_USER_PASSWORD and HW_DOMAIN_NAME, or OS_USERNAME, OS_PASSWORD and OS_USER_DOMAIN_NAME), a clouds.yaml cloud (OS_CLOUD) or an hcloud profile (HW_PROFILE); in a Pulumi program, ims:* config (pulumi config set --secret ims:token ...)`,
    },
  );
}

/**
 * Huawei Cloud files GET /v2/images under "Historical APIs" and recommends GET /v2/cloudimages;
 * Open Telekom Cloud documents the native API as current. Of an unknown cloud only the seed (native) API is assumed.
 */
function defaultApi(cloud: Cloud | undefined): Api {
  return cloud === "huaweicloud" ? "extension" : "native";
}

/** Where connection settings come from, in the order they win: explicit options, stack config, the environment. */
export interface ConnectionSources {
  readonly options?: ConnectionOptions;
  /** Pulumi's `ims:*` stack config. */
  readonly config?: ConnectionOptions;
  /** Default: process.env. */
  readonly env?: Env;
}

/** Every layer of settings, in the order they win, each validated (no credential is checked or registered here). */
function readLayers(from: ConnectionSources): Layer[] {
  const { options = {}, config = {}, env = process.env } = from;
  const explicit = parseOrThrow(connectionOptionsSchema, options, "invalid connection settings");
  const fromConfig = parseOrThrow(connectionOptionsSchema, config, "invalid ims:* configuration");
  const fromEnv = parseEnv(env);
  const fromProfile = parseOrThrow(
    connectionOptionsSchema,
    optionsFromHcloudProfile(env),
    "invalid settings in the hcloud profile (HW_PROFILE)",
  );
  const osCloud = explicit.osCloud ?? fromConfig.osCloud ?? fromEnv.osCloud;
  const yamlPath = explicit.cloudsYamlPath ?? fromConfig.cloudsYamlPath ?? fromEnv.cloudsYamlPath;
  const securePath = explicit.secureYamlPath ?? fromConfig.secureYamlPath ?? fromEnv.secureYamlPath;
  const fromYaml = osCloud
    ? parseOrThrow(
        connectionOptionsSchema,
        optionsFromCloudsYaml(osCloud, { cloudsPath: yamlPath, securePath }, env),
        `invalid settings for cloud ${osCloud} in clouds.yaml`,
      )
    : {};
  const layers = [explicit, fromConfig, fromEnv, fromProfile, fromYaml];
  // Registered as soon as read, whatever reads them (a locked lookup reads only the region).
  for (const secret of layers.flatMap((l) => [l.password, l.secretKey, l.token, l.securityToken]))
    registerSecret(secret);
  return layers;
}

/** The layers read from a ConnectionSources by readSources(), kept on it so that they are read once. */
const READ_LAYERS = Symbol("pulumi-ims.readLayers");
type ReadSources = ConnectionSources & { readonly [READ_LAYERS]?: Layer[] };

/** The layers of `from`: those readSources() kept, else read now. */
const layersOf = (from: ReadSources): Layer[] => from[READ_LAYERS] ?? readLayers(from);

/**
 * Reads every source once, registering its secrets for redaction before anything else reads the
 * call: an argument that quotes one is then scrubbed from its validation error. The result carries
 * what was read, so resolveConnection() and resolveRegion() on it do not read the files again. A
 * source that cannot be read is reported later, by resolveConnection, in its own error.
 */
export function readSources(from: ConnectionSources): ConnectionSources {
  try {
    return { ...from, [READ_LAYERS]: readLayers(from) } as ReadSources;
  } catch {
    return from;
  }
}

/** A setting from the first layer that has it. */
const pickFrom =
  (layers: readonly Layer[]) =>
  <K extends keyof Layer>(key: K): Layer[K] =>
    layers.find((l) => l[key] !== undefined)?.[key];

/** The region from options, stack config, the environment, a profile or clouds.yaml, or an OTC `<region>_<suffix>` project name. */
const regionIn = (pick: ReturnType<typeof pickFrom>) => pick("region") ?? regionOfProjectName(pick("projectName"));

/**
 * The region the connection would use, read without credentials (a lock file answers a lookup
 * from it, with no request): undefined when no source sets one.
 */
export function resolveRegion(from: ConnectionSources = {}): string | undefined {
  return regionIn(pickFrom(layersOf(from)));
}

/**
 * Resolves settings from explicit options, then `config` (Pulumi's `ims:*`), then the
 * environment, then an hcloud / KooCLI profile (HW_PROFILE), then clouds.yaml (OS_CLOUD).
 * Throws ImsValidationError/ImsConfigError before any request.
 */
export function resolveConnection(from: ConnectionSources = {}): ImsConnection {
  const env = from.env ?? process.env;
  const layers = layersOf(from);
  const pick = pickFrom(layers);

  // Open Telekom Cloud's <region>_<suffix> project names give the region, from any source.
  const region = regionIn(pick);
  const setting = pick("cloud");
  const choice = setting ? cloudChoice(setting) : undefined;
  const explicitEndpoint = pick("endpoint");
  const authUrlSetting = pick("authUrl");
  // The cloud as far as it is known: set, from a host, or from the region when the region gives the hosts.
  const cloud =
    choice?.cloud ??
    (explicitEndpoint ? cloudOfEndpoint(explicitEndpoint) : undefined) ??
    (authUrlSetting ? cloudOfEndpoint(authUrlSetting) : undefined) ??
    (region && !explicitEndpoint && !authUrlSetting ? cloudOfRegion(region) : undefined);
  const regionHosts = region && (cloud || !authUrlSetting) ? regionEndpoints(region, choice ?? cloud) : undefined;
  const iamUrl = authUrlSetting ? normalizeAuthUrl(authUrlSetting) : regionHosts?.iam;
  const ctx: Context = { region, cloud, iamUrl, pick, env };

  let auth: AuthSettings = { kind: "none" };
  for (const layer of layers) {
    const found = authOfLayer(layer, ctx);
    if (found) {
      auth = found;
      break;
    }
  }
  if (auth.kind === "none") {
    const missing = missingCredentials(layers, cloud, env);
    if (missing) throw missing;
  }

  // With password auth the token's catalog names the image endpoint (as openstacksdk does); the
  // region's host is the fallback when the catalog has none for the region.
  const endpoint = explicitEndpoint
    ? normalizeImsEndpoint(explicitEndpoint)
    : auth.kind === "password"
      ? undefined
      : regionHosts?.ims;
  if (!endpoint && auth.kind !== "password") {
    throw new ImsConfigError(
      "no IMS endpoint: set endpoint (IMS_ENDPOINT, ims:endpoint) or region (HW_REGION_NAME / OS_REGION_NAME, ims:region)",
    );
  }
  return {
    endpoint,
    fallbackEndpoint: auth.kind === "password" && !explicitEndpoint ? regionHosts?.ims : undefined,
    region,
    api: pick("api") ?? defaultApi(cloud),
    cloud,
    projectId: pick("projectId"),
    auth,
    timeoutMs: pick("timeoutMs"),
    maxScanPages: pick("maxScanPages"),
    maxScanImages: pick("maxScanImages"),
    // Each retry field from the first source that sets it: IMS_RETRY_MAX_ATTEMPTS and ims:retry.maxElapsedMs combine.
    retry: layers.some((l) => l.retry)
      ? layers.reduceRight<RetryOptions>((merged, l) => ({ ...merged, ...l.retry }), {})
      : undefined,
  };
}
