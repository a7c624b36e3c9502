/**
 * Connection settings for a Pulumi program: per-call `opts.connection`, then stack
 * config in the `ims` namespace, then the environment (and clouds.yaml).
 */
import * as pulumi from "@pulumi/pulumi";
import { ImsError } from "../provider/core/errors";
import { connectionFromConfig } from "../provider/connection/configKeys";
import type { ConnectionSources } from "../provider/lookup/lookups";
import { lockFromConfig, type LockSources } from "../provider/lock/lockSettings";
import type { ImageResult } from "../provider/lookup/imageResult";
import type { LockedSelectionImage } from "../provider/lock/lockedLookup";
import type { ImsInvokeOptions, ImsInvokeOutputOptions, ImsLockOptions } from "./types";

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

/** Where a program's lock file is, and its lock mode: `opts.lockFile`, then `ims:lockFile`/`ims:lockMode`, then the environment. */
function programLock(opts?: ImsLockOptions): LockSources {
  return {
    lockFile: opts?.lockFile,
    config: lockFromConfig((k) => pulumi.runtime.getConfig(k)),
    env: process.env,
  };
}

/**
 * The image the lock file pins for `opts.lock` (in the connection's region), read with no request;
 * undefined when the lock lacks the entry or region, after a Pulumi warning that names the command
 * that locks it (with lockMode frozen, an ImsLockError instead).
 */
export function lockedImage(
  args: unknown,
  opts: ImsLockOptions & ImsInvokeOptions & { lock: string },
): ImageResult | undefined {
  const answer = locks().lockedImage(opts.lock, args, programLock(opts), programConnection(opts));
  if ("image" in answer) return answer.image;
  void pulumi.log.warn(answer.missing);
  return undefined;
}

/** ImageSelection's `lock` option: what it records of the locked image, or undefined (warned) when the lock lacks it. */
export function lockedSelectionImage(
  args: Readonly<Record<string, unknown>>,
  opts: ImsLockOptions & { lock: string },
): LockedSelectionImage | undefined {
  return locks().lockedSelection(opts.lock, args, programLock(opts), programConnection(), (m) => {
    void pulumi.log.warn(m);
  });
}

/** The lock layer, loaded only by a locked lookup, as lookups() is. */
function locks(): typeof import("../provider/lock/lockedLookup") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../provider/lock/lockedLookup") as typeof import("../provider/lock/lockedLookup");
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
export function lookupOutput<A, R, O extends ImsInvokeOptions>(
  args: unknown,
  opts: ImsInvokeOutputOptions & O,
  lookup: (args: A, opts: O) => Promise<R>,
): pulumi.Output<R> {
  // The plain call's options: all but the Output form's own (dependsOn, parent).
  const { dependsOn, parent: _parent, ...plain } = opts;
  void _parent;
  return pulumi.all([pulumi.output(args), afterDependencies(dependsOn)]).apply(([a]) => lookup(a as A, plain as O));
}
