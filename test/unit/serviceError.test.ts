/** The transport's failures as the typed errors a user sees (provider/services/sendRequest.ts), named after the service asked. */
import { serviceError } from "../../provider/services/sendRequest";
import { BodyTooLargeError, RetriesExhaustedError, UnknownHostError } from "../../provider/transport/transportErrors";
import {
  ImsApiError,
  ImsBadResponseError,
  ImsConfigError,
  ImsError,
  ImsRetryExhaustedError,
} from "../../provider/core/errors";

const URL_ = "https://ims.eu-de.otc.t-systems.com/v2/images?limit=1";
// What Node's resolver throws (built here: a real lookup would leave this machine).
const enotfound = Object.assign(new Error("getaddrinfo ENOTFOUND ims.eu-dee.otc.t-systems.com"), { code: "ENOTFOUND" });

describe("serviceError()", () => {
  it("should name a host that does not resolve as a configuration error, keeping the resolver's error", () => {
    const e = serviceError(
      new UnknownHostError("https://ims.eu-dee.otc.t-systems.com", "ENOTFOUND", enotfound),
      "IMS",
    ) as ImsConfigError;
    expect(ImsConfigError.isInstance(e)).toBe(true);
    expect(e.problem).toBe(
      "cannot reach https://ims.eu-dee.otc.t-systems.com: its host name does not resolve (ENOTFOUND)",
    );
    expect(e.hint).toBe("check the endpoint or region");
    expect(e.cause).toBe(enotfound);
  });

  it("should name a body too large as a bad response of the service asked", () => {
    const e = serviceError(new BodyTooLargeError(URL_, 1024), "IAM/Keystone") as ImsBadResponseError;
    expect(ImsBadResponseError.isInstance(e)).toBe(true);
    expect(e.message).toBe(
      `unexpected response from ${URL_}: the response body is larger than 1024 bytes; no IAM/Keystone answer is that large, so it was not read`,
    );
  });

  it("should name retries run out after the service, with the last failure (the service's own error, or the network's)", () => {
    const last = new ImsApiError({ status: 503, url: URL_, service: "IAM", method: "POST" });
    const e = serviceError(
      new RetriesExhaustedError(URL_, "POST", 3, 1500, last, 2000),
      "IAM",
    ) as ImsRetryExhaustedError;
    expect(ImsRetryExhaustedError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({ attempts: 3, elapsedMs: 1500 });
    expect(e.problem).toBe(
      `POST ${URL_} failed after 3 attempt(s) in 1500 ms; the server last asked to wait 2 s (Retry-After); last failure: ${last.problem}`,
    );
    expect(e.hint).toMatch(/^IAM or the network is failing; /);
    expect(e.cause).toBe(last);
  });

  it("should pass on anything else as it is", () => {
    const api = new ImsApiError({ status: 503, url: URL_ });
    const plain = new Error("socket hang up");
    expect(serviceError(api, "IMS")).toBe(api);
    expect(serviceError(plain, "IMS")).toBe(plain);
    expect(
      ImsError.isInstance(serviceError(new RetriesExhaustedError(URL_, "GET", 2, 10, plain, undefined), "IMS")),
    ).toBe(true);
  });
});
