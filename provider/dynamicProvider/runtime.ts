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
import { imageFilterSchema } from "../lookup/args";
import type { ImageResult } from "../lookup/imageResult";
import type { ConnectionSources } from "../lookup/lookups";
import { assessSelection, filtersKey, newestAllowed, newestMatch } from "../lookup/driftAssessment";
import { policyOfState as policyOf, type Selection } from "../lookup/selectionState";
import type { ConnectionOptions } from "../core/connectionOptions";
import { issuesFromZod } from "../core/validation";
import {
  changedProperties,
  checkedInputs,
  containsUnknown,
  filtersOf,
  followLatestOf,
  optionFailures,
  sameFilters,
  selectionOutputs,
  type Props,
} from "./state";

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
  return { filters: filtersOf(props), recordedId, chosenWith, ...policyOf(props) };
}

async function newest(props: Props): Promise<ImageResult> {
  return newestMatch({ filters: filtersOf(props), ...policyOf(props) }, connection());
}

export async function check(olds: Props, news: Props): Promise<dynamic.CheckResult<Props>> {
  // During preview an input may not be known yet: pass it through without a lookup.
  if (containsUnknown(news)) return { inputs: news };
  const failures: dynamic.CheckFailure[] = [];
  const parsed = imageFilterSchema.safeParse(filtersOf(news));
  if (!parsed.success) failures.push(...issuesFromZod(parsed.error));
  failures.push(...optionFailures(news));
  if (failures.length) return { inputs: news, failures };

  // Pinned: keep the recorded image while the filters stay the same (and it is not denied).
  const recorded = typeof olds.imageId === "string" ? olds.imageId : undefined;
  const denied = policyOf(news).denyImageIds?.includes(recorded ?? "") ?? false;
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

async function outputsFor(inputs: Props): Promise<Props> {
  const imageId = inputs.imageId;
  if (typeof imageId !== "string")
    throw new Error("ImageSelection: no imageId after check; this is a bug in pulumi-ims");
  const key = filtersKey(filtersOf(inputs));
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
  return { id: randomUUID(), outs: await outputsFor(checkedInputs(inputs, inputs.imageId as string)) };
}

export async function update(_id: string, _olds: Props, news: Props): Promise<dynamic.UpdateResult<Props>> {
  return { outs: await outputsFor(checkedInputs(news, news.imageId as string)) };
}

/**
 * Refresh: the record moves to the newest allowed match (inputs too, so the next `up` is
 * clean), which the engine shows as drift; driftReason says why. If nothing matches any more,
 * the record stays; if the recorded image is gone as well, the resource is reported deleted.
 * Pulumi passes no props when a resource is imported (`pulumi import`).
 */
export async function read(id: string, props: Props = {}): Promise<dynamic.ReadResult<Props>> {
  const recorded = typeof props.imageId === "string" ? props.imageId : undefined;
  const chosenWith = typeof props.filtersKey === "string" ? props.filtersKey : undefined;
  const assessed = recorded
    ? await assessSelection(selectionOf(props, recorded, chosenWith), connection())
    : {
        latest: await newestAllowed({ filters: filtersOf(props), ...policyOf(props) }, connection()),
        recorded: undefined,
        reason: "imageDeleted" as const,
      };
  const chosen = assessed.latest ?? (assessed.reason === "denied" ? undefined : assessed.recorded);
  if (!chosen) return { id: "" };
  const inputs = checkedInputs(props, chosen.id);
  const moved = recorded !== chosen.id;
  const previous = moved ? (recorded ?? null) : ((props.previousImageId as string | null | undefined) ?? null);
  const key = moved ? filtersKey(filtersOf(props)) : (chosenWith ?? filtersKey(filtersOf(props)));
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
