/**
 * Time filters, from their definitions: the calendar (which dates exist), the forms IMS documents
 * (yyyy-MM-ddThh:mm:ssZ and "yyyy-MM-dd hh:mm:ss", UTC when no zone is given), the operators' plain
 * meanings, and the README's "shown second" rule: IMS stores microseconds and shows whole seconds,
 * and a condition means the time as shown.
 */
import {
  documentedUtc,
  storedTimeCondition,
  timeRangeSchema,
  timeSatisfies,
  timeToMillis,
} from "../../provider/core/timeFilter";
import { TIME_OPERATORS, type TimeOperator } from "../../provider/core/vocabulary";
import { getImageRefusal } from "../helpers/refusal";

const parse = (value: unknown) => timeRangeSchema.safeParse(value);
/** What getImage says of a createdAt it refuses ("" when it accepts it). */
const refusal = (createdAt: unknown) => getImageRefusal({ anyOwner: true, createdAt });

describe("which times a filter accepts", () => {
  // Dates that exist, in every documented form and those Glance also reads.
  it.each([
    "2024-02-29T00:00:00Z", // 2024 is a leap year
    "2000-02-29T12:00:00Z", // so is 2000 (divisible by 400)
    "2023-04-30T23:59:59Z",
    "2023-12-31T23:59:59Z",
    "2023-01-31T00:00:00Z",
    "2018-10-28 10:00:00", // the documented form with a space
    "2018-10-28T10:00", // no seconds
    "2018-10-28", // a date alone
    "2018-10-28T10:00:00.123456Z", // microseconds, as Glance stores them
    "2018-10-28T10:00:00+08:00",
    "2018-10-28T10:00:00-0530",
  ])("lt:%s", (time) => {
    expect(parse(`lt:${time}`)).toEqual({ success: true, data: [{ op: "lt", at: time }] });
  });

  // Dates and times that do not exist: Date.parse would roll them over, IMS refuses them.
  it.each([
    "2023-02-29T00:00:00Z", // 2023 is not a leap year
    "2100-02-29T00:00:00Z", // nor is 2100 (divisible by 100, not by 400)
    "2024-02-30T00:00:00Z",
    "2023-04-31T00:00:00Z", // April has 30 days
    "2023-00-10T00:00:00Z",
    "2023-13-10T00:00:00Z",
    "2023-01-00T00:00:00Z",
    "2023-01-32T00:00:00Z",
    "2023-01-10T24:00:00Z",
    "2023-01-10T23:60:00Z",
    "2023-01-10T23:59:60Z", // no leap seconds
    "2023-01-10T10:00:00.1234567Z", // more than microseconds
    "2023-1-10T10:00:00Z",
    "10/28/2018",
    "yesterday",
    " 2023-01-10T10:00:00Z",
    "2023-01-10T10:00:00Z ",
  ])("lt:%s should be refused, saying what form is wanted", (time) => {
    expect(refusal(`lt:${time}`)).toBe(
      `invalid getImage arguments:\n  - createdAt: must be "op:time" with a UTC time like lt:2018-10-28T10:00:00Z (given ${JSON.stringify(`lt:${time}`)})`,
    );
  });

  it.each(["2023-02-29T00:00:00Z", "2023-01-10T24:00:00Z", "noon"])(
    "{ gte: %j } should be refused with the documented forms",
    (time) => {
      expect(refusal({ gte: time })).toBe(
        `invalid getImage arguments:\n  - createdAt.gte: must be a UTC time like 2018-10-28T10:00:00Z or "2018-10-28 10:00:00" (given ${JSON.stringify(time)})`,
      );
    },
  );

  it("a bare time should ask for an operator, showing the three it likely meant", () => {
    expect(refusal("2026-01-01T00:00:00Z")).toBe(
      'invalid getImage arguments:\n  - createdAt: needs an operator, as "op:time": gte:2026-01-01T00:00:00Z (since), lt:2026-01-01T00:00:00Z (before) or eq:2026-01-01T00:00:00Z (that second); operators: gt, gte, lt, lte, eq, neq (given "2026-01-01T00:00:00Z")',
    );
  });

  it("a bare value that is no time either should show the op:time form", () => {
    expect(refusal("yesterday")).toBe(
      'invalid getImage arguments:\n  - createdAt: must be "op:time" with a UTC time like lt:2018-10-28T10:00:00Z (given "yesterday")',
    );
  });

  it("an unknown operator should be named with the ones there are", () => {
    expect(refusal("after:2026-01-01T00:00:00Z")).toBe(
      'invalid getImage arguments:\n  - createdAt: operator must be one of gt, gte, lt, lte, eq, neq (given "after:2026-01-01T00:00:00Z")',
    );
  });

  it("a range should list its conditions, take Dates as UTC seconds, and refuse an empty or unknown key", () => {
    expect(parse({ lt: new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 678)), gte: "2020-01-01 00:00:00" })).toEqual({
      success: true,
      data: [
        { op: "gte", at: "2020-01-01 00:00:00" },
        { op: "lt", at: "2025-01-02T03:04:05.678Z" },
      ],
    });
    // A whole second as IMS documents it.
    expect(parse({ eq: new Date(Date.UTC(2025, 0, 2)) })).toEqual({
      success: true,
      data: [{ op: "eq", at: "2025-01-02T00:00:00Z" }],
    });
    expect(refusal({ lt: new Date(Number.NaN) })).toBe(
      "invalid getImage arguments:\n  - createdAt.lt: is an invalid Date (new Date() of something that is not a time)",
    );
    expect(refusal({ lt: 5 })).toBe(
      'invalid getImage arguments:\n  - createdAt.lt: must be a UTC time like 2018-10-28T10:00:00Z or "2018-10-28 10:00:00", or a Date (given 5)',
    );
    expect(refusal({})).toBe(
      "invalid getImage arguments:\n  - createdAt: needs at least one of gt, gte, lt, lte, eq, neq",
    );
    expect(refusal({ before: "2020-01-01T00:00:00Z" })).toMatch(
      /^invalid getImage arguments:\n {2}- createdAt: .*before/,
    );
  });
});

