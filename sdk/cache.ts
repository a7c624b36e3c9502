import { lookups } from "./config";

/**
 * Forgets every page and lookup result this process keeps (each cache is bounded by bytes), so the
 * next lookups ask IMS again: for long-lived processes such as an Automation API server.
 */
export function clearCache(): void {
  lookups().clearCache();
}
