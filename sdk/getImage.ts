import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { imageFilterSchema } from "../provider/lookup/args";
import type { AcceptedWithSameKeys } from "../provider/core/validation";
import type { ImageResult } from "../provider/lookup/imageResult";
import type {
  GetImageOptions,
  GetImageOutputOptions,
  ImageType,
  MemberStatus,
  OsType,
  Status,
  SupportsFilter,
  TimeRange,
  Visibility,
} from "./types";
import { asRunError, lockedImage, lookupOutput, lookups, programConnection } from "./config";

/**
 * Filters shared by getImage, getImages and ImageSelection. "Sent to IMS" filters
 * cost nothing extra; "applied locally" ones make pulumi-ims read pages until a match.
 */
export interface ImageFilterArgs {
  /** Image id. Sent to IMS (`id`). */
  id?: string;
  /** Exact, case-sensitive name. Sent to IMS (`name`). */
  name?: string;
  /** JavaScript regular expression tested against the name. Applied locally: pages are read newest first until a match. */
  nameRegex?: string;
  /** `__platform`, e.g. "Ubuntu", "CentOS", "EulerOS", "Windows" (exact). Sent to IMS. */
  platform?: string;
  /** `__os_type`: Linux, Windows or Other. Sent to IMS. */
  osType?: OsType;
  /** `__os_bit`: 32 or 64. Sent to IMS. */
  osBit?: 32 | 64 | "32" | "64";
  /** `__os_version`, e.g. "Ubuntu 22.04 server 64bit" (exact). Sent to IMS; on the extension API, which does not document it, also checked on each image. */
  osVersion?: string;
  /** `__imagetype`: gold (public), private, shared, or market (Huawei Cloud; sent by its extension API only, checked locally elsewhere). */
  imageType?: ImageType;
  /** public, private or shared. Sent to IMS. */
  visibility?: Visibility;
  /** Owning project id. Sent to IMS. */
  owner?: string;
  /** Image status; default "active". Sent to IMS. */
  status?: Status;
  /** Membership of a shared image: accepted, rejected or pending (use with visibility "shared"). Sent to IMS. */
  memberStatus?: MemberStatus;
  /** Sent to IMS. */
  protected?: boolean;
  /** `__isregistered`. Sent to IMS. The extension API lists registered images only: `false` is an error there. */
  isRegistered?: boolean;
  /** e.g. "bare". Sent to IMS. */
  containerFormat?: string;
  /** e.g. "zvhd2", "qcow2". Sent to IMS. */
  diskFormat?: string;
  /** Minimum disk (GB), matched exactly as IMS does. Sent to IMS. */
  minDisk?: number;
  /** Minimum memory (MB), matched exactly as IMS does. Sent to IMS. */
  minRam?: number;
  /** One tag. Sent to IMS. */
  tag?: string;
  /** Tags the image must all have. The first (after `tag`) is sent to IMS, the others are applied locally. */
  tags?: string[];
  /**
   * FusionCompute (ECS system-disk images, the default), Ironic (BMS), DataImage, IsoImage, or "any"
   * for every kind. Sent to IMS (`virtual_env_type`).
   */
  virtualEnvType?: string;
  /** x86 or arm. Sent by Huawei Cloud's extension API; elsewhere applied locally, from the image's `architecture` field or `__support_arm`. */
  architecture?: "x86" | "arm";
  /** `__support_*` flags, e.g. { kvm: true } or { kvmGpuType: "V100" }. Sent to IMS. */
  supports?: SupportsFilter;
  /**
   * Creation time: "lt:2018-10-28T10:00:00Z", or a range such as { gte: "2024-01-01T00:00:00Z", lt: "2025-01-01T00:00:00Z" }.
   * IMS takes one condition: an upper bound is sent (lt, lte, then eq, gt, gte, neq), the rest applied locally.
   */
  createdAt?: TimeRange;
  /** Update time, as createdAt. */
  updatedAt?: TimeRange;
  /** Any other property, matched exactly as a string (e.g. { hw_firmware_type: "uefi" }). Sent to IMS; on the extension API also checked on each image. */
  properties?: Record<string, string>;
  /**
   * Only images that can boot this ECS flavor, e.g. "c7.large.2". Huawei Cloud's extension API only
   * (`flavor_id`), which returns public images only; an error on the native API and on Open Telekom Cloud.
   */
  flavorId?: string;
  /** Enterprise project: an id, "0" (the default project) or "all_granted_eps". Sent by the extension API; applied locally on the native one. */
  enterpriseProjectId?: string;
  /** Full-ECS images (`__whole_image`). Extension API only; an error on the native API. */
  wholeImage?: boolean;
}

// The filter table (provider/core/filters.ts) is the source of the filters: this interface must
// list exactly its entries, each accepted by its validation. It is declared rather than derived so
// that the package's declarations never reach zod's, which need esModuleInterop or skipLibCheck.
const declaredFiltersMatchTable: AcceptedWithSameKeys<ImageFilterArgs, z.input<typeof imageFilterSchema>> = true;
void declaredFiltersMatchTable;

/** Arguments of getImage. */
export interface GetImageArgs extends ImageFilterArgs {
  /**
   * Default true: take the newest match, the first in IMS's own newest-first order (by the stored
   * created_at, finer than the shown one, then id). False: exactly one image must match, or the call
   * fails listing the candidates.
   */
  mostRecent?: boolean;
  /**
   * A newest-match lookup must name a publisher you trust, or it could pick an image another tenant
   * published under a familiar name: imageType "gold" (the cloud's) or "private" (your own), an
   * owner, or an id. Anything else fails before any request, unless this is true.
   */
  anyOwner?: boolean;
  /** Images that must never be chosen (withdrawn, known bad): skipped as if they did not match. */
  denyImageIds?: string[];
}

/** Arguments of getImageOutput: every field may be an Output. */
export type GetImageOutputArgs = { [K in keyof GetImageArgs]?: pulumi.Input<GetImageArgs[K]> };

/** The chosen image: every documented IMS field in camelCase, typed, plus `raw`, the image as IMS sent it. */
export type GetImageResult = ImageResult;

/**
 * Returns the most recent IMS image that matches the filters.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as ims from "pulumi-ims";
 *
 * const ubuntu = await ims.getImage({ platform: "Ubuntu", nameRegex: "^Ubuntu 22\\.04", imageType: "gold" });
 * export const imageId = ubuntu.id;
 * ```
 */
export async function getImage(args: GetImageArgs = {}, opts?: GetImageOptions): Promise<GetImageResult> {
  try {
    const locked = opts?.lock !== undefined ? lockedImage(args, { ...opts, lock: opts.lock }) : undefined;
    return locked ?? (await lookups().lookupImage(args, programConnection(opts)));
  } catch (e) {
    throw asRunError(e);
  }
}

/**
 * getImage for Output arguments: the lookup runs once every input is known (not during a
 * preview in which an input is still unknown).
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as pulumi from "@pulumi/pulumi";
 * import * as ims from "pulumi-ims";
 *
 * const config = new pulumi.Config();
 * const image = ims.getImageOutput({ platform: config.require("platform"), supports: { kvm: true } });
 * export const imageId = image.id;
 * ```
 */
export function getImageOutput(
  args: GetImageOutputArgs = {},
  opts: GetImageOutputOptions = {},
): pulumi.Output<GetImageResult> {
  return lookupOutput(args, opts, getImage);
}
