/**
 * What each error says when a detail is there and when it is not: the optional parts of a message
 * (request id, server's words, Retry-After, a credential-free URL), and the defaults (service "IMS",
 * "invalid arguments"). Found missing by mutation testing: every such part could be dropped, or
 * shown when absent, and no test failed.
 */
import * as errors from "../../provider/core/errors";
import { readPageImages } from "../../provider/core/imsSchema";
import { parseErrorBody } from "../../provider/core/errorBody";
import { imageDetailPath } from "../../provider/core/query";
import { scalarText } from "../../provider/core/scalarText";
import { closestNames } from "../../provider/core/select";

const URL = "https://ims.example/v2/images";

describe("serverSaid()", () => {
  it.each([
    ["Image not found.", ": Image not found"],
    ["bad request... \n", ": bad request"],
    ["  ", ""],
    [undefined, ""],
  ])("%j gives %j", (said, expected) => {
    expect(errors.serverSaid(said)).toBe(expected);
  });
});

describe("ImsAuthError", () => {
  it("should be the problem alone without details", () => {
    const e = new errors.ImsAuthError("no token");
    expect(e.message).toBe("no token");
    expect(e).toMatchObject({ status: undefined, imsErrorCode: undefined, requestId: undefined, url: undefined });
  });
  it("should add status, code and request id, and the URL without its credentials", () => {
    const e = new errors.ImsAuthError("refused", {
      status: 401,
      url: "https://user:pw@iam.example/v3/auth/tokens",
      imsErrorCode: "APIGW.0301",
      requestId: "req-9",
      hint: "check them",
    });
    expect(e.message).toBe(
      "refused (HTTP 401, error code APIGW.0301, request id req-9) at https://iam.example/v3/auth/tokens. What to do: check them",
    );
    expect(e).toMatchObject({ status: 401, imsErrorCode: "APIGW.0301", requestId: "req-9" });
  });
  it("should give the status without a URL", () => {
    expect(new errors.ImsAuthError("refused", { status: 403 }).message).toBe("refused (HTTP 403)");
  });
});

describe("the other errors, with and without their optional parts", () => {
  it("ImsNotFoundError names the request id only when there is one", () => {
    expect(new errors.ImsNotFoundError("abc").message).toMatch(/^image abc was not found \(HTTP 404\); it may/);
    expect(new errors.ImsNotFoundError("abc", "r-1").message).toMatch(
      /^image abc was not found \(HTTP 404, request id r-1\);/,
    );
  });
  it("ImsApiError ends its problem at the URL when the server said nothing", () => {
    expect(new errors.ImsApiError({ status: 500, url: URL }).problem).toBe(
      `IMS request failed (HTTP 500) for GET ${URL}`,
    );
  });
  it("ImsRetryExhaustedError names Retry-After only when the server sent it, and IMS by default", () => {
    const without = new errors.ImsRetryExhaustedError(URL, 3, 1200, new Error("socket hang up"));
    expect(without.problem).toBe(`GET ${URL} failed after 3 attempt(s) in 1200 ms; last failure: socket hang up`);
    expect(without.hint).toMatch(/^IMS or the network is failing; retry later/);
    const asked = new errors.ImsRetryExhaustedError(URL, 2, 900, new Error("429"), { retryAfterMs: 2500 });
    expect(asked.problem).toBe(
      `GET ${URL} failed after 2 attempt(s) in 900 ms; the server last asked to wait 3 s (Retry-After); last failure: 429`,
    );
  });
  it("keeps the cause it is given, and has none otherwise", () => {
    const cause = new Error("socket hang up");
    expect(new errors.ImsRetryExhaustedError(URL, 3, 1200, cause).cause).toBe(cause);
    expect("cause" in new errors.ImsConfigError("no endpoint")).toBe(false);
  });
  it("ImsBadResponseError names the request id only when there is one", () => {
    expect(new errors.ImsBadResponseError(URL, "not a list").message).toBe(
      `unexpected response from ${URL}: not a list`,
    );
    expect(new errors.ImsBadResponseError(URL, "not a list", { requestId: "r-2" }).message).toBe(
      `unexpected response from ${URL} (request id r-2): not a list`,
    );
  });
  it("ImsScanLimitError says how to go further", () => {
    expect(new errors.ImsScanLimitError(URL, 100, 100000, "maxScanPages (100)").hint).toMatch(
      /^narrow the filters \(filters sent to IMS cost no pages\), or raise maxScanPages \(.+\) or maxScanImages \(.+\)$/,
    );
  });
  it("ImsLockError keeps its hint", () => {
    expect(new errors.ImsLockError("no entry", { lockFile: "l.json", hint: "run lock add" }).hint).toBe("run lock add");
  });
  it("ImsValidationError says invalid arguments by default", () => {
    expect(new errors.ImsValidationError([{ property: "a", reason: "b" }]).message).toBe(
      "invalid arguments:\n  - a: b",
    );
  });
});

