/**
 * Pagination of GET /v2/images (and GET /v2/cloudimages) as an async generator of pages. Each page URL is
 * built from the caller's own query plus `marker`: real Glance keeps only the last
 * value of a repeated parameter in `next`, so only the marker is taken from it.
 * Consumers `for await` and `break` as soon as they know the answer.
 */
import { TUNING } from "../core/tuning";
import { ImsBadResponseError, ImsScanLimitError } from "../core/errors";
import type { ImsClient } from "./imsClient";
import type { PageQuery } from "../core/query";
import type { ImagePage } from "../core/imsSchema";

/** The marker of a `next` link, after checking the link stays on the endpoint's origin. */
export function markerFromNext(next: string, endpoint: URL): string {
  let url: URL;
  try {
    url = new URL(next, endpoint);
  } catch {
    throw new ImsBadResponseError(endpoint.toString(), `the next link ${JSON.stringify(next)} is not a URL`);
  }
  if (url.origin !== endpoint.origin) {
    throw new ImsBadResponseError(
      endpoint.toString(),
      `the next link points to another origin (${url.origin}); it was not followed`,
    );
  }
  const marker = url.searchParams.get("marker");
  if (!marker)
    throw new ImsBadResponseError(endpoint.toString(), `the next link ${JSON.stringify(next)} has no marker`);
  return marker;
}

/** The extension API's default (and largest documented) page: 500 images. */
export const EXTENSION_PAGE_SIZE = 500;

export interface PagingOptions {
  /** Page size of the first page when it differs from `query.limit` (a small first page answers common lookups cheaply). */
  readonly firstLimit?: number;
}

export async function* imagePages(
  client: ImsClient,
  query: PageQuery,
  options: PagingOptions = {},
): AsyncGenerator<ImagePage, void, undefined> {
  const endpoint = await client.endpoint();
  // A lookup that reads more than these is stopped with ImsScanLimitError.
  const maxPages = client.connection.maxScanPages ?? TUNING.maxScanPages.default;
  const maxImages = client.connection.maxScanImages ?? TUNING.maxScanImages.default;
  // Every scan starts at the first page; the markers it follows, to tell a loop.
  const seen = new Set<string>();
  let marker: string | undefined;
  let imagesRead = 0;
  for (let n = 0; ; n++) {
    if (n >= maxPages)
      throw new ImsScanLimitError(endpoint.toString(), n, imagesRead, `limit of ${maxPages} pages (maxScanPages)`);
    if (imagesRead >= maxImages)
      throw new ImsScanLimitError(endpoint.toString(), n, imagesRead, `limit of ${maxImages} images (maxScanImages)`);
    const limit = n === 0 && options.firstLimit !== undefined ? options.firstLimit : query.limit;
    const page = await client.listPage({ ...query, marker, limit });
    const onPage = page.images.length + page.skipped.length;
    imagesRead += onPage;
    yield page;
    if (onPage === 0) return;
    let next: string;
    if (client.connection.api === "extension") {
      // No links: the next page starts after the page's last image, and an empty page ends the list. A
      // short page ends it too when it asked for no more than the documented default, which a server serves whole.
      const asked = limit ?? EXTENSION_PAGE_SIZE;
      if (onPage < asked && asked <= EXTENSION_PAGE_SIZE) return;
      if (!page.lastId)
        throw new ImsBadResponseError(
          endpoint.toString(),
          "the last image of a page has no id, so the next page cannot be asked for",
        );
      next = page.lastId;
    } else {
      // Glance sends `next` whenever a page is full, so the last page may be empty.
      if (!page.next) return;
      next = markerFromNext(page.next, endpoint);
    }
    if (seen.has(next)) {
      throw new ImsBadResponseError(
        endpoint.toString(),
        `the next link repeats marker ${next}; the server is paging in a loop`,
      );
    }
    seen.add(next);
    marker = next;
  }
}
