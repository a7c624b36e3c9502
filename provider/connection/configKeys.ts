/** The `ims:*` stack config keys and how they map to connection options (program and dynamic provider alike). */
import type { ConnectionOptions } from "../core/connectionOptions";
import { setTuning, TUNING_PATHS } from "../core/tuning";

const isSet = (value: unknown) => value !== undefined && value !== null && value !== "";

/**
 * `ims:retry` is an object (`pulumi config set --path ims:retry.maxAttempts 3`); the engine hands it over as JSON text.
 * Parsed here rather than with core/errorBody's jsonOf: the package root loads this module, and errorBody brings zod.
 */
function objectOf(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === "object" && value !== null) return value as Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(String(value));
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // not JSON: validation reports the text as given
  }
  return undefined;
}

/** `ims:<key>` config keys, by the connection option they set. Secrets: set them with `pulumi config set --secret`. */
const CONFIG_KEYS = {
  endpoint: "endpoint",
  region: "region",
  cloud: "cloud",
  api: "api",
  projectId: "projectId",
  projectName: "projectName",
  accessKey: "accessKey",
  secretKey: "secretKey",
  securityToken: "securityToken",
  token: "token",
  authUrl: "authUrl",
  username: "username",
  userId: "userId",
  password: "password",
  userDomainName: "userDomainName",
  userDomainId: "userDomainId",
  projectDomainName: "projectDomainName",
  projectDomainId: "projectDomainId",
  defaultDomain: "defaultDomain",
  osCloud: "osCloud",
} as const satisfies Record<string, string>;

/** Reads `ims:*` through a config getter (the program's, or the engine's Configure request). */
export function connectionFromConfig(get: (key: string) => unknown): ConnectionOptions {
  const out: Record<string, unknown> = {};
  for (const [option, key] of Object.entries(CONFIG_KEYS)) {
    const value = get(`ims:${key}`);
    if (isSet(value)) out[option] = String(value);
  }
  for (const path of TUNING_PATHS) {
    if (path.startsWith("retry.")) continue;
    const value = get(`ims:${path}`);
    if (isSet(value)) setTuning(out, path, Number(value));
  }
  const retry = get("ims:retry");
  if (isSet(retry)) {
    // Numbers as numbers; anything else as given, so validation names what ims:retry should not hold.
    const fields = objectOf(retry);
    out.retry = fields
      ? Object.fromEntries(
          Object.entries(fields).map(([k, v]) => [
            k,
            typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v)) ? Number(v) : v,
          ]),
        )
      : String(retry);
  }
  return out;
}