describe("timeToMillis()", () => {
  it.each([
    ["2024-03-01T10:20:30Z", Date.UTC(2024, 2, 1, 10, 20, 30)],
    ["2024-03-01T10:20:30", Date.UTC(2024, 2, 1, 10, 20, 30)], // no zone: UTC, as IMS reads it
    ["2024-03-01 10:20:30", Date.UTC(2024, 2, 1, 10, 20, 30)],
    ["2024-03-01T10:20", Date.UTC(2024, 2, 1, 10, 20)],
    ["2024-03-01T10:20:30.25", Date.UTC(2024, 2, 1, 10, 20, 30, 250)],
    ["2024-03-01T10:20:30.25Z", Date.UTC(2024, 2, 1, 10, 20, 30, 250)],
    ["2024-03-01T10:20:30+02:00", Date.UTC(2024, 2, 1, 8, 20, 30)],
    ["2024-03-01", Date.UTC(2024, 2, 1)],
  ])("%s", (text, millis) => {
    expect(timeToMillis(text)).toBe(millis);
  });
});

describe("timeSatisfies()", () => {
  const T = "2024-03-01T10:00:00Z";
  const cases: Array<[TimeOperator, string, boolean]> = [
    ["gt", "2024-03-01T09:59:59Z", true],
    ["gt", T, false],
    ["gt", "2024-03-01T10:00:01Z", false],
    ["gte", "2024-03-01T09:59:59Z", true],
    ["gte", T, true],
    ["gte", "2024-03-01T10:00:01Z", false],
    ["lt", "2024-03-01T09:59:59Z", false],
    ["lt", T, false],
    ["lt", "2024-03-01T10:00:01Z", true],
    ["lte", "2024-03-01T09:59:59Z", false],
    ["lte", T, true],
    ["lte", "2024-03-01T10:00:01Z", true],
    ["eq", "2024-03-01T09:59:59Z", false],
    ["eq", T, true],
    ["eq", "2024-03-01 10:00:00", true], // the same instant, written the other documented way
    ["eq", "2024-03-01T10:00:01Z", false],
    ["neq", "2024-03-01T09:59:59Z", true],
    ["neq", T, false],
    ["neq", "2024-03-01T10:00:01Z", true],
  ];
  it.each(cases)("%s:%s should be %s for an image created at 10:00:00", (op, at, expected) => {
    expect(timeSatisfies(T, { op, at })).toBe(expected);
  });

  it.each(TIME_OPERATORS)("an image without the time, or with one that is not a time, fails %s", (op) => {
    expect(timeSatisfies(undefined, { op, at: T })).toBe(false);
    expect(timeSatisfies("not a time", { op, at: T })).toBe(false);
  });
});

