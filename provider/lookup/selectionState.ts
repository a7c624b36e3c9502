/**
 * Pure: what an ImageSelection's state (its inputs or outputs, or those of a stack export)
 * says about the choice it records: the filters, the policy and the recorded image.
 */
import { FILTER_NAMES } from "../core/filters";

export type StateProps = Readonly<Record<string, unknown>>;

/** How Pulumi marks a secret in state: this key (its special-value key) with this value (the secret's signature). */
const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

// Object() boxes a string or number, whose property is then undefined: no other guard is needed.
const isSecret = (v: unknown): boolean => (Object(v) as Record<string, unknown>)[SPECIAL_SIG_KEY] === SECRET_SIG;

export interface SelectionPolicy {
  /** A recorded image older than this many days is drift. */
  readonly maxAgeDays?: number;
  /** Images that must never be used: lookups skip them, a recorded one is drift. */
  readonly denyImageIds?: readonly string[];
  readonly anyOwner?: boolean;
}

export interface Selection extends SelectionPolicy {
  readonly filters: Readonly<Record<string, unknown>>;
  readonly recordedId: string;
  /** filtersKey() of the filters the recorded image was chosen with, when known. */
  readonly chosenWith?: string;
}

/** The filter properties (absent and null left out). */
export function filtersOfState(props: StateProps): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of FILTER_NAMES) if (props[key] !== undefined && props[key] !== null) out[key] = props[key];
  return out;
}

/** The policy inputs: anyOwner, maxAgeDays, denyImageIds. */
export function policyOfState(props: StateProps): { anyOwner?: boolean; maxAgeDays?: number; denyImageIds?: string[] } {
  const deny = Array.isArray(props.denyImageIds)
    ? props.denyImageIds.filter((d): d is string => typeof d === "string" && d !== "")
    : [];
  return {
    ...(props.anyOwner === true ? { anyOwner: true } : {}),
    ...(typeof props.maxAgeDays === "number" ? { maxAgeDays: props.maxAgeDays } : {}),
    ...(deny.length > 0 ? { denyImageIds: deny } : {}),
  };
}

/** The selection the state records, or why it cannot be read. */
export function selectionOfState(props: StateProps): Selection | string {
  const recordedId = props.imageId;
  if (typeof recordedId !== "string" || recordedId === "") return "no recorded imageId";
  const filters = filtersOfState(props);
  // A secret input is kept encrypted in a stack export: it cannot be read here.
  if (Object.values(filters).some(isSecret)) return "a filter is a secret, which a stack export keeps encrypted";
  return {
    filters,
    recordedId,
    chosenWith: typeof props.filtersKey === "string" ? props.filtersKey : undefined,
    ...policyOfState(props),
  };
}
