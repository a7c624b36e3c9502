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
import { lookupImage, showImage, type ConnectionSources } from "../lookup/lookups";
import type { ConnectionOptions } from "../core/connectionOptions";
import { issuesFromZod } from "../core/validation";
import { changedProperties, checkedInputs, containsUnknown, filtersOf, followLatestOf, sameFilters, selectionOutputs, type Props } from "./state";

let configured: ConnectionOptions = {};

/** What configure reads of Pulumi's request: the stack's config values. */
type ConfigureRequest = { readonly config: Pick<dynamic.ConfigureRequest["config"], "get"> };

export async function configure(req: ConfigureRequest): Promise<void> {
  configured = connectionFromConfig((k) => req.config.get(k));
}

function connection(): ConnectionSources {
  return { config: configured, env: process.env };
}

async function newest(props: Props): Promise<ImageResult> {
  return lookupImage({ ...filtersOf(props), mostRecent: true, ...(props.anyOwner === true ? { anyOwner: true } : {}) }, connection());
}

async function newestOrNone(props: Props): Promise<ImageResult | undefined> {
  try {
    return await newest(props);
  } catch (e) {
    if (ImsNoMatchError.isInstance(e)) return undefined;
    throw e;
  }
}

async function imageById(id: string, latest: ImageResult | undefined): Promise<ImageResult | undefined> {
  if (latest?.id === id) return latest;
  try {
    return await showImage(id, connection());
  } catch (e) {
    if (ImsNotFoundError.isInstance(e)) return undefined;
    throw e;
  }
}

export async function check(olds: Props, news: Props): Promise<dynamic.CheckResult<Props>> {
  // During preview an input may not be known yet: pass it through without a lookup.
  if (containsUnknown(news)) return { inputs: news };
  const failures: dynamic.CheckFailure[] = [];
  const parsed = imageFilterSchema.safeParse(filtersOf(news));
  if (!parsed.success) failures.push(...issuesFromZod(parsed.error));
  for (const option of ["followLatest", "anyOwner"]) {
    if (news[option] !== undefined && typeof news[option] !== "boolean") failures.push({ property: option, reason: `must be true or false (given ${JSON.stringify(news[option])})` });
  }
  if (failures.length) return { inputs: news, failures };

  // Pinned: keep the recorded image while the filters stay the same.
  const recorded = typeof olds.imageId === "string" ? olds.imageId : undefined;
  if (recorded && !followLatestOf(news) && sameFilters(olds, news)) return { inputs: checkedInputs(news, recorded) };
  try {
    return { inputs: checkedInputs(news, (await newest(news)).id) };
  } catch (e) {
    if (ImsNoMatchError.isInstance(e) || ImsAmbiguousError.isInstance(e)) return { inputs: news, failures: [{ property: "", reason: e.message }] };
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
  if (typeof imageId !== "string") throw new Error("ImageSelection: no imageId after check; this is a bug in pulumi-ims");
  const latest = await newestOrNone(inputs);
  const image = await imageById(imageId, latest);
  if (!image) throw new ImsNotFoundError(imageId);
  return selectionOutputs(inputs, image, latest, latest !== undefined && latest.id !== image.id, null);
}

export async function create(inputs: Props): Promise<dynamic.CreateResult<Props>> {
  return { id: randomUUID(), outs: await outputsFor(checkedInputs(inputs, inputs.imageId as string)) };
}

export async function update(_id: string, _olds: Props, news: Props): Promise<dynamic.UpdateResult<Props>> {
  return { outs: await outputsFor(checkedInputs(news, news.imageId as string)) };
}

/**
 * Refresh: the record moves to the newest match (inputs too, so the next `up` is
 * clean), which the engine shows as drift. If nothing matches any more, the record
 * stays; if the recorded image is gone as well, the resource is reported deleted.
 */
export async function read(id: string, props: Props): Promise<dynamic.ReadResult<Props>> {
  const recorded = typeof props.imageId === "string" ? props.imageId : undefined;
  const latest = await newestOrNone(props);
  const recordedImage = recorded ? await imageById(recorded, latest) : undefined;
  const chosen = latest ?? recordedImage;
  if (!chosen) return { id: "" };
  const inputs = checkedInputs(props, chosen.id);
  const moved = recorded !== chosen.id;
  const previous = moved ? (recorded ?? null) : ((props.previousImageId as string | null | undefined) ?? null);
  return { id, props: selectionOutputs(inputs, chosen, latest, moved, previous), inputs };
}

/** An ImageSelection only records a choice: deleting it deletes nothing in the cloud. */
export async function remove(_id: string, _props: Props): Promise<void> {}
