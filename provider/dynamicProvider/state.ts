/**
 * Pure parts of the ImageSelection provider: its state's types, the one validation of its inputs
 * (the zod schema of lookup/args.ts), how two states compare, and what the outputs hold. Inputs
 * after `check` are the filters, the options and the resolved `imageId`.
 */
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { z } from "zod";
import { FILTER_NAMES } from "../core/filters";
import { stableKey } from "../core/stableKey";
import type { ValidationIssue } from "../core/errors";
import { issuesFromZod } from "../core/validation";
import type { DriftReason } from "../core/vocabulary";
import { filtersOfState } from "../lookup/selectionState";
import { selectionInputsSchema, selectionOptionsShape, type SelectionInputsInput } from "../lookup/args";
import type { ImageResult } from "../lookup/imageResult";

/** Properties as Pulumi passes them to a dynamic provider: the boundary, read into the types below. */
export type Props = Record<string, unknown>;

/** The `lockedImage` input (the `lock` option): the lock entry, and what the outputs record of its image. */
const lockedImageSchema = z.strictObject({
  entry: z.string().min(1),
  id: z.string().min(1),
  name: z.string(),
  createdAt: z.string(),
  platform: z.string().optional(),
  osVersion: z.string().optional(),
  minDisk: z.number(),
  minRam: z.number(),
});
export type LockedImageInput = z.output<typeof lockedImageSchema>;

/** The inputs of an ImageSelection after check: its filters and options as given, the locked image if any, and the chosen image. */
export type SelectionInputs = SelectionInputsInput & {
  readonly lockedImage?: LockedImageInput;
  readonly imageId?: string;
};

/** The locked image the inputs carry (validated by inputFailures), or undefined. */
export function lockedImageOf(props: Props): LockedImageInput | undefined {
  const parsed = lockedImageSchema.safeParse(props.lockedImage);
  return parsed.success ? parsed.data : undefined;
}

export function containsUnknown(value: unknown): boolean {
  // How an unknown value (preview, not yet computed) reaches a dynamic provider: Pulumi's own sentinel.
  if (value === unknownValue) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

export function followLatestOf(props: Props): boolean {
  return props.followLatest === true;
}

/** Filter keys whose values differ (absent and null count as the same). */
function changedFilters(a: Props, b: Props): string[] {
  return FILTER_NAMES.filter((k) => stableKey(a[k] ?? null) !== stableKey(b[k] ?? null));
}

export function sameFilters(a: Props, b: Props): boolean {
  return changedFilters(a, b).length === 0;
}

/** Inputs that are not filters: how the selection behaves (the keys of the options' schema). */
export const OPTION_KEYS = Object.keys(selectionOptionsShape) as Array<keyof typeof selectionOptionsShape>;

/** The filters, options and locked image among `props` (Pulumi adds others, such as __provider). */
function filtersAndOptions(props: Props): Props {
  const picked: Props = { ...filtersOfState(props) };
  for (const key of OPTION_KEYS) if (props[key] !== undefined && props[key] !== null) picked[key] = props[key];
  if (props.lockedImage !== undefined && props.lockedImage !== null) picked.lockedImage = props.lockedImage;
  return picked;
}

/** What check() says of the filters, options and locked image: the schemas' issues, every one at once. */
export function inputFailures(news: Props): ValidationIssue[] {
  const { lockedImage, ...rest } = filtersAndOptions(news);
  const parsed = selectionInputsSchema.safeParse(rest);
  const locked = lockedImage === undefined ? undefined : lockedImageSchema.safeParse(lockedImage);
  return [
    ...(parsed.success ? [] : issuesFromZod(parsed.error)),
    ...(locked === undefined || locked.success ? [] : issuesFromZod(locked.error, "lockedImage")),
  ];
}

/** The checked inputs: filters, options, imageId (news that passed inputFailures). */
export function checkedInputs(news: Props, imageId: string | undefined): SelectionInputs {
  const inputs = filtersAndOptions(news) as SelectionInputsInput;
  return imageId === undefined ? inputs : { ...inputs, imageId };
}

/** Properties whose change is an update; an ImageSelection is never replaced. */
export function changedProperties(olds: Props, news: Props): string[] {
  const changed = changedFilters(olds, news);
  if (followLatestOf(olds) !== followLatestOf(news)) changed.push("followLatest");
  for (const key of OPTION_KEYS.filter((k) => k !== "followLatest"))
    if (stableKey(olds[key] ?? null) !== stableKey(news[key] ?? null)) changed.push(key);
  if (olds.imageId !== news.imageId) changed.push("imageId");
  return changed;
}

/**
 * Outputs hold the inputs plus these; details of the image carry an `image` prefix
 * because `createdAt` and `platform` are filter inputs of the same resource.
 */
export type SelectionOutputs = {
  readonly imageId: string;
  readonly imageName: string;
  readonly imageCreatedAt: string;
  readonly imagePlatform: string | null;
  readonly imageOsVersion: string | null;
  readonly imageMinDisk: number;
  readonly imageMinRam: number;
  /** The newest match when the provider last looked; null if nothing matched then. */
  readonly latestImageId: string | null;
  /** True when the recorded image was not the right one at the last create, update or refresh (driftReason says why). */
  readonly driftDetected: boolean;
  /** imageDeleted, denied, noLongerMatches, filtersChanged, newerImage or tooOld; null without drift. */
  readonly driftReason: DriftReason | null;
  /** A key of the filters the recorded image was chosen with (tells a later refresh that they changed). */
  readonly filtersKey: string;
  /** The image recorded before the last refresh moved the record, if it did. */
  readonly previousImageId: string | null;
};

/** The state an ImageSelection keeps: its inputs and what it recorded. */
export type SelectionState = SelectionInputs & SelectionOutputs;

export function selectionOutputs(
  inputs: SelectionInputs,
  image: Pick<ImageResult, "id" | "name" | "createdAt" | "platform" | "osVersion" | "minDisk" | "minRam">,
  latest: ImageResult | undefined,
  drift: { detected: boolean; reason: DriftReason | null; filtersKey: string },
  previousImageId: string | null,
): SelectionState {
  return {
    ...inputs,
    imageId: image.id,
    imageName: image.name,
    imageCreatedAt: image.createdAt,
    imagePlatform: image.platform ?? null,
    imageOsVersion: image.osVersion ?? null,
    imageMinDisk: image.minDisk,
    imageMinRam: image.minRam,
    latestImageId: latest?.id ?? null,
    driftDetected: drift.detected,
    driftReason: drift.reason,
    filtersKey: drift.filtersKey,
    previousImageId,
  };
}
