/**
 * Time conditions for created_at / updated_at, in the API's `op:time` form.
 * IMS takes one condition per field; callers that want a range send one and
 * apply the others locally (see planQuery).
 */
import { z } from "zod";

import { withGiven } from "./validation";
import { TIME_OPERATORS, type TimeOperator } from "./vocabulary";

export interface TimeCondition {
  readonly op: TimeOperator;
  /** As sent to IMS, e.g. 2018-10-28T10:00:00Z. */
  readonly at: string;
}

// yyyy-MM-ddThh:mm:ssZ and yyyy-MM-dd hh:mm:ss (the documented forms), plus a date
// alone, fractions and offsets, which Glance also accepts.
const TIME_PATTERN = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function isValidTime(text: string): boolean {
  return TIME_PATTERN.test(text) && isCalendarTime(text) && !Number.isNaN(timeToMillis(text));
}

/**
 * False for a day past its month's end or hour 24, which IMS (Glance) refuses and Date.parse rolls
 * over (2024-02-30 to March 1st). Date.parse refuses the other impossible parts (month 13, day 0,
 * minute 60) itself: callers use both.
 */
export function isCalendarTime(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}))?/.exec(text);
  if (!m) return false;
  const [year, month, day, hour] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v))) as [
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth && hour < 24;
}

/** Milliseconds since the epoch; a time without zone is UTC, as IMS reads it. */
export function timeToMillis(text: string): number {
  let iso = text.replace(" ", "T");
  if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso)) iso += "Z";
  return Date.parse(iso);
}

/** The documented forms of a time, as the messages name them. */
const TIME_FORMS = 'a UTC time like 2018-10-28T10:00:00Z or "2018-10-28 10:00:00"';

// instanceof rather than z.date(), which refuses an Invalid Date with a bare "Invalid input".
const timeText = z
  .union([z.string(), z.instanceof(Date)], {
    error: withGiven(`must be ${TIME_FORMS}, or a Date`),
  })
  .transform((value, ctx) => {
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) {
        ctx.addIssue({ code: "custom", message: "is an invalid Date (new Date() of something that is not a time)" });
        return z.NEVER;
      }
      // Whole seconds are written as IMS documents them; milliseconds are kept, as a string's fraction is.
      return value.toISOString().replace(/\.000Z$/, "Z");
    }
    if (!isValidTime(value)) {
      ctx.addIssue({
        code: "custom",
        message: `must be ${TIME_FORMS} (given ${JSON.stringify(value)})`,
      });
      return z.NEVER;
    }
    return value;
  });

const conditionString = z.string().transform((value, ctx): TimeCondition => {
  const match = /^([a-z]+):(.*)$/.exec(value);
  if (!match && isValidTime(value)) {
    // IMS would read a bare time as eq: an exact-second match, almost never what "since" meant.
    ctx.addIssue({
      code: "custom",
      message: `needs an operator, as "op:time": gte:${value} (since), lt:${value} (before) or eq:${value} (that second); operators: ${TIME_OPERATORS.join(", ")} (given ${JSON.stringify(value)})`,
    });
    return z.NEVER;
  }
  const op = match ? match[1]! : "eq";
  const at = match ? match[2]! : value;
  if (!(TIME_OPERATORS as readonly string[]).includes(op)) {
    ctx.addIssue({
      code: "custom",
      message: `operator must be one of ${TIME_OPERATORS.join(", ")} (given ${JSON.stringify(value)})`,
    });
    return z.NEVER;
  }
  if (!isValidTime(at)) {
    ctx.addIssue({
      code: "custom",
      message: `must be "op:time" with a UTC time like lt:2018-10-28T10:00:00Z (given ${JSON.stringify(value)})`,
    });
    return z.NEVER;
  }
  return { op: op as TimeOperator, at };
});

/**
 * A range: "lt:2018-10-28T10:00:00Z", or {gte: "2020-01-01T00:00:00Z", lt: new Date()} with
 * any of gt, gte, lt, lte, eq, neq. Parsed into a list of conditions, all of which must hold.
 */
export const timeRangeSchema = z.union([
  conditionString.transform((c) => [c]),
  z
    .object({ gt: timeText, gte: timeText, lt: timeText, lte: timeText, eq: timeText, neq: timeText })
    .partial()
    .strict()
    .transform((range, ctx): TimeCondition[] => {
      const conditions = TIME_OPERATORS.flatMap((op) => (range[op] === undefined ? [] : [{ op, at: range[op] }]));
      if (conditions.length === 0) {
        ctx.addIssue({ code: "custom", message: `needs at least one of ${TIME_OPERATORS.join(", ")}` });
        return z.NEVER;
      }
      return conditions;
    }),
]);

export function formatCondition(c: TimeCondition): string {
  return `${c.op}:${c.at}`;
}

const SECOND_MS = 1000;
const utcSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * The condition to send so that the server, which compares its stored times (with microseconds),
 * selects exactly the images whose shown time (whole seconds) satisfies `c`: an image created at
 * 10:00:00.4 shows as 10:00:00 and must pass `lte:10:00:00`, which Glance's own `lte` refuses.
 * Conditions on a whole second are sent as given where that already agrees (gte, lt).
 * `eq` is sent as its lower bound and checked locally too; `neq` has no such form (undefined).
 */
export function storedTimeCondition(c: TimeCondition): TimeCondition | undefined {
  const at = timeToMillis(c.at);
  const floor = Math.floor(at / SECOND_MS) * SECOND_MS;
  const whole = floor === at;
  const ceil = whole ? at : floor + SECOND_MS;
  switch (c.op) {
    case "gte":
      return whole ? c : { op: "gte", at: utcSeconds(ceil) };
    case "lt":
      return whole ? c : { op: "lt", at: utcSeconds(ceil) };
    case "gt":
      return { op: "gte", at: utcSeconds(floor + SECOND_MS) };
    case "lte":
      return { op: "lt", at: utcSeconds(floor + SECOND_MS) };
    case "eq":
      return whole ? { op: "gte", at: c.at } : { op: "gte", at: utcSeconds(ceil) };
    case "neq":
      return undefined;
    default:
      throw new Error(`unknown time operator ${String(c.op)}`);
  }
}

/** The condition with its time in the form the extension API documents: yyyy-MM-ddThh:mm:ssZ, UTC. */
export function documentedUtc(c: TimeCondition): TimeCondition {
  return { op: c.op, at: utcSeconds(timeToMillis(c.at)) };
}

/** Whether `time` (as IMS shows it) satisfies the condition. */
export function timeSatisfies(time: string | undefined, c: TimeCondition): boolean {
  if (time === undefined) return false;
  const t = timeToMillis(time);
  const at = timeToMillis(c.at);
  if (Number.isNaN(t)) return false;
  switch (c.op) {
    case "gt":
      return t > at;
    case "gte":
      return t >= at;
    case "lt":
      return t < at;
    case "lte":
      return t <= at;
    case "eq":
      return t === at;
    case "neq":
      return t !== at;
    default:
      throw new Error(`unknown time operator ${String(c.op)}`);
  }
}
