import type * as pulumi from "@pulumi/pulumi";
import { asRunError, lookupOutput, lookups, programConnection } from "./config";
import type { GetImageResult, ImageFilterArgs } from "./getImage";
import type { ImsInvokeOptions, ImsInvokeOutputOptions, SortDir, SortKey } from "./types";

/** Arguments of getImages. */
export interface GetImagesArgs extends ImageFilterArgs {
  /** Sort field; default created_at. Sent to IMS (`sort_key`). */
  sortKey?: SortKey;
  /** asc or desc; default desc. Sent to IMS (`sort_dir`). */
  sortDir?: SortDir;
  /** At most this many images; default all. Paging stops once reached. */
  limit?: number;
}

export type GetImagesOutputArgs = { [K in keyof GetImagesArgs]?: pulumi.Input<GetImagesArgs[K]> };

export interface GetImagesResult {
  /** Ids in the order of `images`. */
  readonly ids: readonly string[];
  readonly images: readonly GetImageResult[];
}

/**
 * Returns every IMS image that matches the filters, in the requested order.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as ims from "pulumi-ims";
 *
 * const euler = await ims.getImages({ platform: "EulerOS", imageType: "gold", limit: 10 });
 * export const eulerIds = euler.ids;
 * ```
 */
export async function getImages(args: GetImagesArgs = {}, opts?: ImsInvokeOptions): Promise<GetImagesResult> {
  try {
    const images = await lookups().lookupImages(args, programConnection(opts));
    return { ids: images.map((i) => i.id), images };
  } catch (e) {
    throw asRunError(e);
  }
}

/**
 * getImages for Output arguments.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as ims from "pulumi-ims";
 *
 * export const ids = ims.getImagesOutput({ platform: "Ubuntu", tags: ["x86"] }).ids;
 * ```
 */
export function getImagesOutput(
  args: GetImagesOutputArgs = {},
  opts: ImsInvokeOutputOptions = {},
): pulumi.Output<GetImagesResult> {
  return lookupOutput(args, opts, getImages);
}
