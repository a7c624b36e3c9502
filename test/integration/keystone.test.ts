/**
 * Keystone v3 password authentication (provider/services/keystone.ts) against a scripted Keystone on
 * 127.0.0.1: the request as the Identity v3 API reference documents it ("Password authentication with
 * scoped authorization": docs.openstack.org/api-ref/identity/v3/), the token response read as it
 * documents it, each failure a real Keystone gives, and the token cache. glance.test.ts runs the same
 * code against Debian's real Keystone.
 */
import { issueToken, TokenCache, type PasswordCredentials } from "../../provider/services/keystone";
import { HOLD_MS, releaseAll } from "../../provider/services/lockout";
import { redactText } from "../../provider/core/redact";
import { ImsApiError, ImsAuthError, ImsBadResponseError, ImsRetryExhaustedError } from "../../provider/core/errors";
import { closeAllPools, type TransportOptions } from "../../provider/transport/http";
import { deferred, startScriptedServer, type ScriptedAnswer, type ScriptedServer } from "../helpers/scriptedServer";
import { failure } from "../helpers/failure";

const PASSWORD = "keystone-test-password-1";
let keystone: ScriptedServer;
let tokensIssued = 0;

/** A 201 with a fresh token, as Keystone answers a good password. */
function issued(token: Record<string, unknown> = {}, headers: Record<string, string> = {}): ScriptedAnswer {
  tokensIssued++;
  return {
    status: 201,
    headers: { "x-subject-token": `issued-token-${tokensIssued}-abcdef`, ...headers },
    body: { token: { methods: ["password"], expires_at: "2099-01-01T00:00:00.000000Z", ...token } },
  };
}

function unauthorized(headers: Record<string, string> = {}): ScriptedAnswer {
  return {
    status: 401,
    headers,
    body: {
      error: { code: 401, message: "The request you have made requires authentication.", title: "Unauthorized" },
    },
  };
}

beforeAll(async () => {
  keystone = await startScriptedServer(() => issued());
});
afterAll(async () => {
  await keystone.close();
  await closeAllPools();
});
beforeEach(() => {
  keystone.reset();
  releaseAll();
});

const NO_RETRY: TransportOptions = { retry: { maxAttempts: 1 } };
const alice = (more: Partial<PasswordCredentials> = {}): PasswordCredentials => ({
  authUrl: `${keystone.url}/v3`,
  username: "alice",
  password: PASSWORD,
  userDomainName: "acme",
  projectId: "4f1c0000000000000000000000000001",
  ...more,
});
const sentBody = (i = 0): unknown => JSON.parse(keystone.requests[i]!.body);

