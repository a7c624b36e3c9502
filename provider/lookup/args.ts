/**
 * The arguments of getImage/getImages (and of ImageSelection and the CLI), as
 * one zod schema. Each field says whether IMS filters on it (server) or
 * pulumi-ims does after fetching (local); see planLookup.
 */
import { z } from "zod";
import { imageQuerySchema } from "../core/query";
import { ARCHITECTURES, SORT_DIRS, SORT_KEYS } from "../core/vocabulary";
import { timeRangeSchema } from "../core/timeFilter";
import { enumOf, parseOrThrow, withGiven } from "../core/validation";

const q = imageQuerySchema.shape;

const regex = z.string({ error: withGiven("must be a regular expression string") }).transform((source, ctx) => {
  try {
    return { source, regex: new RegExp(source) };
  } catch (e) {
    ctx.addIssue({ code: "custom", message: `is not a valid regular expression: ${(e as Error).message} (given ${JSON.stringify(source)})` });
    return z.NEVER;
  }
});

const filterShape = {
  id: q.id,
  name: q.name,
  nameRegex: regex,
  platform: q.platform,
  osType: q.osType,
  osBit: q.osBit,
  osVersion: q.osVersion,
  imageType: q.imageType,
  visibility: q.visibility,
  owner: q.owner,
  status: q.status,
  memberStatus: q.memberStatus,
  protected: q.protected,
  isRegistered: q.isRegistered,
  containerFormat: q.containerFormat,
  diskFormat: q.diskFormat,
  minDisk: q.minDisk,
  minRam: q.minRam,
  tag: z.string().min(1, { error: "tag must not be empty" }),
  tags: q.tags,
  virtualEnvType: q.virtualEnvType,
  architecture: enumOf(ARCHITECTURES),
  supports: q.supports,
  createdAt: timeRangeSchema,
  updatedAt: timeRangeSchema,
  properties: q.properties,
};

export const imageFilterSchema = z.object(filterShape).partial().strict();

export const getImageArgsSchema = z
  .object({ ...filterShape, mostRecent: z.boolean({ error: withGiven("must be true or false") }) })
  .partial()
  .strict();

export const getImagesArgsSchema = z
  .object({
    ...filterShape,
    sortKey: enumOf(SORT_KEYS),
    sortDir: enumOf(SORT_DIRS),
    limit: z.number({ error: withGiven("must be a number") }).int({ error: withGiven("must be a whole number") }).min(1, { error: withGiven("must be at least 1") }),
  })
  .partial()
  .strict();

export type ImageFilterInput = z.input<typeof imageFilterSchema>;
export type ImageFilter = z.output<typeof imageFilterSchema>;
export type GetImageArgsInput = z.input<typeof getImageArgsSchema>;
export type GetImagesArgsInput = z.input<typeof getImagesArgsSchema>;
export type ParsedGetImageArgs = z.output<typeof getImageArgsSchema>;
export type ParsedGetImagesArgs = z.output<typeof getImagesArgsSchema>;

export function parseGetImageArgs(args: unknown): ParsedGetImageArgs {
  return parseOrThrow(getImageArgsSchema, args ?? {}, "invalid getImage arguments");
}

export function parseGetImagesArgs(args: unknown): ParsedGetImagesArgs {
  return parseOrThrow(getImagesArgsSchema, args ?? {}, "invalid getImages arguments");
}
