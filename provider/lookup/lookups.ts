/**
 * The one way in for the front doors (sdk/, cli/, dynamicProvider/): arguments are
 * validated before any request, the connection's client is found (options, then stack
 * config, then the environment and clouds.yaml), and the lookup runs.
 */
import type { ConnectionOptions } from "../core/connectionOptions";
import { clientFor, resetClients } from "../connection/clients";
import { parseGetImageArgs, parseGetImagesArgs } from "./args";
import { findImage, findImages, type ProgressListener } from "./find";
import type { ImageResult } from "./imageResult";
import { toImageResult } from "./result";

/** Where connection settings come from, in order: explicit options, stack config, then the environment. */
export interface ConnectionSources {
  readonly options?: ConnectionOptions;
  readonly config?: ConnectionOptions;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

function client(from: ConnectionSources) {
  return clientFor(from.options ?? {}, from.env ?? process.env, from.config ?? {});
}

/** The newest image matching `args` (getImage's arguments). */
export async function lookupImage(
  args: unknown,
  from: ConnectionSources = {},
  onProgress?: ProgressListener,
): Promise<ImageResult> {
  const parsed = parseGetImageArgs(args);
  return toImageResult(await findImage(client(from), parsed, onProgress));
}

/** Every image matching `args` (getImages' arguments), in the requested order. */
export async function lookupImages(
  args: unknown,
  from: ConnectionSources = {},
  onProgress?: ProgressListener,
): Promise<ImageResult[]> {
  const parsed = parseGetImagesArgs(args);
  return (await findImages(client(from), parsed, onProgress)).map(toImageResult);
}

/** One image by id (GET /v2/images/{id}); ImsNotFoundError when IMS does not know it. */
export async function showImage(id: string, from: ConnectionSources = {}): Promise<ImageResult> {
  return toImageResult(await client(from).imageDetails(id));
}

/** Forgets every client of this process, with the pages and lookup results it kept. */
export function clearCache(): void {
  resetClients();
}
