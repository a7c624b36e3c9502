import {
  ImsApiError,
  ImsAuthError,
  ImsError,
  ImsNotFoundError,
  ImsRetryExhaustedError,
  ImsValidationError,
} from "../../provider/core/errors";
import { redactUrl, registerSecret } from "../../provider/core/redact";

describe("ImsError", () => {
  it("should be recognised by marker, also across module copies", () => {
    const e = new ImsNotFoundError("abc");
    expect(ImsError.isInstance(e)).toBe(true);
    expect(ImsNotFoundError.isInstance(e)).toBe(true);
    expect(ImsApiError.isInstance(e)).toBe(false);
    const copy = Object.assign(Object.create(null), { [Symbol.for("pulumi-ims.error")]: true, code: "IMS_NOT_FOUND" });
    expect(ImsNotFoundError.isInstance(copy)).toBe(true);
    expect(ImsError.isInstance(new Error("x"))).toBe(false);
  });

  it("should carry status, IMS code, request id and a hint", () => {
    const e = new ImsApiError({
      status: 400,
      url: "https://ims.example/v2/images?limit=1",
      imsErrorCode: "IMG.0001",
      requestId: "req-1",
      serverMessage: "bad",
    });
    expect(e).toMatchObject({
      code: "IMS_API",
      name: "ImsApiError",
      status: 400,
      imsErrorCode: "IMG.0001",
      requestId: "req-1",
      retryable: false,
    });
    expect(e.message).toBe(
      "IMS request failed (HTTP 400, error code IMG.0001, request id req-1) for GET https://ims.example/v2/images?limit=1: bad. What to do: check the filter values; IMS rejected the query",
    );
    expect(new ImsApiError({ status: 503, url: "https://x" }).retryable).toBe(true);
  });

  it("should scrub registered secrets from every message", () => {
    registerSecret("p@ss-word-123");
    registerSecret("tok-abcdef");
    const errors = [
      new ImsValidationError([{ property: "x", reason: "given p@ss-word-123" }]),
      new ImsAuthError("refused tok-abcdef", { status: 401, url: "https://u:p@ss-word-123@h/v3?token=tok-abcdef" }),
      new ImsRetryExhaustedError("https://h/?x=p%40ss-word-123", 3, 10, new Error("tok-abcdef")),
    ];
    for (const e of errors) {
      expect(e.message).not.toContain("p@ss-word-123");
      expect(e.message).not.toContain("p%40ss-word-123");
      expect(e.message).not.toContain("tok-abcdef");
    }
  });

  it("should strip user info and secret query values from URLs", () => {
    expect(redactUrl("https://user:pw@h.example/x?token=abc&limit=1")).toBe(
      "https://h.example/x?token=%5BREDACTED%5D&limit=1",
    );
  });
});
