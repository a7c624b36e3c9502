/**
 * Pure parts of the ImageSelection provider: which properties are filters, how
 * two states compare, and what the outputs hold. Inputs after `check` are the
 * filters, `followLatest` and the resolved `imageId`.
 */
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { FILTER_NAMES } from "../core/filters";
import { stableKey } from "../core/stableKey";
import type { ImageResult } from "../lookup/imageResult";

export type Props = Record<string, unknown>;

export function containsUnknown(value: unknown): boolean {
  // How an unknown value (preview, not yet computed) reaches a dynamic provider: Pulumi's own sentinel.
  if (value === unknownValue) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

export function filtersOf(props: Props): Props {
  const out: Props = {};
  for (const key of FILTER_NAMES) if (props[key] !== undefined && props[key] !== null) out[key] = props[key];
  return out;
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

/** Inputs that are not filters: how the selection behaves. */
export const OPTION_KEYS = ["followLatest", "anyOwner"] as const;

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
  if ((olds.anyOwner === true) !== (news.anyOwner === true)) changed.push("anyOwner");
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
  /** True when the recorded image was not the newest match at the last create, update or refresh. */
  readonly driftDetected: boolean;
  /** The image recorded before the last refresh moved the record, if it did. */
  readonly previousImageId: string | null;
}

export function selectionOutputs(inputs: Props, image: ImageResult, latest: ImageResult | undefined, drift: boolean, previousImageId: string | null): SelectionOutputs {
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
    driftDetected: drift,
    previousImageId,
  };
}
