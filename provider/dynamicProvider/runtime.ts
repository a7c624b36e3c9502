/**
 * The ImageSelection provider's implementation. The serialized provider object
 * (sdk/imageSelection.ts) loads this module by package name in each method, so
 * nothing here (zod schemas, config, credentials) is ever serialized into state.
 * Credentials come from the engine's Configure (`ims:*` config) or the environment.
 */
import { randomUUID } from "node:crypto";
import type { dynamic } from "@pulumi/pulumi";
import { connectionFromConfig } from "../connection/configKeys";
import { ImsAmbiguousError, ImsNoMatchError, ImsNotFoundError, ImsValidationError } from "../core/errors";
import type { ImageResult } from "../lookup/imageResult";
import type { ConnectionSources } from "../lookup/lookups";
import { assessSelection, filtersKey, newestAllowed, newestMatch } from "../lookup/driftAssessment";
import { filtersOfState, policyOfState, type Selection } from "../lookup/selectionState";
import type { ConnectionOptions } from "../core/connectionOptions";
import {
  changedProperties,
  checkedInputs,
  containsUnknown,
  followLatestOf,
  inputFailures,
  lockedImageOf,
  sameFilters,
  selectionOutputs,
  type Props,
  type SelectionInputs,
  type SelectionState,
} from "./state";

/** A property that holds a string, else undefined (Pulumi's properties are untyped). */
const stringOf = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

let configured: ConnectionOptions = {};

/** What configure reads of Pulumi's request: the stack's config values. */
type ConfigureRequest = { readonly config: Pick<dynamic.ConfigureRequest["config"], "get"> };

export async function configure(req: ConfigureRequest): Promise<void> {
  configured = connectionFromConfig((k) => req.config.get(k));
}

function connection(): ConnectionSources {
  return { config: configured, env: process.env };
}

function selectionOf(props: Props, recordedId: string, chosenWith?: string): Selection {
  return { filters: filtersOfState(props), recordedId, chosenWith, ...policyOfState(props) };
}

async function newest(props: Props): Promise<ImageResult> {
  return newestMatch({ filters: filtersOfState(props), ...policyOfState(props) }, connection());
}

export async function check(olds: Props, news: Props): Promise<dynamic.CheckResult<Props>> {
  // During preview an input may not be known yet: pass it through without a lookup.
  if (containsUnknown(news)) return { inputs: news };
  const failures = inputFailures(news);
  if (failures.length) return { inputs: news, failures };
  // Locked: the lock file's image, with no request (the program read the lock).
  const locked = lockedImageOf(news);
  if (locked) return { inputs: checkedInputs(news, locked.id) };

  // Pinned: keep the recorded image while the filters stay the same (and it is not denied).
  const recorded = stringOf(olds.imageId);
  const denied = policyOfState(news).denyImageIds?.includes(recorded ?? "") ?? false;
  if (recorded && !denied && !followLatestOf(news) && sameFilters(olds, news))
    return { inputs: checkedInputs(news, recorded) };
  try {
    return { inputs: checkedInputs(news, (await newest(news)).id) };
  } catch (e) {
    if (ImsNoMatchError.isInstance(e) || ImsAmbiguousError.isInstance(e))
      return { inputs: news, failures: [{ property: "", reason: e.message }] };
    if (ImsValidationError.isInstance(e)) return { inputs: news, failures: [...e.issues] };
    throw e;
  }
}

export async function diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
  if (containsUnknown(news)) return { changes: true, replaces: [], deleteBeforeReplace: false };
  return { changes: changedProperties(olds, news).length > 0, replaces: [], deleteBeforeReplace: false };
}

async function outputsFor(inputs: SelectionInputs): Promise<SelectionState> {
  const imageId = inputs.imageId;
  if (imageId === undefined) throw new Error("ImageSelection: no imageId after check; this is a bug in pulumi-ims");
  const key = filtersKey(filtersOfState(inputs));
  // A locked image is recorded as the lock gives it: drift is `ims-image lock check`'s, and no request is made.
  const locked = lockedImageOf(inputs);
  if (locked?.id === imageId)
    return selectionOutputs(inputs, locked, undefined, { detected: false, reason: null, filtersKey: key }, null);
  const assessed = await assessSelection(selectionOf(inputs, imageId, key), connection());
  if (!assessed.recorded) throw new ImsNotFoundError(imageId);
  return selectionOutputs(
    inputs,
    assessed.recorded,
    assessed.latest,
    { detected: assessed.reason !== null, reason: assessed.reason, filtersKey: key },
    null,
  );
}

export async function create(inputs: Props): Promise<dynamic.CreateResult<Props>> {
  return { id: randomUUID(), outs: await outputsFor(checkedInputs(inputs, stringOf(inputs.imageId))) };
}

export async function update(_id: string, _olds: Props, news: Props): Promise<dynamic.UpdateResult<Props>> {
  return { outs: await outputsFor(checkedInputs(news, stringOf(news.imageId))) };
}

/**
 * Refresh: the record moves to the newest allowed match (inputs too, so the next `up` is
 * clean), which the engine shows as drift; driftReason says why. If nothing matches any more,
 * the record stays; if the recorded image is gone as well, the resource is reported deleted.
 * Pulumi passes no props when a resource is imported (`pulumi import`).
 */
export async function read(id: string, props: Props = {}): Promise<dynamic.ReadResult<Props>> {
  const recorded = stringOf(props.imageId);
  // A locked record stays the lock's until the lock file changes: a refresh asks nothing.
  if (recorded !== undefined && lockedImageOf(props)?.id === recorded)
    return { id, props, inputs: checkedInputs(props, recorded) };
  const chosenWith = stringOf(props.filtersKey);
  const assessed = recorded
    ? await assessSelection(selectionOf(props, recorded, chosenWith), connection())
    : {
        latest: await newestAllowed({ filters: filtersOfState(props), ...policyOfState(props) }, connection()),
        recorded: undefined,
        reason: "imageDeleted" as const,
      };
  const chosen = assessed.latest ?? (assessed.reason === "denied" ? undefined : assessed.recorded);
  if (!chosen) return { id: "" };
  const inputs = checkedInputs(props, chosen.id);
  const moved = recorded !== chosen.id;
  const previous = moved ? (recorded ?? null) : (stringOf(props.previousImageId) ?? null);
  const key = moved ? filtersKey(filtersOfState(props)) : (chosenWith ?? filtersKey(filtersOfState(props)));
  return {
    id,
    props: selectionOutputs(
      inputs,
      chosen,
      assessed.latest,
      { detected: moved || assessed.reason !== null, reason: assessed.reason, filtersKey: key },
      previous,
    ),
    inputs,
  };
}

/** An ImageSelection only records a choice: deleting it deletes nothing in the cloud. */
export async function remove(_id: string, _props: Props): Promise<void> {}
