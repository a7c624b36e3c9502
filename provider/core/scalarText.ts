/**
 * The text of a value that IMS, a clouds.yaml or a query may give as a string, number or boolean
 * (vendor `__` fields come as any of the three); undefined for anything else (null, absent, an
 * object), which then equals no filter value.
 */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}
