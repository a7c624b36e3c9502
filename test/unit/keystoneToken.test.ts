import { passwordLockKey, tokenIsFresh, type IssuedToken } from "../../provider/services/keystone";

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
    ["one hour token, exactly 60 s before expiry (the margin's edge)", token(0, HOUR), HOUR - 60_000, false],
    ["one hour token, 59 s before expiry (inside the 60 s margin)", token(0, HOUR), HOUR - 59_000, false],
    ["a 2.4 s token after 1.7 s (margin is a quarter of a short life)", token(0, 2400), 1700, true],
    ["a 2.4 s token after 1.9 s", token(0, 2400), 1900, false],
    ["a token without expiry", token(0, Number.POSITIVE_INFINITY), 10 * HOUR, true],
  ])("should judge %s", (_, t, now, fresh) => {
    expect(tokenIsFresh(t, now)).toBe(fresh);
  });
});

describe("passwordLockKey()", () => {
  // A user locked out (Huawei: 5 failures, 5 minutes) must not hold back another user of the same IAM.
  const base = { authUrl: "https://iam.example/v3", password: "pw" };
  it.each([
    ["userId", { userId: "u-1" }, { userId: "u-2" }],
    ["userDomainId", { username: "ops", userDomainId: "d-1" }, { username: "ops", userDomainId: "d-2" }],
    ["userDomainName", { username: "ops", userDomainName: "dom1" }, { username: "ops", userDomainName: "dom2" }],
    ["username", { username: "ops", userDomainName: "dom" }, { username: "dev", userDomainName: "dom" }],
    ["password", { userId: "u-1" }, { userId: "u-1", password: "other" }],
    ["authUrl", { userId: "u-1" }, { userId: "u-1", authUrl: "https://iam.other/v3" }],
    ["a user named by id or by name", { userId: "ops" }, { username: "ops" }],
  ])("should tell users apart that differ only in %s", (_, a, b) => {
    expect(passwordLockKey({ ...base, ...a })).not.toBe(passwordLockKey({ ...base, ...b }));
    expect(passwordLockKey({ ...base, ...a })).toBe(passwordLockKey({ ...base, ...a }));
  });
});
