/**
 * Drift of a recorded image choice, with its reason: what ImageSelection reports at create, update
 * and refresh, and what `ims-image drift` reports for every selection of a stack. One assessment
 * costs one newest-match lookup, plus a detail call when the recorded image is not the newest, plus a
 * lookup by id when it is not (to tell "older but still matching" from "no longer matching").
 */
import { ImsNotFoundError } from "../core/errors";
import { stableKey } from "../core/stableKey";
import type { DriftReason } from "../core/vocabulary";
import type { ImageResult } from "./imageResult";
import { lookupImage, lookupNewest, showImage, type ConnectionSources } from "./lookups";
import type { Selection } from "./selectionState";

export { DRIFT_REASONS, type DriftReason } from "../core/vocabulary";

export const DRIFT_TEXT: Record<DriftReason, string> = {
  imageDeleted: "the recorded image no longer exists",
  denied: "the recorded image is in denyImageIds",
  noLongerMatches: "the recorded image no longer matches the filters",
  filtersChanged: "the filters changed since the image was chosen",
  newerImage: "a newer image matches the filters",
  tooOld: "the recorded image is older than maxAgeDays",
};

export interface Assessment {
  /** The recorded image, undefined when it no longer exists. */
  readonly recorded?: ImageResult;
  /** The newest allowed match, undefined when nothing matches. */
  readonly latest?: ImageResult;
  readonly reason: DriftReason | null;
  /** Age of the recorded image in whole days. */
  readonly ageDays?: number;
}

/** A key of the filters, to tell later whether they changed. */
export function filtersKey(filters: Readonly<Record<string, unknown>>): string {
  return stableKey(filters);
}

const DAY_MS = 86_400_000;

/** Whole days from `createdAt` to `now` (ms). */
export const ageInDays = (createdAt: string, now: number): number => Math.floor((now - Date.parse(createdAt)) / DAY_MS);

type Wanted = Pick<Selection, "filters" | "anyOwner" | "denyImageIds">;

/** getImage's arguments for the newest match allowed by the policy (denied images skipped). */
function newestArgs(wanted: Wanted): Record<string, unknown> {
  return {
    ...wanted.filters,
    mostRecent: true,
    ...(wanted.anyOwner ? { anyOwner: true } : {}),
    ...(wanted.denyImageIds?.length ? { denyImageIds: [...wanted.denyImageIds] } : {}),
  };
}

/** The newest match allowed by the policy; ImsNoMatchError, with names to suggest, when none. */
export function newestMatch(wanted: Wanted, from: ConnectionSources): Promise<ImageResult> {
  return lookupImage(newestArgs(wanted), from);
}

/** The newest match allowed by the policy, or undefined when none (and then no request for suggestions). */
export function newestAllowed(wanted: Wanted, from: ConnectionSources): Promise<ImageResult | undefined> {
  return lookupNewest(newestArgs(wanted), from);
}

/** Image `id`'s details, or undefined when IMS no longer knows it (deleted, or another project's). */
export async function detailsOrNone(id: string, from: ConnectionSources): Promise<ImageResult | undefined> {
  try {
    return await showImage(id, from);
  } catch (e) {
    if (ImsNotFoundError.isInstance(e)) return undefined;
    throw e;
  }
}

/** Whether image `id` passes the filters (a lookup by id with them: IMS applies its own, pulumi-ims the rest). */
async function stillMatches(selection: Selection, from: ConnectionSources): Promise<boolean> {
  return (await lookupNewest({ ...selection.filters, id: selection.recordedId }, from)) !== undefined;
}

export async function assessSelection(
  selection: Selection,
  from: ConnectionSources,
  now: number = Date.now(),
): Promise<Assessment> {
  const latest = await newestAllowed(selection, from);
  const recorded = latest?.id === selection.recordedId ? latest : await detailsOrNone(selection.recordedId, from);
  if (!recorded) return { latest, reason: "imageDeleted" };
  const ageDays = ageInDays(recorded.createdAt, now);
  const result = (reason: DriftReason | null): Assessment => ({ recorded, latest, reason, ageDays });
  if (selection.denyImageIds?.includes(recorded.id)) return result("denied");
  if (latest?.id !== recorded.id && !(await stillMatches(selection, from))) return result("noLongerMatches");
  if (selection.chosenWith !== undefined && selection.chosenWith !== filtersKey(selection.filters))
    return result("filtersChanged");
  if (latest && latest.id !== recorded.id) return result("newerImage");
  if (ageDays > (selection.maxAgeDays ?? Infinity)) return result("tooOld");
  return result(null);
}
