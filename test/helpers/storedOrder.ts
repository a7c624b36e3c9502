import type { StoredImage } from "../../provider/localServer/catalog";

/** IMS's and Glance's newest-first order: the stored time (shown seconds, then microseconds), then id. */
export function storedOrder(a: StoredImage, b: StoredImage): number {
  const key = (i: StoredImage) =>
    `${i.json.created_at as string} ${String(i.createdAtMicros ?? 0).padStart(6, "0")} ${i.json.id as string}`;
  return key(b).localeCompare(key(a));
}
