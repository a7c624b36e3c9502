/**
 * The arguments of getImage/getImages (and of ImageSelection and the CLI), as zod
 * schemas: the filters of the filter table (core/filters.ts), plus each call's own.
 */
import { z } from "zod";
import { filterShape } from "../core/filters";
import { SORT_DIRS, SORT_KEYS } from "../core/vocabulary";
import { enumOf, parseOrThrow, withGiven } from "../core/validation";

export const imageFilterSchema = z.object(filterShape).partial().strict();

/**
 * A newest-match lookup by name or platform alone can pick an image that another tenant published
 * (a marketplace or shared image named like the one you want): the hole AWS closed after
 * CVE-2018-15869 by refusing most_recent without an owner. So "latest" must name a publisher the
 * caller trusts: the cloud (imageType gold), the caller (imageType private), an owner, or an id.
 */
export function untrustedLatest(args: {
  mostRecent?: boolean;
  anyOwner?: boolean;
  imageType?: string;
  owner?: string;
  id?: string;
}): string | undefined {
  if (args.mostRecent === false || args.anyOwner === true) return undefined;
  if (args.id !== undefined || args.owner !== undefined || args.imageType === "gold" || args.imageType === "private")
    return undefined;
  const what = args.imageType ? `imageType "${args.imageType}" without an owner` : "these filters, with no publisher,";
  return (
    `the newest image matching ${what} may be one that another tenant published (a shared or marketplace image named like yours), ` +
    `and it would boot your servers. Anchor the lookup to a publisher you trust: imageType: "gold" (published by the cloud), ` +
    `imageType: "private" (your own), owner: "<project id>", or id; or set anyOwner: true to accept any publisher`
  );
}

const mostRecentShape = {
  mostRecent: z.boolean({ error: withGiven("must be true or false") }),
  anyOwner: z.boolean({ error: withGiven("must be true or false") }),
  /** Images that must never be chosen: skipped as if they did not match. */
  denyImageIds: z
    .array(z.string().min(1), { error: withGiven("must be a list of image ids") })
    .max(1000, { error: "at most 1000 image ids" }),
};

/** ImageSelection's options besides its filters: validated here, once, for check() and every reader of its state. */
export const selectionOptionsShape = {
  followLatest: z.boolean({ error: withGiven("must be true or false") }),
  anyOwner: mostRecentShape.anyOwner,
  maxAgeDays: z
    .number({ error: withGiven("must be a whole number of days, 0 or more") })
    .int({ error: withGiven("must be a whole number of days, 0 or more") })
    .min(0, { error: withGiven("must be a whole number of days, 0 or more") }),
  denyImageIds: mostRecentShape.denyImageIds,
};

/** An ImageSelection's inputs as a program gives them: its filters and options (the state keeps them as JSON). */
export const selectionInputsSchema = z
  .object({ ...filterShape, ...selectionOptionsShape })
  .partial()
  .strict();
export type SelectionInputsInput = z.input<typeof selectionInputsSchema>;

const getImageArgsSchema = z
  .object({ ...filterShape, ...mostRecentShape })
  .partial()
  .strict()
  .superRefine((args, ctx) => {
    const risk = untrustedLatest(args);
    if (risk) ctx.addIssue({ code: "custom", path: ["anyOwner"], message: risk });
  });

const getImagesArgsSchema = z
  .object({
    ...filterShape,
    sortKey: enumOf(SORT_KEYS),
    sortDir: enumOf(SORT_DIRS),
    limit: z
      .number({ error: withGiven("must be a number") })
      .int({ error: withGiven("must be a whole number") })
      .min(1, { error: withGiven("must be at least 1") }),
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
