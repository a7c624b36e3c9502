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
