/**
 * Every error class the package exports, as a user's catch block meets it: its name (what stack
 * traces and `e.name` show) is the class's exported name, its code is the class's, isInstance knows
 * it and no other kind, and its message ends with what to do where something can be done.
 */
import * as errors from "../../provider/core/errors";
import { ImsError } from "../../provider/core/errors";

const URL = "https://ims.example/v2/images";

/**
 * One instance of each class, built as the code that throws it does, inside each test: built when the
 * file loads, the constructors would run before any test, where per-test coverage does not see them.
 */
const build = (): Record<string, ImsError> => ({
  ImsValidationError: new errors.ImsValidationError([{ property: "minDisk", reason: "must be a number" }]),
  ImsConfigError: new errors.ImsConfigError("no IMS endpoint", { hint: "set IMS_ENDPOINT" }),
  ImsAuthError: new errors.ImsAuthError("IAM refused the credentials", { status: 401, url: URL, hint: "check them" }),
  ImsNotFoundError: new errors.ImsNotFoundError("abc", "req-1"),
  ImsApiError: new errors.ImsApiError({ status: 400, url: URL }),
  ImsRetryExhaustedError: new errors.ImsRetryExhaustedError(URL, 3, 1200, new Error("socket hang up")),
  ImsBadResponseError: new errors.ImsBadResponseError(URL, "images is not a list"),
  ImsNoMatchError: new errors.ImsNoMatchError({
    filters: 'platform="Nope"',
    serverMatched: 0,
    closestNames: [],
    byName: false,
  }),
  ImsScanLimitError: new errors.ImsScanLimitError(URL, 100, 100000, "maxScanPages (100)"),
  ImsAmbiguousError: new errors.ImsAmbiguousError({ filters: "x", candidates: [], matched: 2, complete: true }),
  ImsLockError: new errors.ImsLockError("the lock file is not JSON", { lockFile: "ims-images.lock.json" }),
  ImsLockMismatchError: new errors.ImsLockMismatchError({
    lockFile: "ims-images.lock.json",
    entry: "web",
    lockedFilters: "a",
    givenFilters: "b",
    command: "ims-image lock add web",
  }),
});

const exportedClasses = Object.entries(errors).filter(
  ([, value]) => typeof value === "function" && value.prototype instanceof ImsError,
) as Array<[string, typeof ImsError]>;

it("should build one of every exported error class here", () => {
  expect(Object.keys(build()).sort()).toEqual(exportedClasses.map(([name]) => name).sort());
});

describe.each(exportedClasses)("%s", (name, Class) => {
  it("should be named and coded as its class, and known by isInstance as that kind only", () => {
    const e = build()[name]!;
    expect(e).toBeInstanceOf(Class);
    expect(e.name).toBe(name);
    expect(String(e)).toMatch(new RegExp(`^${name}: \\S`));
    expect(e.code).toBe((Class as unknown as { code: string }).code);
    expect(ImsError.isInstance(e)).toBe(true);
    for (const [other, OtherClass] of exportedClasses)
      expect({ other, known: OtherClass.isInstance(e) }).toEqual({ other, known: other === name });
  });
});

describe("isInstance()", () => {
  it.each([null, undefined, "ImsError", 42, {}, new Error("x"), { code: "IMS_API" }])("should refuse %p", (value) => {
    expect(ImsError.isInstance(value)).toBe(false);
    expect(errors.ImsApiError.isInstance(value)).toBe(false);
  });
});

describe("the hint for an HTTP status", () => {
  it.each([
    [300, "the endpoint redirects; set the endpoint to the service's own URL"],
    [301, "the endpoint redirects; set the endpoint to the service's own URL"],
    [399, "the endpoint redirects; set the endpoint to the service's own URL"],
    [400, "check the filter values; IMS rejected the query"],
    [403, "the credentials lack permission to list images in this project"],
    [418, "check the request"],
    [499, "check the request"],
    [500, "IMS is failing; retry later"],
    [504, "IMS is failing; retry later"],
  ])("HTTP %d: %s", (status, hint) => {
    expect(new errors.ImsApiError({ status, url: URL }).hint).toBe(hint);
  });

  it("should name where a redirect leads, without its credentials", () => {
    expect(
      new errors.ImsApiError({ status: 302, url: URL, location: "https://user:pw@elsewhere.example/v2" }).hint,
    ).toBe("the endpoint redirects to https://elsewhere.example/v2; set the endpoint to the service's own URL");
  });

  it("should join problem and hint with one full stop, and put the hint of a listing problem on its own line", () => {
    expect(new errors.ImsApiError({ status: 400, url: URL, serverMessage: "bad." }).message).toBe(
      `IMS request failed (HTTP 400) for GET ${URL}: bad. What to do: check the filter values; IMS rejected the query`,
    );
    expect(new errors.ImsAuthError("refused.", { hint: "check them" }).message).toBe("refused. What to do: check them");
    expect(new errors.ImsAuthError("refused", {}).message).toBe("refused");
    expect(new errors.ImsAuthError("two match:\n- a\n- b\n", { hint: "narrow them" }).message).toBe(
      "two match:\n- a\n- b\nWhat to do: narrow them",
    );
  });
});
