import { ImsAuthError } from "../../provider/core/errors";
import { credentialKey, hold, HOLD_MS, MAX_HELD, releaseAll, throwIfHeld } from "../../provider/services/lockout";

const refused = new ImsAuthError("IMS refused the credentials", { hint: "check the key" });
const T0 = Date.parse("2026-12-06T10:00:00Z");
beforeEach(() => releaseAll());

function heldError(key: string, now: number): ImsAuthError | undefined {
  try {
    throwIfHeld(key, now);
    return undefined;
  } catch (e) {
    return e as ImsAuthError;
  }
}

describe("credentialKey()", () => {
  it("should be a SHA-256 hex digest that keeps no part of the credential", () => {
    const key = credentialKey("aksk", "https://ims.example", "AKSECRETPART");
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain("AKSECRETPART");
  });

  it("should tell parts apart however they are split", () => {
    expect(credentialKey("ab", "c")).not.toBe(credentialKey("a", "bc"));
    expect(credentialKey("a", "b")).toBe(credentialKey("a", "b"));
  });
});

describe("hold() and throwIfHeld()", () => {
  it("should throw the held problem, saying no request was sent and when a retry is safe", () => {
    hold("k", refused, T0);
    const e = heldError("k", T0 + 1500);
    expect(ImsAuthError.isInstance(e)).toBe(true);
    expect(e!.problem).toBe("IMS refused the credentials (held failed by this process: no request was sent)");
    expect(e!.hint).toBe(
      "fix the credentials; a retry is safe after 2026-12-06T10:05:00.000Z (in 299 s), when a locked access key or user is released",
    );
    expect(heldError("other", T0)).toBeUndefined();
  });

  it("should hold for HOLD_MS, then release the key for good", () => {
    hold("k", refused, T0);
    expect(heldError("k", T0 + HOLD_MS - 1)).toBeDefined();
    expect(heldError("k", T0 + HOLD_MS)).toBeUndefined();
    // Released, not merely past: an earlier clock does not bring it back.
    expect(heldError("k", T0)).toBeUndefined();
  });

  it("should start the hold again from a later refusal", () => {
    hold("k", refused, T0);
    hold("k", refused, T0 + 60_000);
    expect(heldError("k", T0 + HOLD_MS + 59_999)).toBeDefined();
  });

  it(`should hold at most ${MAX_HELD} credentials, dropping the one refused longest ago`, () => {
    for (let i = 0; i <= MAX_HELD; i++) hold(`k${i}`, refused, T0 + i);
    // k1 is refused again, so k2 is now the oldest; one more drops it.
    hold("k1", refused, T0 + 2 * MAX_HELD);
    hold("one-more", refused, T0 + 2 * MAX_HELD);
    expect(heldError("k0", T0 + MAX_HELD)).toBeUndefined();
    expect(heldError("k1", T0 + MAX_HELD)).toBeDefined();
    expect(heldError("k2", T0 + MAX_HELD)).toBeUndefined();
    expect(heldError("k3", T0 + MAX_HELD)).toBeDefined();
    expect(heldError(`k${MAX_HELD}`, T0 + MAX_HELD)).toBeDefined();
  });
});
