import { ImsBadResponseError } from "../../provider/core/errors";
import { markerFromNext } from "../../provider/services/imagePages";

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
