/** Pure: cache keys for arguments. */

/**
 * A key that is the same for equal arguments whatever their key order, an undefined field being
 * the same as an absent one (as in JSON). A parsed nameRegex keeps its `source` beside the RegExp,
 * so the RegExp itself (written as `{}`) adds nothing the key lacks.
 */
export function stableKey(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      // Sorted entries; JSON.stringify itself leaves out those whose value is undefined.
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
    }
    return v;
  });
}
