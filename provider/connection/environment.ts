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

export function optionsFromEnv(env: Env): ConnectionOptions {
  const o: Record<string, unknown> = {
    endpoint: firstOf(env, "IMS_ENDPOINT", "HW_IMS_ENDPOINT"),
    api: firstOf(env, "IMS_API"),
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
  };
  for (const path of TUNING_PATHS) {
    const text = firstOf(env, TUNING[path].env);
    if (text !== undefined) setTuning(o, path, Number(text));
  }
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as ConnectionOptions;
}
