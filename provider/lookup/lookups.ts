/**
 * The one way in for the front doors (sdk/, cli/, dynamicProvider/): arguments are
 * validated before any request, the connection's client is found (options, then stack
 * config, then the environment and clouds.yaml), and the lookup runs.
 */
import { readSources, type ConnectionSources } from "../connection/settings";
import { clientFor, resetClients } from "../connection/clients";
import { parseGetImageArgs, parseGetImagesArgs } from "./args";
import { findImage, findImages, noMatchError, type ProgressListener } from "./scan";
import type { ImageResult } from "./imageResult";
import { toImageResult } from "./toImageResult";

export type { ConnectionSources } from "../connection/settings";

/** The newest image matching `args` (getImage's arguments); ImsNoMatchError, with names to suggest, when none. */
export async function lookupImage(
  args: unknown,
  from: ConnectionSources = {},
  onProgress?: ProgressListener,
): Promise<ImageResult> {
  const sources = readSources(from);
  const parsed = parseGetImageArgs(args);
  const c = clientFor(sources);
  const found = await findImage(c, parsed, onProgress);
  if (found.image === undefined) throw await noMatchError(c, found.noMatch);
  return toImageResult(found.image);
}

/** The newest image matching `args`, or undefined when none: no error, and no request for suggestions. */
export async function lookupNewest(args: unknown, from: ConnectionSources = {}): Promise<ImageResult | undefined> {
  const sources = readSources(from);
  const parsed = parseGetImageArgs(args);
  const found = await findImage(clientFor(sources), parsed);
  return found.image === undefined ? undefined : toImageResult(found.image);
}

/** Every image matching `args` (getImages' arguments), in the requested order. */
export async function lookupImages(
  args: unknown,
  from: ConnectionSources = {},
  onProgress?: ProgressListener,
): Promise<ImageResult[]> {
  const sources = readSources(from);
  const parsed = parseGetImagesArgs(args);
  return (await findImages(clientFor(sources), parsed, onProgress)).map(toImageResult);
}

/** One image by id (GET /v2/images/{id}); ImsNotFoundError when IMS does not know it. */
export async function showImage(id: string, from: ConnectionSources = {}): Promise<ImageResult> {
  return toImageResult(await clientFor(from).imageDetails(id));
}

/** Forgets every client of this process, with the pages and lookup results it kept. */
export function clearCache(): void {
  resetClients();
}
