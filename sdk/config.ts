/**
 * Connection settings for a Pulumi program: per-call `opts.connection`, then stack
 * config in the `ims` namespace, then the environment (and clouds.yaml).
 */
import * as pulumi from "@pulumi/pulumi";
import { ImsError } from "../provider/core/errors";
import { connectionFromConfig } from "../provider/connection/configKeys";
import { clientFor } from "../provider/connection/clients";
import type { ImsClient } from "../provider/services/imsClient";
import type { ConnectionOptions } from "../provider/core/connectionOptions";
import type { ImsInvokeOptions } from "./types";

/** Stack config of the running program; {} outside a Pulumi run. getConfig reads secrets without warnings. */
export function programConnection(): ConnectionOptions {
  return connectionFromConfig((k) => pulumi.runtime.getConfig(k));
}

/** The process-wide client for a call: `opts.connection`, then `ims:*` config, then the environment. */
export function programClient(opts?: ImsInvokeOptions): ImsClient {
  return clientFor(opts?.connection ?? {}, process.env, programConnection());
}

/** Marks an ImsError as a Pulumi RunError, so the CLI prints its message without a stack trace. It stays an ImsError. */
export function asRunError(error: unknown): unknown {
  if (ImsError.isInstance(error)) Object.defineProperty(error, "__pulumiRunError", { value: true, enumerable: false });
  return error;
}
