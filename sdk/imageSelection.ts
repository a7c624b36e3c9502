import * as pulumi from "@pulumi/pulumi";
import type { ImageFilterArgs } from "./getImage";
import type { DriftReason, TimeOperator } from "../provider/core/vocabulary";
import type { ImsLockOptions } from "./types";
import { lockedSelectionImage } from "./config";
// Types only (erased): the provider object below must capture nothing.
import type * as Runtime from "../provider/dynamicProvider/runtime";

/**
 * The dynamic provider. Pulumi serializes this object into the stack state, so it
 * captures nothing: each method loads the implementation by package name at run time,
 * and credentials are read there (from `ims:*` config via configure, or the environment).
 * The methods repeat the require on purpose: a shared helper would be captured and
 * serialized by value into every stack's state.
 *
 * "pulumi-ims/runtime" is a contract with every stack's state: a stack keeps calling it until
 * its resource is next updated, so the subpath (package.json "exports") never moves or goes.
 * 0.1.0 wrote "pulumi-ims/dist/provider/imageSelection/runtime", which stays exported for them.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- loaded by package name at run time, see above */
export const imageSelectionProvider: pulumi.dynamic.ResourceProvider<
  Record<string, unknown>,
  Record<string, unknown>
> = {
  async configure(req) {
    return (require("pulumi-ims/runtime") as typeof Runtime).configure(req);
  },
  async check(olds, news) {
    return (require("pulumi-ims/runtime") as typeof Runtime).check(olds, news);
  },
  async diff(id, olds, news) {
    return (require("pulumi-ims/runtime") as typeof Runtime).diff(id, olds, news);
  },
  async create(inputs) {
    return (require("pulumi-ims/runtime") as typeof Runtime).create(inputs);
  },
  async read(id, props) {
    return (require("pulumi-ims/runtime") as typeof Runtime).read(id, props);
  },
  async update(id, olds, news) {
    return (require("pulumi-ims/runtime") as typeof Runtime).update(id, olds, news);
  },
  async delete(id, props) {
    return (require("pulumi-ims/runtime") as typeof Runtime).remove(id, props);
  },
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** Filters as resource inputs: times are strings here (state holds JSON), e.g. "lt:2025-01-01T00:00:00Z". */
type SelectionFilters = Omit<ImageFilterArgs, "createdAt" | "updatedAt"> & {
  createdAt?: string | { [op in TimeOperator]?: string };
  updatedAt?: string | { [op in TimeOperator]?: string };
};

export type ImageSelectionArgs = { [K in keyof SelectionFilters]?: pulumi.Input<SelectionFilters[K]> } & {
  /**
   * Default false (pinned): the recorded image stays until the filters change; a newer
   * match shows as drift at `pulumi refresh` (and `pulumi preview --refresh`).
   * True: a newer match shows as an update at `pulumi preview` and is taken at `pulumi up`.
   */
  followLatest?: pulumi.Input<boolean>;
  /** As getImage's: true accepts the newest match from any publisher (otherwise imageType gold/private, owner or id is required). */
  anyOwner?: pulumi.Input<boolean>;
  /** Policy: a recorded image older than this many days is drift (driftReason "tooOld"); `ims-image drift` fails on it. */
  maxAgeDays?: pulumi.Input<number>;
  /** Policy: images that must never be used. Lookups skip them; a recorded one is drift (driftReason "denied"). */
  denyImageIds?: pulumi.Input<pulumi.Input<string>[]>;
};

/**
 * ImageSelection's resource options, with `lock`: the lock entry whose image it records (no request
 * to IMS at check, create, update or refresh). A new image arrives when the lock file changes, as an
 * update that `pulumi preview` shows; `ims-image lock check` reports what is out of date.
 */
export interface ImageSelectionOptions extends pulumi.CustomResourceOptions, ImsLockOptions {}

/**
 * Records which IMS image a stack uses, so previews and refreshes show when a newer
 * matching image appears. It never creates or deletes anything in the cloud.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as ims from "pulumi-ims";
 *
 * const boot = new ims.ImageSelection("boot", { platform: "Ubuntu", nameRegex: "^Ubuntu 22\\.04", imageType: "gold" });
 * export const imageId = boot.imageId;
 * ```
 */
export class ImageSelection extends pulumi.dynamic.Resource {
  /** The recorded image: pass this to the ECS definition. */
  declare readonly imageId: pulumi.Output<string>;
  declare readonly imageName: pulumi.Output<string>;
  /** When the recorded image was created (`createdAt` is the filter input). */
  declare readonly imageCreatedAt: pulumi.Output<string>;
  declare readonly imagePlatform: pulumi.Output<string | null>;
  declare readonly imageOsVersion: pulumi.Output<string | null>;
  /** GB */
  declare readonly imageMinDisk: pulumi.Output<number>;
  /** MB */
  declare readonly imageMinRam: pulumi.Output<number>;
  /** The newest match when the provider last looked (create, update or refresh). */
  declare readonly latestImageId: pulumi.Output<string | null>;
  /** True when the recorded image was not the right one at that time; driftReason says why. */
  declare readonly driftDetected: pulumi.Output<boolean>;
  /**
   * Why, most serious first: "imageDeleted", "denied" (in denyImageIds), "noLongerMatches" (the filters),
   * "filtersChanged", "newerImage", "tooOld" (maxAgeDays); null without drift.
   */
  declare readonly driftReason: pulumi.Output<DriftReason | null>;
  /** The image recorded before the last refresh moved the record. */
  declare readonly previousImageId: pulumi.Output<string | null>;
  declare readonly followLatest: pulumi.Output<boolean | undefined>;

  constructor(name: string, args: ImageSelectionArgs, opts: ImageSelectionOptions = {}) {
    const { lock, lockFile, ...resourceOptions } = opts;
    super(
      imageSelectionProvider,
      name,
      {
        ...args,
        lockedImage:
          lock === undefined
            ? undefined
            : pulumi
                .output(args)
                .apply((a) => lockedSelectionImage(a as Record<string, unknown>, { lock, lockFile }) ?? null),
        imageId: undefined,
        imageName: undefined,
        imageCreatedAt: undefined,
        imagePlatform: undefined,
        imageOsVersion: undefined,
        imageMinDisk: undefined,
        imageMinRam: undefined,
        latestImageId: undefined,
        driftDetected: undefined,
        driftReason: undefined,
        filtersKey: undefined,
        previousImageId: undefined,
      },
      resourceOptions,
      "ims",
      "ImageSelection",
    );
  }
}
