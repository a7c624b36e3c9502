/**
 * The project id behind a project name for AK/SK (provider/services/iamProjects.ts), against a scripted
 * IAM on 127.0.0.1: GET {iam}/projects?name=, signed as Huawei's official SDK signs it
 * (@huaweicloud/huaweicloud-sdk-core), and each answer IAM gives: one project, none, several, a
 * refused signature (held, as IAM locks a key after repeated failures), other failures, a body that is
 * not a project list. credentials.test.ts runs the same lookup through getImage against the local server.
 */
import { forgetProjectIds, MAX_KEPT, projectIdFor, signedHeaders } from "../../provider/services/iamProjects";
import { HOLD_MS, releaseAll } from "../../provider/services/lockout";
import {
  ImsApiError,
  ImsAuthError,
  ImsBadResponseError,
  ImsConfigError,
  ImsRetryExhaustedError,
} from "../../provider/core/errors";
import { closeAllPools, type TransportOptions } from "../../provider/transport/http";
import { officialAuthorization } from "../helpers/officialSignature";
import {
  deferred,
  startScriptedServer,
  type ScriptedAnswer,
  type ScriptedServer,
  type SeenRequest,
} from "../helpers/scriptedServer";
import { failure } from "../helpers/failure";

const KEYS = { accessKey: "AKIAMPROJECTS01", secretKey: "iam/projects+secret=1" };
const PROJECT = { id: "0a1b0000000000000000000000000001", name: "eu-de" };
let iam: ScriptedServer;

const projects = (...list: Array<{ id: string; name: string }>): ScriptedAnswer => ({
  status: 200,
  body: { projects: list.map((p) => ({ ...p, domain_id: "d-1", enabled: true })), links: {} },
});

beforeAll(async () => {
  // Unless a test says otherwise, IAM knows the project asked for, under PROJECT's id.
  iam = await startScriptedServer((r) =>
    projects({ id: PROJECT.id, name: new URL(r.url, iam.url).searchParams.get("name")! }),
  );
});
afterAll(async () => {
  await iam.close();
  await closeAllPools();
});
beforeEach(() => {
  iam.reset();
  forgetProjectIds();
  releaseAll();
});

const NO_RETRY: TransportOptions = { retry: { maxAttempts: 1 } };
const iamUrl = (): string => `${iam.url}/v3`;

/** The Authorization Huawei's SDK computes for the request as it arrived. */
function officialFor(r: SeenRequest, secretKey = KEYS.secretKey): string {
  const [path, query = ""] = r.url.split("?") as [string, string?];
  return officialAuthorization({
    method: r.method,
    host: String(r.headers.host),
    path,
    query,
    headers: r.headers,
    accessKey: KEYS.accessKey,
    secretKey,
  });
}

