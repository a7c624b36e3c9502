/**
 * zod -> ImsValidationError: one {property, reason} per problem, naming the
 * argument, the value given and what is allowed.
 */
import { z } from "zod";
import { ImsValidationError, type ValidationIssue } from "./errors";

export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "nothing";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "function" || typeof value === "symbol") return `a ${typeof value}`;
  try {
    return JSON.stringify(value);
  } catch {
    return "a value that cannot be shown as JSON";
  }
}

/** Error text for zod issues: `must be one of a, b (given "c")`. */
export function withGiven(reason: string) {
  return (issue: { input?: unknown }) => `${reason} (given ${describeValue(issue.input)})`;
}

export function enumOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: withGiven(`must be one of ${values.join(", ")}`) });
}

function pathToProperty(path: readonly PropertyKey[], prefix: string): string {
  let out = prefix;
  for (const key of path) {
    out = typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key);
  }
  return out || "(arguments)";
}

type ZodIssue = z.core.$ZodIssue;

/**
 * zod reports a failed union as one "invalid_union" issue holding every branch's
 * issues; the branch whose type matched (no invalid_type issue) says what is wrong.
 */
function flatten(
  issue: ZodIssue,
  base: readonly PropertyKey[] = [],
): Array<{ path: PropertyKey[]; message: string; issue: ZodIssue }> {
  const path = [...base, ...issue.path];
  if (issue.code === "invalid_union" && issue.errors.length > 0 && !issue.message.includes("(given")) {
    const branches = issue.errors;
    const matched = branches.find(
      (b) => b.length > 0 && b.every((i) => i.code !== "invalid_type" || i.path.length > 0),
    );
    if (matched) return matched.flatMap((i) => flatten(i, path));
  }
  if (issue.code === "invalid_key" && issue.issues.length > 0) {
    return issue.issues.flatMap((i) => flatten({ ...i, path: [] }, path));
  }
  return [{ path, message: issue.message, issue }];
}

export function issuesFromZod(error: z.ZodError, prefix = ""): ValidationIssue[] {
  return error.issues.flatMap((top) =>
    flatten(top).map(({ path, message, issue }) => {
      if (issue.code === "unrecognized_keys") {
        return {
          property: pathToProperty(path, prefix),
          reason: `unknown argument(s) ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`,
        };
      }
      return { property: pathToProperty(path, prefix), reason: message };
    }),
  );
}

/** Parses `input` or throws ImsValidationError listing every problem at once. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  context: string,
  prefix = "",
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ImsValidationError(issuesFromZod(result.error, prefix), context);
}

/**
 * `true` when both types have the same keys and each is assignable to the other: ties a zod
 * schema to a public interface at compile time (assignability alone ignores an optional key
 * that only one of them has).
 */
export type MutuallyAssignable<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never]
  ? [A] extends [B]
    ? [B] extends [A]
      ? true
      : false
    : false
  : false;

/** First lines of a zod error, for ImsBadResponseError messages. */
export function summarizeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join(".") : "(body)"}: ${i.message}`)
    .join("; ");
}

/**
 * `true` when a public argument type has exactly the schema's keys and everything it allows
 * is accepted by the schema (which may accept more, such as "true" for true from a command line).
 */
export type AcceptedWithSameKeys<Public, Schema> = [
  Exclude<keyof Public, keyof Schema> | Exclude<keyof Schema, keyof Public>,
] extends [never]
  ? [Public] extends [Schema]
    ? true
    : false
  : false;