describe("the password request, as the Identity v3 API reference writes it", () => {
  it.each<[string, Partial<PasswordCredentials>, unknown]>([
    [
      "a user by name in a domain by name, scoped to a project by id",
      {},
      {
        identity: {
          methods: ["password"],
          password: { user: { name: "alice", domain: { name: "acme" }, password: PASSWORD } },
        },
        scope: { project: { id: "4f1c0000000000000000000000000001" } },
      },
    ],
    [
      "a user by id (no domain), scoped to a project by name in a domain by id",
      {
        username: undefined,
        userDomainName: undefined,
        userId: "u-0001",
        projectId: undefined,
        projectName: "eu-de_dev",
        projectDomainId: "d-0001",
      },
      {
        identity: { methods: ["password"], password: { user: { id: "u-0001", password: PASSWORD } } },
        scope: { project: { name: "eu-de_dev", domain: { id: "d-0001" } } },
      },
    ],
    [
      "a domain by id over one by name, and the project in the user's domain when it names none",
      { userDomainId: "d-0002", projectId: undefined, projectName: "eu-de" },
      {
        identity: {
          methods: ["password"],
          password: { user: { name: "alice", domain: { id: "d-0002" }, password: PASSWORD } },
        },
        scope: { project: { name: "eu-de", domain: { id: "d-0002" } } },
      },
    ],
    [
      "the project's own domain by name over the user's by id",
      { userDomainId: "d-0002", projectId: undefined, projectName: "eu-de", projectDomainName: "other" },
      {
        identity: {
          methods: ["password"],
          password: { user: { name: "alice", domain: { id: "d-0002" }, password: PASSWORD } },
        },
        scope: { project: { name: "eu-de", domain: { name: "other" } } },
      },
    ],
    [
      "no domain at all: Keystone's Default domain, for the user and the project",
      { userDomainName: undefined, projectId: undefined, projectName: "demo" },
      {
        identity: {
          methods: ["password"],
          password: { user: { name: "alice", domain: { name: "Default" }, password: PASSWORD } },
        },
        scope: { project: { name: "demo", domain: { name: "Default" } } },
      },
    ],
    [
      "no project: an unscoped token, without a scope",
      { projectId: undefined },
      {
        identity: {
          methods: ["password"],
          password: { user: { name: "alice", domain: { name: "acme" }, password: PASSWORD } },
        },
      },
    ],
  ])("should send %s", async (_, more, auth) => {
    await issueToken(alice(more), NO_RETRY);
    expect(keystone.requests).toHaveLength(1);
    expect(sentBody()).toEqual({ auth });
  });

  it("should POST JSON to {authUrl}/auth/tokens, whatever slashes end the auth URL", async () => {
    await issueToken(alice({ authUrl: `${keystone.url}/v3//` }), NO_RETRY);
    const [sent] = keystone.requests;
    expect(sent).toMatchObject({ method: "POST", url: "/v3/auth/tokens" });
    expect(sent!.headers["content-type"]).toBe("application/json");
  });
});

describe("the token response", () => {
  it("should take the token from X-Subject-Token, the expiry, the project and the public image endpoints", async () => {
    keystone.queued.push(
      issued({
        expires_at: "2031-05-06T07:08:09.000000Z",
        project: { id: "p-77", name: "eu-de", domain: { id: "d-1" } },
        catalog: [
          { type: "compute", endpoints: [{ interface: "public", region_id: "eu-de", url: "http://compute" }] },
          {
            type: "image",
            endpoints: [
              { interface: "public", region_id: "eu-de", region: "ignored", url: "http://ims-de" },
              { interface: "internal", region_id: "eu-de", url: "http://ims-internal" },
              { interface: "admin", region_id: "eu-de", url: "http://ims-admin" },
              // Older catalogs: `region` only, or no interface (public), or no region at all.
              { interface: "public", region: "eu-nl", url: "http://ims-nl" },
              { region_id: "eu-ch2", url: "http://ims-ch2" },
              { interface: "public", url: "http://ims-anywhere" },
            ],
          },
        ],
      }),
    );
    const t = await issueToken(alice(), { ...NO_RETRY, now: () => 1234 });
    expect(t).toEqual({
      token: `issued-token-${tokensIssued}-abcdef`,
      expiresAt: Date.parse("2031-05-06T07:08:09Z"),
      receivedAt: 1234,
      projectId: "p-77",
      imageEndpoints: [
        { region: "eu-de", url: "http://ims-de" },
        { region: "eu-nl", url: "http://ims-nl" },
        { region: "eu-ch2", url: "http://ims-ch2" },
        { region: "", url: "http://ims-anywhere" },
      ],
    });
  });

  it("should take a 200 as well, and a token without expiry, project or catalog", async () => {
    keystone.queued.push({ status: 200, headers: { "x-subject-token": "bare-token-0001" }, body: { token: {} } });
    const t = await issueToken(alice(), NO_RETRY);
    expect(t).toMatchObject({ token: "bare-token-0001", expiresAt: Number.POSITIVE_INFINITY, imageEndpoints: [] });
    expect(t.projectId).toBeUndefined();
  });

  it("should scrub the issued token from any text from then on", async () => {
    const token = `scrub-me-${process.pid}-${Date.now()}`;
    keystone.queued.push({ status: 201, headers: { "x-subject-token": token }, body: { token: {} } });
    await issueToken(alice(), NO_RETRY);
    expect(redactText(`sent X-Auth-Token: ${token}`)).toBe("sent X-Auth-Token: [REDACTED]");
  });

  it.each<[string, ScriptedAnswer, RegExp]>([
    [
      "a 201 without X-Subject-Token",
      { status: 201, headers: { "x-openstack-request-id": "req-no-header" }, body: { token: {} } },
      /\(request id req-no-header\): no X-Subject-Token header in the token response$/,
    ],
    [
      "a body that is not JSON",
      { status: 201, headers: { "x-subject-token": "tok-00000001" }, body: "<html>portal</html>" },
      /: the token response body is not a Keystone v3 token$/,
    ],
    [
      "a body without a token",
      { status: 201, headers: { "x-subject-token": "tok-00000002" }, body: { access: {} } },
      /: the token response body is not a Keystone v3 token$/,
    ],
  ])("should refuse %s as a bad response", async (_, answer, message) => {
    keystone.queued.push(answer);
    const e = await failure(issueToken(alice(), NO_RETRY));
    expect(ImsBadResponseError.isInstance(e)).toBe(true);
    expect(e.message).toMatch(new RegExp(`^unexpected response from ${keystone.url}/v3/auth/tokens`));
    expect(e.message).toMatch(message);
    expect((e as ImsBadResponseError).status).toBe(201);
  });
});

