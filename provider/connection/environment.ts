/** Connection options from the environment: the HW_* and OS_* variables users already set for other tools. */
import type { ConnectionOptions } from "../core/connectionOptions";
import { closestNames, editDistance } from "../core/select";
import { setTuning, TUNING, TUNING_PATHS, type TuningPath } from "../core/tuning";

export type Env = Readonly<Record<string, string | undefined>>;

function firstOf(env: Env, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v !== "") return v;
  }
  return undefined;
}

/**
 * The variables each setting is read from, first found wins. The rule is the same for every
 * setting: pulumi-ims's own IMS_* first, then Huawei Cloud's Terraform names (HW_*), then the
 * OpenStack names (OS_*, also read by Open Telekom Cloud's tools), then the official Huawei Cloud
 * SDK's (HUAWEICLOUD_SDK_*). docs/connection.md's table is this table.
 */
export const ENV_NAMES = {
  endpoint: ["IMS_ENDPOINT", "HW_IMS_ENDPOINT"],
  api: ["IMS_API"],
  region: ["HW_REGION_NAME", "OS_REGION_NAME", "OS_REGION"],
  cloud: ["HW_CLOUD"],
  projectId: ["HW_PROJECT_ID", "OS_PROJECT_ID", "OS_TENANT_ID", "HUAWEICLOUD_SDK_PROJECT_ID"],
  projectName: ["HW_PROJECT_NAME", "OS_PROJECT_NAME", "OS_TENANT_NAME"],
  accessKey: ["HW_ACCESS_KEY", "OS_ACCESS_KEY", "HUAWEICLOUD_SDK_AK"],
  secretKey: ["HW_SECRET_KEY", "OS_SECRET_KEY", "HUAWEICLOUD_SDK_SK"],
  securityToken: ["HW_SECURITY_TOKEN", "OS_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SECURITY_TOKEN"],
  token: ["IMS_TOKEN", "HW_AUTH_TOKEN", "OS_AUTH_TOKEN", "OS_TOKEN"],
  authUrl: ["HW_AUTH_URL", "OS_AUTH_URL", "HUAWEICLOUD_SDK_IAM_ENDPOINT"],
  username: ["HW_USER_NAME", "OS_USERNAME"],
  userId: ["HW_USER_ID", "OS_USER_ID"],
  password: ["HW_USER_PASSWORD", "OS_PASSWORD"],
  userDomainName: ["HW_DOMAIN_NAME", "OS_USER_DOMAIN_NAME", "OS_DOMAIN_NAME"],
  userDomainId: ["HW_DOMAIN_ID", "OS_USER_DOMAIN_ID", "OS_DOMAIN_ID", "HUAWEICLOUD_SDK_DOMAIN_ID"],
  projectDomainName: ["OS_PROJECT_DOMAIN_NAME"],
  projectDomainId: ["OS_PROJECT_DOMAIN_ID"],
  /** Open Telekom Cloud's tools: the domain (account) name for user and project alike, when neither is set. */
  defaultDomain: ["OS_DEFAULT_DOMAIN"],
  osCloud: ["OS_CLOUD"],
  cloudsYamlPath: ["OS_CLIENT_CONFIG_FILE"],
  secureYamlPath: ["OS_CLIENT_SECURE_FILE"],
} as const satisfies Partial<Record<keyof ConnectionOptions, readonly string[]>>;

export function optionsFromEnv(env: Env): ConnectionOptions {
  const o: Record<string, unknown> = {};
  for (const [option, names] of Object.entries(ENV_NAMES)) {
    const value = firstOf(env, ...names);
    if (value !== undefined) o[option] = value;
  }
  for (const path of TUNING_PATHS) {
    const text = firstOf(env, TUNING[path].env);
    // Not a number stays text, so that the error quotes what was set ("abc", not NaN).
    if (text !== undefined) setTuning(o, path, /^\d+$/.test(text) ? Number(text) : text);
  }
  return o;
}

/** The variable that set an option (`api` -> IMS_API, `retry.maxAttempts` -> IMS_RETRY_MAX_ATTEMPTS), for messages. */
export function variableOf(env: Env, property: string): string | undefined {
  if (property in TUNING) return TUNING[property as TuningPath].env;
  const names = (ENV_NAMES as Record<string, readonly string[] | undefined>)[property];
  return names?.find((n) => env[n] !== undefined && env[n] !== "");
}

/**
 * Variables people set for a setting that pulumi-ims does not read, with the one meant: names from
 * other tools (gophertelekomcloud's OS_AK), and the slips one makes (HW_PASSWORD for HW_USER_PASSWORD).
 */
const NEAR_MISSES: Record<string, string> = {
  HW_PASSWORD: "HW_USER_PASSWORD",
  HW_USERNAME: "HW_USER_NAME",
  HW_USER: "HW_USER_NAME",
  OS_USER: "OS_USERNAME",
  OS_USER_NAME: "OS_USERNAME",
  HW_AK: "HW_ACCESS_KEY",
  HW_SK: "HW_SECRET_KEY",
  HW_ACCESS_KEY_ID: "HW_ACCESS_KEY",
  HW_SECRET_ACCESS_KEY: "HW_SECRET_KEY",
  OS_AK: "OS_ACCESS_KEY",
  OS_SK: "OS_SECRET_KEY",
  OS_ACCESS_KEY_ID: "OS_ACCESS_KEY",
  OS_ACCESS_KEY_SECRET: "OS_SECRET_KEY",
  OS_ST: "OS_SECURITY_TOKEN",
  OS_AKSK_SECURITY_TOKEN: "OS_SECURITY_TOKEN",
  HW_TOKEN: "HW_AUTH_TOKEN",
  IMS_AUTH_TOKEN: "IMS_TOKEN",
  HW_REGION: "HW_REGION_NAME",
  OS_REGION_ID: "OS_REGION_NAME",
  HW_DOMAIN: "HW_DOMAIN_NAME",
  OS_USER_DOMAIN: "OS_USER_DOMAIN_NAME",
  OS_PROJECT: "OS_PROJECT_NAME",
  HW_PROJECT: "HW_PROJECT_NAME",
};

/** Every IMS_* variable pulumi-ims reads. */
const IMS_VARIABLES: readonly string[] = [
  ...Object.values(ENV_NAMES)
    .flat()
    .filter((n) => n.startsWith("IMS_")),
  ...TUNING_PATHS.map((p) => TUNING[p].env),
];

/**
 * "HW_PASSWORD is set, but pulumi-ims reads HW_USER_PASSWORD" for each variable set that is
 * probably meant as another: hints for a credential or setting that was not found.
 */
export function nearMisses(env: Env): string[] {
  const set = (n: string) => env[n] !== undefined && env[n] !== "";
  const hints: string[] = [];
  for (const [name, meant] of Object.entries(NEAR_MISSES))
    if (set(name) && !set(meant)) hints.push(`${name} is set, but pulumi-ims reads ${meant}`);
  // IMS_* is ours alone: any other IMS_ name is a slip.
  for (const name of Object.keys(env).filter((n) => n.startsWith("IMS_") && set(n) && !IMS_VARIABLES.includes(n))) {
    const [closest] = closestNames(IMS_VARIABLES, name, 1);
    if (closest !== undefined && editDistance(closest, name) <= 3 && !set(closest))
      hints.push(`${name} is set, but pulumi-ims reads ${closest}`);
  }
  return hints;
}

/** The near misses as a tail for a credential error's problem: "; HW_PASSWORD is set, but ...", or nothing. */
export function nearMissNote(env: Env): string {
  return nearMisses(env)
    .map((m) => `; ${m}`)
    .join("");
}
