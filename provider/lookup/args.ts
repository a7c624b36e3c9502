/**
 * The arguments of getImage/getImages (and of ImageSelection and the CLI), as zod
 * schemas: the filters of the filter table (core/filters.ts), plus each call's own.
 */
import { z } from "zod";
import { filterShape } from "../core/filters";
import { SORT_DIRS, SORT_KEYS } from "../core/vocabulary";
import { enumOf, parseOrThrow, withGiven } from "../core/validation";

export const imageFilterSchema = z.object(filterShape).partial().strict();

const getImageArgsSchema = z
  .object({ ...filterShape, mostRecent: z.boolean({ error: withGiven("must be true or false") }) })
  .partial()
  .strict();

const getImagesArgsSchema = z
  .object({
    ...filterShape,
    sortKey: enumOf(SORT_KEYS),
    sortDir: enumOf(SORT_DIRS),
    limit: z.number({ error: withGiven("must be a number") }).int({ error: withGiven("must be a whole number") }).min(1, { error: withGiven("must be at least 1") }),
  })
  .partial()
  .strict();

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
