/** Pure: query strings as IMS and Glance read them. */

/** encodeURIComponent, but `:` stays readable (`created_at=lt:2018-...`); `+` becomes %2B, as IMS needs. */
function encodeQueryComponent(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ":");
}

export function encodePairs(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([k, v]) => `${encodeQueryComponent(k)}=${encodeQueryComponent(v)}`).join("&");
}
