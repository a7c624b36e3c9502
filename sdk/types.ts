import type {
  IMAGE_TYPES,
  MEMBER_STATUSES,
  OS_TYPES,
  STATUSES,
  VISIBILITIES,
  SupportFlag,
  TimeOperator,
} from "../provider/core/vocabulary";
import type { ConnectionOptions } from "../provider/core/connectionOptions";

export type ImageType = (typeof IMAGE_TYPES)[number];
export type Visibility = (typeof VISIBILITIES)[number];
export type Status = (typeof STATUSES)[number];
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export type OsType = (typeof OS_TYPES)[number];
export type { SortKey, SortDir } from "../provider/core/vocabulary";

/** `__support_*` filters: `true` for a capability, or the GPU type (e.g. "V100") for xenGpuType / kvmGpuType. */
export type SupportsFilter = { [K in SupportFlag]?: K extends "xenGpuType" | "kvmGpuType" ? string : true };

/** A time as IMS writes it ("2018-10-28T10:00:00Z" or "2018-10-28 10:00:00"), or a Date. */
export type TimeValue = string | Date;

/** "lt:2018-10-28T10:00:00Z", or a range such as { gte: "2024-01-01T00:00:00Z", lt: new Date() }. */
export type TimeRange = string | { [op in TimeOperator]?: TimeValue };

/**
 * Options of getImage and getImages. These are plain functions in the program process, not engine
 * invokes (dynamic providers cannot implement invokes), so Pulumi's InvokeOptions (`provider`,
 * `parent`, `dependsOn`) would have nothing to act on and are not offered.
 */
export interface ImsInvokeOptions {
  /** Overrides `ims:*` config and the environment for this call. */
  readonly connection?: ConnectionOptions;
}
