import type {
  IMAGE_TYPES,
  MEMBER_STATUSES,
  OS_TYPES,
  STATUSES,
  VISIBILITIES,
  SupportFlag,
  TimeOperator,
} from "../provider/core/vocabulary";
import type * as pulumi from "@pulumi/pulumi";
import type { ConnectionOptions } from "../provider/core/connectionOptions";

export type ImageType = (typeof IMAGE_TYPES)[number];
export type Visibility = (typeof VISIBILITIES)[number];
export type Status = (typeof STATUSES)[number];
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export type OsType = (typeof OS_TYPES)[number];
export type { SortKey, SortDir, DriftReason, TimeOperator } from "../provider/core/vocabulary";

/** `__support_*` filters: `true` for a capability, or the GPU type (e.g. "V100") for xenGpuType / kvmGpuType. */
export type SupportsFilter = { [K in SupportFlag]?: K extends "xenGpuType" | "kvmGpuType" ? string : true };

/** A time as IMS writes it ("2018-10-28T10:00:00Z" or "2018-10-28 10:00:00"), or a Date. */
export type TimeValue = string | Date;

/** "lt:2018-10-28T10:00:00Z", or a range such as { gte: "2024-01-01T00:00:00Z", lt: new Date() }. */
export type TimeRange = string | { [op in TimeOperator]?: TimeValue };

/**
 * Options of getImage and getImages. They are plain functions in the program process, not engine
 * invokes (dynamic providers cannot implement invokes), so of Pulumi's InvokeOptions none applies to
 * a plain call: there is no provider to pick, and a plain call cannot wait for resources.
 */
export interface ImsInvokeOptions {
  /** Overrides `ims:*` config and the environment for this call. */
  readonly connection?: ConnectionOptions;
}

/**
 * Options of getImageOutput and getImagesOutput: `connection`, and Pulumi's own `dependsOn` and
 * `parent`, as generated SDKs take them (`getAmiOutput(args, { dependsOn: [image] })`).
 */
export interface ImsInvokeOutputOptions extends ImsInvokeOptions, Pick<pulumi.InvokeOutputOptions, "parent"> {
  /**
   * Resources the lookup waits for: it runs once each exists (a custom resource has its id), so a
   * private image that the same program creates is found. In a preview where one of them is still
   * to be created, the result is unknown and nothing is asked of IMS, as with Pulumi's own invokes.
   * The result depends on them, so resources that use it do too.
   */
  readonly dependsOn?: pulumi.InvokeOutputOptions["dependsOn"];
}

/** The lock file options of getImage, getImageOutput and ImageSelection. */
export interface ImsLockOptions {
  /**
   * The lock entry that pins this lookup's image (`ims-image lock add web ...`): its image for the
   * connection's region is returned with no request to IMS and no credentials (a lock of one region
   * needs no region setting). Filters that differ from the entry's are an error; an entry or region
   * the lock lacks is looked up live with a warning, or is an error when the lock mode is frozen
   * (`ims:lockMode: frozen`, `IMS_LOCK_MODE=frozen`). A program never writes the lock file.
   */
  readonly lock?: string;
  /** The lock file: default `ims:lockFile`, then IMS_LOCK_FILE, then `ims-images.lock.json` in the current directory (the project's). */
  readonly lockFile?: string;
}

/** Options of getImage: `connection`, and the lock entry that pins its answer. */
export interface GetImageOptions extends ImsInvokeOptions, ImsLockOptions {}

/** Options of getImageOutput: those of getImageOutput's lookups, and the lock entry that pins its answer. */
export interface GetImageOutputOptions extends ImsInvokeOutputOptions, ImsLockOptions {}