describe("the lookup", () => {
  it("should GET {iam}/projects?name=, signed as the official SDK signs it, without X-Project-Id", async () => {
    expect(await projectIdFor(`${iamUrl()}//`, "eu-de", KEYS, NO_RETRY)).toBe(PROJECT.id);
    const [sent] = iam.requests;
    expect(sent).toMatchObject({ method: "GET", url: "/v3/projects?name=eu-de" });
    expect(sent!.headers["x-project-id"]).toBeUndefined();
    expect(String(sent!.headers.authorization)).toMatch(/^SDK-HMAC-SHA256 Access=AKIAMPROJECTS01, SignedHeaders=/);
    expect(sent!.headers.authorization).toBe(officialFor(sent!));
  });

  it("should sign X-Security-Token with temporary keys", async () => {
    await projectIdFor(iamUrl(), "eu-de", { ...KEYS, securityToken: "sts/token+1==" }, NO_RETRY);
    const [sent] = iam.requests;
    expect(sent!.headers["x-security-token"]).toBe("sts/token+1==");
    expect(String(sent!.headers.authorization)).toContain("SignedHeaders=host;x-sdk-date;x-security-token,");
    expect(sent!.headers.authorization).toBe(officialFor(sent!));
  });

  it("should take the project whose name is exactly the one asked, among others IAM lists", async () => {
    iam.queued.push(projects({ id: "other-1", name: "eu-de_dev" }, PROJECT, { id: "other-2", name: "EU-DE" }));
    expect(await projectIdFor(iamUrl(), "eu-de", KEYS, NO_RETRY)).toBe(PROJECT.id);
  });

  it.each<[string, ScriptedAnswer, RegExp, RegExp]>([
    [
      "no project of that name",
      projects({ id: "other-1", name: "eu-de_dev" }),
      /^IAM at http:\/\/127\.0\.0\.1:\d+\/v3 has no project named "eu-de" for this access key$/,
      /^set projectId, or projectName to a project of the account \(the default project of a region is named after it/,
    ],
    [
      "two projects of that name",
      projects(PROJECT, { id: "other-1", name: "eu-de" }),
      /^IAM at http:\/\/127\.0\.0\.1:\d+\/v3 has 2 projects named "eu-de"$/,
      /^set projectId$/,
    ],
  ])("should refuse %s, saying what to set", async (_, answer, problem, hint) => {
    iam.queued.push(answer);
    const e = (await failure(projectIdFor(iamUrl(), "eu-de", KEYS, NO_RETRY))) as ImsConfigError;
    expect(ImsConfigError.isInstance(e)).toBe(true);
    expect(e.problem).toMatch(problem);
    expect(e.hint).toMatch(hint);
  });

  it.each<[string, ScriptedAnswer]>([
    ["a body that is not JSON", { status: 200, headers: { "x-request-id": "req-bad-1" }, body: "<html/>" }],
    ["a body without projects", { status: 200, headers: { "x-request-id": "req-bad-1" }, body: { project: {} } }],
  ])("should refuse %s as a bad response", async (_, answer) => {
    iam.queued.push(answer);
    const e = await failure(projectIdFor(iamUrl(), "eu-de", KEYS, NO_RETRY));
    expect(ImsBadResponseError.isInstance(e)).toBe(true);
    expect(e.message).toMatch(
      /^unexpected response from http:\/\/127\.0\.0\.1:\d+\/v3\/projects\?name=eu-de \(request id req-bad-1\): the body is not an IAM project list$/,
    );
  });
});

describe("IAM refusing", () => {
  const refused: ScriptedAnswer = {
    status: 401,
    headers: { "x-request-id": "req-iam-401" },
    body: { error_code: "APIGW.0301", error_msg: "Incorrect IAM authentication information", request_id: "body-id" },
  };

  it("should name a refused signature with IAM's code, words and request id, and hold the key", async () => {
    iam.queued.push(refused);
    const e = (await failure(projectIdFor(iamUrl(), "eu-de", KEYS, NO_RETRY))) as ImsAuthError;
    expect(ImsAuthError.isInstance(e)).toBe(true);
    expect(e.problem).toMatch(
      /^IAM refused the access key and signature: Incorrect IAM authentication information \(HTTP 401, error code APIGW\.0301, request id req-iam-401\) at http:\/\/127\.0\.0\.1:\d+\/v3\/projects\?name=eu-de$/,
    );
    expect(e).toMatchObject({ status: 401, imsErrorCode: "APIGW.0301", requestId: "req-iam-401" });
    expect(e.hint).toBe(
      "check the access key and secret key (HW_ACCESS_KEY, HW_SECRET_KEY), the security token of temporary keys, and this machine's clock",
    );
    // Held for this key at this IAM, whatever the name: no more signed requests.
    const again = await failure(projectIdFor(iamUrl(), "eu-nl", KEYS, NO_RETRY));
    expect(again.message).toMatch(/^IAM refused the access key.*\(held failed by this process: no request was sent\)/);
    expect(iam.requests).toHaveLength(1);
  });

  it("should hold only that key, and only for the hold time", async () => {
    let clock = 5_000_000;
    const transport = { ...NO_RETRY, now: () => clock };
    iam.queued.push(refused);
    await failure(projectIdFor(iamUrl(), "eu-de", KEYS, transport));
    await projectIdFor(iamUrl(), "eu-de", { ...KEYS, accessKey: "AKOTHERKEY0001" }, transport);
    expect(iam.requests).toHaveLength(2);
    clock += HOLD_MS - 1;
    await failure(projectIdFor(iamUrl(), "eu-de", KEYS, transport));
    expect(iam.requests).toHaveLength(2);
    clock += 1;
    expect(await projectIdFor(iamUrl(), "eu-de", KEYS, transport)).toBe(PROJECT.id);
    expect(iam.requests).toHaveLength(3);
  });

  it("should take the request id from the body when IAM sends no header", async () => {
    iam.queued.push({ ...refused, headers: {} });
    expect(await failure(projectIdFor(iamUrl(), "eu-de", KEYS, NO_RETRY))).toMatchObject({ requestId: "body-id" });
  });

  it("should name another failure as IAM's, with its code and request id, and not hold the key", async () => {
    iam.queued.push({
      status: 403,
      headers: { "x-openstack-request-id": "req-iam-403" },
      body: { error: { code: "IAM.0002", message: "You have no right to do this" } },
    });
    const e = (await failure(projectIdFor(iamUrl(), "eu-de", KEYS, NO_RETRY))) as ImsApiError;
    expect(ImsApiError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({ status: 403, imsErrorCode: "IAM.0002", requestId: "req-iam-403" });
    expect(e.problem).toMatch(
      /^IAM request failed \(HTTP 403.*\) for GET http:\/\/127\.0\.0\.1:\d+\/v3\/projects\?name=eu-de: You have no right/,
    );
    expect(await projectIdFor(iamUrl(), "eu-de", KEYS, NO_RETRY)).toBe(PROJECT.id);
  });

  it("should name a 503 after retries as IAM's", async () => {
    iam.queued.push({ status: 503, body: { error_code: "IAM.0500", error_msg: "busy", request_id: "req-503" } });
    const e = await failure(projectIdFor(iamUrl(), "eu-de", KEYS, NO_RETRY));
    expect(ImsRetryExhaustedError.isInstance(e)).toBe(true);
    const cause = (e as Error & { cause: ImsApiError }).cause;
    expect(cause).toMatchObject({ status: 503, imsErrorCode: "IAM.0500", requestId: "req-503" });
    expect(cause.message).toMatch(/^IAM request failed \(HTTP 503.*\) for GET /);
    // The advice names the service that failed, not IMS.
    expect((e as ImsRetryExhaustedError).hint).toMatch(/^IAM or the network is failing/);
  });
});

describe("one lookup per IAM, key and name", () => {
  it("should share a pending lookup and keep its answer", async () => {
    const slow = deferred<ScriptedAnswer>();
    iam.queued.push(slow.promise);
    const both = Promise.all([
      projectIdFor(iamUrl(), "eu-de", KEYS, NO_RETRY),
      projectIdFor(iamUrl(), "eu-de", KEYS, NO_RETRY),
    ]);
    slow.resolve(projects(PROJECT));
    expect(await both).toEqual([PROJECT.id, PROJECT.id]);
    expect(await projectIdFor(iamUrl(), "eu-de", KEYS, NO_RETRY)).toBe(PROJECT.id);
    expect(iam.requests).toHaveLength(1);
    // Another name, key or IAM is another lookup.
    iam.queued.push(projects({ id: "nl-1", name: "eu-nl" }));
    expect(await projectIdFor(iamUrl(), "eu-nl", KEYS, NO_RETRY)).toBe("nl-1");
    await projectIdFor(iamUrl(), "eu-de", { ...KEYS, accessKey: "AKOTHERKEY0002" }, NO_RETRY);
    await projectIdFor(`${iam.url}/iam/v3`, "eu-de", KEYS, NO_RETRY);
    expect(iam.requests).toHaveLength(4);
  });

  it(`should keep at most ${MAX_KEPT} names, dropping the one asked longest ago`, async () => {
    for (let i = 0; i <= MAX_KEPT; i++) await projectIdFor(iamUrl(), `p${i}`, KEYS, NO_RETRY);
    expect(iam.requests).toHaveLength(MAX_KEPT + 1);
    await projectIdFor(iamUrl(), "p1", KEYS, NO_RETRY);
    expect(iam.requests).toHaveLength(MAX_KEPT + 1);
    await projectIdFor(iamUrl(), "p0", KEYS, NO_RETRY);
    expect(iam.requests).toHaveLength(MAX_KEPT + 2);
  });

  it("should not keep a failure", async () => {
    iam.queued.push(projects());
    await failure(projectIdFor(iamUrl(), "eu-de", KEYS, NO_RETRY));
    expect(await projectIdFor(iamUrl(), "eu-de", KEYS, NO_RETRY)).toBe(PROJECT.id);
    expect(iam.requests).toHaveLength(2);
  });
});

describe("signedHeaders()", () => {
  const request = { method: "GET", origin: "https://ims.example", path: "/v2/images", query: [] as const };
  it("should send X-Project-Id, signed, only with a project", () => {
    const now = new Date("2026-12-06T10:00:00Z");
    const withProject = signedHeaders(request, KEYS, "p-1", now);
    expect(withProject).toMatchObject({ "x-project-id": "p-1", host: "ims.example", "x-sdk-date": "20261206T100000Z" });
    expect(withProject.authorization).toContain("SignedHeaders=host;x-project-id;x-sdk-date,");
    const without = signedHeaders(request, KEYS, undefined, now);
    expect(Object.keys(without).sort()).toEqual(["authorization", "host", "x-sdk-date"]);
    expect(without.authorization).toContain("SignedHeaders=host;x-sdk-date,");
  });
});
