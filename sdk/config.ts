/**
 * Connection settings for a Pulumi program: per-call `opts.connection`, then stack
 * config in the `ims` namespace, then the environment (and clouds.yaml).
 */
import * as pulumi from "@pulumi/pulumi";
import { ImsError } from "../provider/errors";
import type { ConnectionOptions } from "../provider/settings";

/** `ims:<key>` config keys, by the connection option they set. Secrets: set them with `pulumi config set --secret`. */
export const CONFIG_KEYS = {
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
} as const satisfies Record<string, string>;

/** Reads `ims:*` from a config getter (the program's, or the engine's `configure` request). */
export function connectionFromConfig(get: (key: string) => string | undefined): ConnectionOptions {
  const out: Record<string, unknown> = {};
  for (const [option, key] of Object.entries(CONFIG_KEYS)) {
    const value = get(`ims:${key}`);
    if (value === undefined || value === "") continue;
    out[option] = option === "timeoutMs" ? Number(value) : value;
  }
  return out as ConnectionOptions;
}

/** Stack config of the running program; {} outside a Pulumi run. getConfig reads secrets without warnings. */
export function programConnection(): ConnectionOptions {
  return connectionFromConfig((k) => pulumi.runtime.getConfig(k));
}

export interface ImsInvokeOptions extends pulumi.InvokeOptions {
  /** Overrides `ims:*` config and the environment for this call. */
  readonly connection?: ConnectionOptions;
}

/** Marks an ImsError as a Pulumi RunError, so the CLI prints its message without a stack trace. It stays an ImsError. */
export function asRunError(error: unknown): unknown {
  if (ImsError.isInstance(error)) Object.defineProperty(error, "__pulumiRunError", { value: true, enumerable: false });
  return error;
}
