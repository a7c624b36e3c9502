/**
 * Pure parts of the ImageSelection provider: which properties are filters, how
 * two states compare, and what the outputs hold. Inputs after `check` are the
 * filters, `followLatest` and the resolved `imageId`.
 */
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { FILTER_NAMES } from "../core/filters";
import { stableKey } from "../core/stableKey";
import { filtersOfState } from "../lookup/selectionState";
import type { ImageResult } from "../lookup/imageResult";

export type Props = Record<string, unknown>;

export function containsUnknown(value: unknown): boolean {
  // How an unknown value (preview, not yet computed) reaches a dynamic provider: Pulumi's own sentinel.
  if (value === unknownValue) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

export const filtersOf = filtersOfState;

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

/** Inputs that are not filters: how the selection behaves. */
export const OPTION_KEYS = ["followLatest", "anyOwner", "maxAgeDays", "denyImageIds"] as const;

/** What check() says of the options, besides the filters. */
export function optionFailures(news: Props): Array<{ property: string; reason: string }> {
  const failures: Array<{ property: string; reason: string }> = [];
  const given = (v: unknown) => `(given ${JSON.stringify(v)})`;
  for (const key of ["followLatest", "anyOwner"]) {
    if (news[key] !== undefined && typeof news[key] !== "boolean")
      failures.push({ property: key, reason: `must be true or false ${given(news[key])}` });
  }
  const age = news.maxAgeDays;
  if (age !== undefined && (typeof age !== "number" || !Number.isInteger(age) || age < 0))
    failures.push({ property: "maxAgeDays", reason: `must be a whole number of days, 0 or more ${given(age)}` });
  const deny = news.denyImageIds;
  if (deny !== undefined && (!Array.isArray(deny) || deny.some((d) => typeof d !== "string" || d === "")))
    failures.push({ property: "denyImageIds", reason: `must be a list of image ids ${given(deny)}` });
  return failures;
}

/** The checked inputs: filters, options, imageId. */
export function checkedInputs(news: Props, imageId: string | undefined): Props {
  const inputs: Props = { ...filtersOf(news) };
  for (const key of OPTION_KEYS) if (news[key] !== undefined) inputs[key] = news[key];
  if (imageId !== undefined) inputs.imageId = imageId;
  return inputs;
}

/** Properties whose change is an update; an ImageSelection is never replaced. */
export function changedProperties(olds: Props, news: Props): string[] {
  const changed = changedFilters(olds, news);
  if (followLatestOf(olds) !== followLatestOf(news)) changed.push("followLatest");
  for (const key of ["anyOwner", "maxAgeDays", "denyImageIds"] as const)
    if (stableKey(olds[key] ?? null) !== stableKey(news[key] ?? null)) changed.push(key);
  if (olds.imageId !== news.imageId) changed.push("imageId");
  return changed;
}

/**
 * Outputs hold the inputs plus these; details of the image carry an `image` prefix
 * because `createdAt` and `platform` are filter inputs of the same resource.
 */
export interface SelectionOutputs extends Props {
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
  readonly driftReason: string | null;
  /** A key of the filters the recorded image was chosen with (tells a later refresh that they changed). */
  readonly filtersKey: string;
  /** The image recorded before the last refresh moved the record, if it did. */
  readonly previousImageId: string | null;
}

export function selectionOutputs(
  inputs: Props,
  image: ImageResult,
  latest: ImageResult | undefined,
  drift: { detected: boolean; reason: string | null; filtersKey: string },
  previousImageId: string | null,
): SelectionOutputs {
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
