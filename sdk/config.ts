/**
 * Connection settings for a Pulumi program: per-call `opts.connection`, then stack
 * config in the `ims` namespace, then the environment (and clouds.yaml).
 */
import * as pulumi from "@pulumi/pulumi";
import { ImsError } from "../provider/core/errors";
import { connectionFromConfig } from "../provider/connection/configKeys";
import type { ConnectionSources } from "../provider/lookup/lookups";
import type { ImsInvokeOptions, ImsInvokeOutputOptions } from "./types";

/**
 * The lookup layer, loaded on the first lookup rather than with the package: it brings undici,
 * zod and the settings readers, which a program that only declares resources (and every
 * `pulumi preview` of it) need not pay for.
 */
export function lookups(): typeof import("../provider/lookup/lookups") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../provider/lookup/lookups") as typeof import("../provider/lookup/lookups");
}

/**
 * Where a program's lookups connect: `opts.connection`, then stack config in the `ims` namespace
 * (read with getConfig, so secrets give no warnings; empty outside a Pulumi run), then the environment.
 */
export function programConnection(opts?: ImsInvokeOptions): ConnectionSources {
  return {
    options: opts?.connection,
    config: connectionFromConfig((k) => pulumi.runtime.getConfig(k)),
    env: process.env,
  };
}

/** Marks an ImsError as a Pulumi RunError, so the CLI prints its message without a stack trace. It stays an ImsError. */
export function asRunError(error: unknown): unknown {
  if (ImsError.isInstance(error)) Object.defineProperty(error, "__pulumiRunError", { value: true, enumerable: false });
  return error;
}

/**
 * An Output that is known once every resource in `dependsOn` exists (a custom resource's id is
 * known; a component's urn), and carries them as dependencies.
 */
function afterDependencies(dependsOn: ImsInvokeOutputOptions["dependsOn"]): pulumi.Output<unknown> {
  if (dependsOn === undefined) return pulumi.output([]);
  return pulumi
    .output(dependsOn)
    .apply((resources) =>
      pulumi.all(
        ([resources] as unknown[])
          .flat()
          .map((r) => (pulumi.CustomResource.isInstance(r) ? r.id : (r as pulumi.Resource).urn)),
      ),
    );
}

/**
 * The Output form of a lookup: it runs with the plain arguments once every input is known and every
 * resource in `dependsOn` exists (getImageOutput, getImagesOutput).
 */
export function lookupOutput<A, R>(
  args: unknown,
  opts: ImsInvokeOutputOptions,
  lookup: (args: A, opts: ImsInvokeOptions) => Promise<R>,
): pulumi.Output<R> {
  return pulumi
    .all([pulumi.output(args), afterDependencies(opts.dependsOn)])
    .apply(([a]) => lookup(a as A, { connection: opts.connection }));
}