describe("Keystone refusing", () => {
  it("should name a 401 as rejected credentials, with Keystone's words, code and request id, and hold them", async () => {
    keystone.queued.push(unauthorized({ "x-openstack-request-id": "req-401-a", "x-request-id": "req-other" }));
    const e = (await failure(issueToken(alice(), NO_RETRY))) as ImsAuthError;
    expect(ImsAuthError.isInstance(e)).toBe(true);
    expect(e.problem).toBe(
      `IAM/Keystone rejected the user name, password or domain: The request you have made requires authentication (HTTP 401, error code 401, request id req-401-a) at ${keystone.url}/v3/auth/tokens`,
    );
    expect(e).toMatchObject({ status: 401, requestId: "req-401-a", imsErrorCode: "401" });
    expect(e.hint).toBe("check OS_USERNAME/HW_USER_NAME, the password, the user domain and the project");
    expect(keystone.requests).toHaveLength(1);

    // Held: the same credentials fail at once, without a request.
    const again = await failure(issueToken(alice(), NO_RETRY));
    expect(again.message).toMatch(/rejected the user name.*\(held failed by this process: no request was sent\)/);
    expect(keystone.requests).toHaveLength(1);
  });

  it("should hold only the refused credentials, and only for the hold time", async () => {
    let clock = 1_000_000;
    const transport = { ...NO_RETRY, now: () => clock };
    keystone.queued.push(unauthorized());
    await failure(issueToken(alice(), transport));
    // Another password, user, domain or Keystone is another credential.
    await issueToken(alice({ password: `${PASSWORD}-new` }), transport);
    await issueToken(alice({ username: "bob" }), transport);
    await issueToken(alice({ userDomainName: "other" }), transport);
    await issueToken(alice({ userDomainName: undefined, userDomainId: "acme" }), transport);
    await issueToken(alice({ authUrl: `${keystone.url}/identity/v3` }), transport);
    expect(keystone.requests).toHaveLength(6);
    clock += HOLD_MS - 1;
    await failure(issueToken(alice(), transport));
    expect(keystone.requests).toHaveLength(6);
    clock += 1;
    await issueToken(alice(), transport);
    expect(keystone.requests).toHaveLength(7);
  });

  it("should take the request id from X-Request-Id when Keystone sends no X-Openstack-Request-Id", async () => {
    keystone.queued.push(unauthorized({ "x-request-id": "req-401-b" }));
    expect(await failure(issueToken(alice(), NO_RETRY))).toMatchObject({ requestId: "req-401-b" });
  });

  it("should name a 403 as no token issued, and not hold the credentials", async () => {
    keystone.queued.push({
      status: 403,
      body: {
        error: { code: 403, message: "You are not authorized to perform the requested action.", title: "Forbidden" },
      },
    });
    const e = (await failure(issueToken(alice(), NO_RETRY))) as ImsAuthError;
    expect(ImsAuthError.isInstance(e)).toBe(true);
    expect(e.problem).toMatch(
      /^IAM\/Keystone did not issue a token: You are not authorized to perform the requested action \(HTTP 403, error code 403\)/,
    );
    await issueToken(alice(), NO_RETRY);
    expect(keystone.requests).toHaveLength(2);
  });

  it("should name a 503 after retries as IAM/Keystone's, with its code and request id", async () => {
    keystone.queued.push({
      status: 503,
      headers: { "x-request-id": "req-503" },
      body: { error: { code: "IAM.0500", message: "busy" } },
    });
    const e = await failure(issueToken(alice(), NO_RETRY));
    expect(ImsRetryExhaustedError.isInstance(e)).toBe(true);
    const cause = (e as Error & { cause: ImsApiError }).cause;
    expect(ImsApiError.isInstance(cause)).toBe(true);
    expect(cause).toMatchObject({ status: 503, imsErrorCode: "IAM.0500", requestId: "req-503", serverMessage: "busy" });
    expect(cause.message).toMatch(/^IAM\/Keystone request failed \(HTTP 503.*\) for POST /);
    // The advice names the service that failed, not IMS.
    expect((e as ImsRetryExhaustedError).hint).toMatch(/^IAM\/Keystone or the network is failing/);
  });
});

