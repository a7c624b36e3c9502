/** Pure: cache keys for arguments. */

/** A key that is the same for equal arguments whatever their key order. */
export function stableKey(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => {
    if (v instanceof RegExp) return `/${v.source}/${v.flags}`;
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined)
          .sort(([a], [b]) => a.localeCompare(b)),
      );
    }
    return v;
  });
}
