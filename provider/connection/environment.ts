/** Connection options from the environment: the HW_* and OS_* variables users already set for other tools. */
import type { ConnectionOptions } from "../core/connectionOptions";
import { setTuning, TUNING, TUNING_PATHS } from "../core/tuning";

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
 * SDK's (HUAWEICLOUD_SDK_*). The README's connection table is this table.
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
    if (text !== undefined) setTuning(o, path, Number(text));
  }
  return o;
}
