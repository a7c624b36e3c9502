import { backoffDelayMs, nextDelayMs, parseRetryAfterMs, type RetryPolicy } from "../../provider/transport/retry";

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, maxElapsedMs: 5000 };

describe("backoffDelayMs()", () => {
  it("should grow exponentially up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelayMs(a, policy, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
  it("should jitter between 0 and the ceiling", () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(200);
  });
});

describe("parseRetryAfterMs()", () => {
  it("should read delta-seconds", () => expect(parseRetryAfterMs("3")).toBe(3000));
  it("should read an HTTP date", () =>
    expect(parseRetryAfterMs("Sun, 22 Nov 2026 18:00:10 GMT", Date.parse("2026-11-22T18:00:00Z"))).toBe(10_000));
  it("should not go negative for a past date", () =>
    expect(parseRetryAfterMs("Sun, 22 Nov 2026 17:00:00 GMT", Date.parse("2026-11-22T18:00:00Z"))).toBe(0));
  it.each([undefined, "soon", "-1"])("should ignore %j", (v) => expect(parseRetryAfterMs(v)).toBeUndefined());
});

describe("nextDelayMs()", () => {
  it("should stop after maxAttempts", () => {
    expect(nextDelayMs(3, 0, policy, undefined, () => 1)).toBe(400);
    expect(nextDelayMs(4, 0, policy, undefined, () => 1)).toBeUndefined();
  });
  it("should honour a longer Retry-After", () => {
    expect(nextDelayMs(1, 0, policy, 2000, () => 1)).toBe(2000);
  });
  it("should stop when the wait would pass maxElapsedMs", () => {
    expect(nextDelayMs(1, 4000, policy, 2000, () => 1)).toBeUndefined();
    expect(nextDelayMs(1, 4800, policy, undefined, () => 1)).toBe(100);
  });
});