/**
 * The server compares its stored time (microseconds) with the condition sent; the README promises
 * the answer for the time as shown (whole seconds, rounded down). For stored times around a second,
 * the condition storedTimeCondition() sends must select exactly the shown-second answer (eq: at
 * least, as it is checked locally too).
 */
describe("storedTimeCondition(): the condition sent, for the shown second", () => {
  const compare = (t: number, op: TimeOperator, at: number): boolean =>
    ({ gt: t > at, gte: t >= at, lt: t < at, lte: t <= at, eq: t === at, neq: t !== at })[op];
  const base = Date.UTC(2024, 2, 1, 10, 0, 0);
  const stored = [-1000, -600, -1, 0, 1, 400, 999, 1000, 1400, 2000].map((d) => base + d);
  const given = ["2024-03-01T10:00:00Z", "2024-03-01T10:00:00.5Z", "2024-03-01T09:59:59.999Z"];

  it.each(TIME_OPERATORS.filter((op) => op !== "neq").flatMap((op) => given.map((at) => [op, at] as const)))(
    "%s:%s",
    (op, at) => {
      const sent = storedTimeCondition({ op, at })!;
      const rows = stored.map((s) => ({
        stored: new Date(s).toISOString(),
        wanted: compare(Math.floor(s / 1000) * 1000, op, timeToMillis(at)),
        selected: compare(s, sent.op, timeToMillis(sent.at)),
      }));
      // eq is sent as its lower bound and checked locally as well: the server must keep every wanted image.
      const expected = rows.map((r) => ({ ...r, selected: op === "eq" ? r.selected || r.wanted : r.wanted }));
      expect(rows).toEqual(expected);
      // On a whole second, some stored times are wanted: the comparison above is not all "false".
      if (timeToMillis(at) % 1000 === 0) expect(rows.some((r) => r.wanted)).toBe(true);
    },
  );

  it("neq has no server form: it is checked locally only", () => {
    expect(storedTimeCondition({ op: "neq", at: "2024-03-01T10:00:00Z" })).toBeUndefined();
  });

  it("gte and lt on a whole second are sent as given", () => {
    for (const op of ["gte", "lt"] as const) {
      const c = { op, at: "2024-03-01 10:00:00" };
      expect(storedTimeCondition(c)).toBe(c);
    }
  });
});

describe("documentedUtc()", () => {
  it.each([
    ["2024-03-01 10:00:00", "2024-03-01T10:00:00Z"],
    ["2024-03-01T10:00:00.750Z", "2024-03-01T10:00:00Z"],
    ["2024-03-01T12:00:00+02:00", "2024-03-01T10:00:00Z"],
    ["2024-03-01", "2024-03-01T00:00:00Z"],
  ])("%s should be sent as %s", (at, documented) => {
    expect(documentedUtc({ op: "gte", at })).toEqual({ op: "gte", at: documented });
  });
});
