/** How endpoints are written down: pure normalisation of what users and catalogs give. */

/** Keystone v3 base: an auth URL given without a version (`https://iam.example`) gets `/v3`. */
export function normalizeAuthUrl(url: string): string {
  const trimmed = url.replace(/\/+$/, "");
  return /\/v\d+(\.\d+)?$/.test(trimmed) ? trimmed : `${trimmed}/v3`;
}

/** IMS base: the API paths (/v2/...) are added to it, so an endpoint written as `.../v2` loses that suffix. */
export function normalizeImsEndpoint(url: string): string {
  return url.replace(/\/+$/, "").replace(/\/v2$/, "");
}
