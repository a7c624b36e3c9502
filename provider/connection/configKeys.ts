/** The `ims:*` stack config keys and how they map to connection options (program and dynamic provider alike). */
import type { ConnectionOptions } from "../core/connectionOptions";

/** `ims:<key>` config keys, by the connection option they set. Secrets: set them with `pulumi config set --secret`. */
const CONFIG_KEYS = {
  endpoint: "endpoint",
  region: "region",
  cloud: "cloud",
  projectId: "projectId",
  projectName: "projectName",
  accessKey: "accessKey",
  secretKey: "secretKey",
  securityToken: "securityToken",
  token: "token",
  authUrl: "authUrl",
  username: "username",
  password: "password",
  userDomainName: "userDomainName",
  userDomainId: "userDomainId",
  projectDomainName: "projectDomainName",
  projectDomainId: "projectDomainId",
  osCloud: "osCloud",
  timeoutMs: "timeoutMs",
  maxScanPages: "maxScanPages",
  maxScanImages: "maxScanImages",
} as const satisfies Record<string, string>;

/** Options whose config value is a number. */
const NUMERIC = new Set(["timeoutMs", "maxScanPages", "maxScanImages"]);

/** Reads `ims:*` through a config getter (the program's, or the engine's Configure request). */
export function connectionFromConfig(get: (key: string) => unknown): ConnectionOptions {
  const out: Record<string, unknown> = {};
  for (const [option, key] of Object.entries(CONFIG_KEYS)) {
    const value = get(`ims:${key}`);
    if (value === undefined || value === null || value === "") continue;
    out[option] = NUMERIC.has(option) ? Number(value) : String(value);
  }
  return out as ConnectionOptions;
}