describe("readPageImages(): an image it cannot read", () => {
  it("is skipped with its id, its name and up to three problems, each at its path", () => {
    const page = readPageImages({
      images: [
        { id: "bad-1", name: "Ubuntu", created_at: 5, tags: ["x", 7], min_disk: "40", size: "1", status: 3 },
        { id: "ok", created_at: "2026-01-01T00:00:00Z" },
      ],
    });
    expect(page.images.map((i) => i.id)).toEqual(["ok"]);
    expect(page.skipped).toHaveLength(1);
    const [skipped] = page.skipped;
    expect(skipped).toMatchObject({ id: "bad-1", name: "Ubuntu" });
    const problems = skipped!.problem.split("; ");
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^status: /);
    expect(skipped!.problem).toMatch(/(^|; )tags\.1: /);
  });
  it("shows no name that is not a string, and says (image) for what is not an image at all", () => {
    const page = readPageImages({ images: [{ id: 5, name: 6, created_at: "2026-01-01T00:00:00Z" }, "text"] });
    expect(page.skipped[0]).toEqual({ id: undefined, name: undefined, problem: expect.stringMatching(/^id: /) });
    expect(page.skipped[1]!.problem).toMatch(/^\(image\): /);
  });
});

describe("parseErrorBody()", () => {
  it("should keep a code whose body has no message, and fold every run of white space", () => {
    expect(parseErrorBody(JSON.stringify({ error: { code: "IMG.0001" } }))).toEqual({ code: "IMG.0001" });
    expect(parseErrorBody(JSON.stringify({ message: "a \n\t  b" })).message).toBe("a b");
  });
});

it("imageDetailPath() refuses an id that is not a string, even one that looks like an id as text", () => {
  expect(() => imageDetailPath(12345 as unknown as string)).toThrow(errors.ImsValidationError);
});

it("scalarText() gives no text for null or an object", () => {
  expect([scalarText(null), scalarText({ a: 1 }), scalarText(["1"]), scalarText(7), scalarText(false)]).toEqual([
    undefined,
    undefined,
    undefined,
    "7",
    "false",
  ]);
});

it("closestNames() folds the name asked for as it folds the names it ranks", () => {
  expect(closestNames(["UBUNTX-y", "ubuntu-x"], "UBUNTU", 1)).toEqual(["ubuntu-x"]);
});

describe("ImsNoMatchError", () => {
  const details = { filters: 'sent to IMS: platform="Nope"', serverMatched: 0 };
  it("should end at the count when there are no names to show", () => {
    const e = new errors.ImsNoMatchError({ ...details, closestNames: [], byName: true });
    expect(e.problem).toBe(
      'no image matches (sent to IMS: platform="Nope"); 0 image(s) matched the filters IMS applies.',
    );
  });
  it.each([
    [true, 'Closest names: "a", "b".'],
    [false, 'Newest names IMS matched: "a", "b".'],
  ])("should name the names shown, byName %s", (byName, shown) => {
    const e = new errors.ImsNoMatchError({ ...details, closestNames: ["a", "b"], byName });
    expect(e.problem).toBe(
      `no image matches (sent to IMS: platform="Nope"); 0 image(s) matched the filters IMS applies. ${shown}`,
    );
  });
});
