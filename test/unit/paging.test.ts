import { ImsBadResponseError } from "../../provider/core/errors";
import { markerFromNext } from "../../provider/services/imagePages";
import { tokenIsFresh, type IssuedToken } from "../../provider/services/keystone";

describe("markerFromNext()", () => {
  const endpoint = new URL("https://ims.example:8443/base");
  it.each([
    // IMS and Glance write a path with the whole query; only the marker is taken (the rest is rebuilt).
    ["/v2/images?tag=b&marker=m-1&limit=2", "m-1"],
    ["https://ims.example:8443/v2/images?marker=m-2", "m-2"],
    ["v2/images?marker=m%203", "m 3"],
  ])("should take the marker of %s", (next, marker) => {
    expect(markerFromNext(next, endpoint)).toBe(marker);
  });

  it.each([
    ["https://evil.example/v2/images?marker=m", /points to another origin \(https:\/\/evil.example\)/],
    ["http://ims.example:8443/v2/images?marker=m", /points to another origin/],
    ["/v2/images?limit=2", /has no marker/],
    ["http://[bad", /is not a URL/],
  ])("should refuse %s", (next, message) => {
    let error: unknown;
    try {
      markerFromNext(next, endpoint);
    } catch (e) {
      error = e;
    }
    expect(ImsBadResponseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});

describe("tokenIsFresh()", () => {
  const token = (receivedAt: number, expiresAt: number): IssuedToken => ({
    token: "t",
    receivedAt,
    expiresAt,
    imageEndpoints: [],
  });
  const HOUR = 3_600_000;
  it.each([
    ["a new one-hour token", token(0, HOUR), 0, true],
    ["one hour token, 61 s before expiry", token(0, HOUR), HOUR - 61_000, true],
    ["one hour token, 59 s before expiry (inside the 60 s margin)", token(0, HOUR), HOUR - 59_000, false],
    ["a 2.4 s token after 1.7 s (margin is a quarter of a short life)", token(0, 2400), 1700, true],
    ["a 2.4 s token after 1.9 s", token(0, 2400), 1900, false],
    ["a token without expiry", token(0, Number.POSITIVE_INFINITY), 10 * HOUR, true],
  ])("should judge %s", (_, t, now, fresh) => {
    expect(tokenIsFresh(t, now)).toBe(fresh);
  });
});