describe("TokenCache", () => {
  const HOUR = 3_600_000;
  let clock: number;
  let issues: number;
  const cache = (): TokenCache =>
    new TokenCache(
      alice(),
      { ...NO_RETRY, now: () => clock },
      () => issues++,
      () => clock,
    );
  const expiringIn = (ms: number): ScriptedAnswer => issued({ expires_at: new Date(clock + ms).toISOString() });
  beforeEach(() => {
    clock = Date.parse("2030-01-01T00:00:00Z");
    issues = 0;
  });

  it("should share one request among concurrent callers, and reuse the token while it is fresh", async () => {
    keystone.queued.push(expiringIn(HOUR));
    const c = cache();
    const [a, b] = await Promise.all([c.get(), c.get()]);
    expect(a).toBe(b);
    clock += HOUR - 61_000;
    expect(await c.get()).toBe(a);
    expect(keystone.requests).toHaveLength(1);
    expect(issues).toBe(1);
  });

  it("should issue one new token for concurrent callers once the cached one is near its expiry", async () => {
    keystone.queued.push(expiringIn(HOUR), expiringIn(HOUR));
    const c = cache();
    const first = await c.get();
    clock += HOUR - 59_000;
    const [a, b] = await Promise.all([c.get(), c.get()]);
    expect(a).toBe(b);
    expect(a.token).not.toBe(first.token);
    expect(keystone.requests).toHaveLength(2);
    expect(issues).toBe(2);
  });

  it("should give every waiting caller the failure, and not keep it", async () => {
    keystone.queued.push({ status: 403, body: {} });
    const c = cache();
    const both = await Promise.allSettled([c.get(), c.get()]);
    expect(both.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(keystone.requests).toHaveLength(1);
    const t = await c.get();
    expect(t.token).toMatch(/^issued-token-/);
    expect(keystone.requests).toHaveLength(2);
  });

  it("should issue anew after invalidate(), and not let an older failure drop the newer token", async () => {
    const slowFailure = deferred<ScriptedAnswer>();
    keystone.queued.push(slowFailure.promise, expiringIn(HOUR));
    const c = cache();
    const older = c.get();
    await until(() => keystone.requests.length === 1);
    c.invalidate();
    const newer = await c.get();
    slowFailure.resolve({ status: 403, body: {} });
    await expect(older).rejects.toThrow(/did not issue a token/);
    expect(await c.get()).toBe(newer);
    expect(keystone.requests).toHaveLength(2);
    expect(issues).toBe(2);
  });
});

/** Waits for the scripted server to have seen what the test needs, polling the event loop (no timers), a bounded number of turns. */
async function until(condition: () => boolean): Promise<void> {
  for (let turns = 0; !condition(); turns++) {
    if (turns > 100_000) throw new Error("what the test waits for did not happen");
    await new Promise((r) => setImmediate(r));
  }
}
