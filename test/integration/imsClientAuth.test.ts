/**
 * The IMS client's side of authentication (provider/services/imsClient.ts with authenticator.ts):
 * the endpoint found in a Keystone catalog as openstacksdk finds it (the public "image" endpoint of
 * the region), and what IMS refusing the credentials says for each kind of credential. One scripted
 * server on 127.0.0.1 plays Keystone (POST /v3/auth/tokens) and IMS (GET /v2/images).
 */
import { ImsClient, type ImsConnection } from "../../provider/services/imsClient";
import { forgetProjectIds } from "../../provider/services/iamProjects";
import type { AuthSettings } from "../../provider/services/authenticator";
import { releaseAll } from "../../provider/services/lockout";
import { ImsAuthError, ImsConfigError } from "../../provider/core/errors";
import { closeAllPools } from "../../provider/transport/http";
import { pageQuery } from "../helpers/pageQuery";
import { startScriptedServer, type ScriptedAnswer, type ScriptedServer } from "../helpers/scriptedServer";

type CatalogEntry = { interface?: string; region_id?: string; url: string };
let server: ScriptedServer;
let catalog: CatalogEntry[];
let imsAnswers: ScriptedAnswer[];

beforeAll(async () => {
  server = await startScriptedServer((r) => {
    if (r.url === "/v3/auth/tokens")
      return {
        status: 201,
        headers: { "x-subject-token": `token-${server.requests.length}-abcdef` },
        body: { token: { catalog: [{ type: "image", endpoints: catalog }] } },
      };
    return imsAnswers.shift() ?? { status: 200, body: { images: [] } };
  });
});
afterAll(async () => {
  await server.close();
  await closeAllPools();
});
beforeEach(() => {
  catalog = [];
  imsAnswers = [];
  server.reset();
  releaseAll();
  forgetProjectIds();
});

/** A password client of the scripted Keystone, with `connection` over it. */
const client = (connection: Partial<ImsConnection> = {}): ImsClient =>
  new ImsClient(
    {
      api: "native",
      auth: {
        kind: "password",
        authUrl: `${server.url}/v3`,
        username: "alice",
        password: "ims-client-auth-pw-1",
        projectName: "eu-de",
      },
      ...connection,
    },
    { retry: { maxAttempts: 1 } },
  );
const tokenRequests = (): number => server.requests.filter((r) => r.url === "/v3/auth/tokens").length;

describe("the endpoint from the catalog", () => {
  it("should take the region's public image endpoint (its /v2 dropped), once for all calls", async () => {
    catalog = [
      { interface: "public", region_id: "eu-nl", url: "http://other-region/v2" },
      { interface: "public", region_id: "eu-de", url: "http://ims.eu-de.example/v2" },
      { interface: "public", region_id: "eu-de", url: "http://ims.eu-de.example/v2/" },
    ];
    const c = client({ region: "eu-de" });
    const [a, b] = await Promise.all([c.endpoint(), c.endpoint()]);
    expect(a.toString()).toBe("http://ims.eu-de.example/");
    expect(b).toBe(a);
    expect(tokenRequests()).toBe(1);
  });

  it("should take the only image endpoint when no region is set", async () => {
    catalog = [{ region_id: "eu-de", url: "http://ims.example/v2" }];
    expect((await client().endpoint()).toString()).toBe("http://ims.example/");
  });

  it("should fall back to the region's own host when the catalog has none for the region", async () => {
    catalog = [{ interface: "public", region_id: "eu-nl", url: "http://other-region" }];
    const c = client({ region: "eu-de", fallbackEndpoint: "https://ims.eu-de.otc.t-systems.com" });
    expect((await c.endpoint()).toString()).toBe("https://ims.eu-de.otc.t-systems.com/");
  });

  it("should not fall back when the catalog has several endpoints for the region", async () => {
    catalog = [
      { region_id: "eu-de", url: "http://ims-a.example" },
      { region_id: "eu-de", url: "http://ims-b.example" },
    ];
    const c = client({ region: "eu-de", fallbackEndpoint: "https://ims.eu-de.otc.t-systems.com" });
    await expect(c.endpoint()).rejects.toThrow(
      /^the token's catalog has public "image" endpoints in several regions \(eu-de\); set region \(OS_REGION_NAME, ims:region\) or endpoint/,
    );
  });

  it.each<[string, CatalogEntry[], string | undefined, string]>([
    [
      "no image endpoint in the region, naming the regions it has",
      [{ region_id: "eu-nl", url: "http://nl" }, { url: "http://nowhere" }, { region_id: "eu-nl", url: "http://nl-2" }],
      "eu-de",
      `no IMS endpoint: none configured, and the token's catalog has no public "image" endpoint in region eu-de (it has eu-nl, (no region)); set endpoint (IMS_ENDPOINT, ims:endpoint) or region`,
    ],
    [
      "no image endpoint at all",
      [],
      undefined,
      `no IMS endpoint: none configured, and the token's catalog has no public "image" endpoint (it has none); set endpoint (IMS_ENDPOINT, ims:endpoint) or region`,
    ],
    [
      "endpoints in several regions and none set",
      [{ region_id: "eu-de", url: "http://de" }, { url: "http://nowhere" }, { region_id: "eu-nl", url: "http://nl" }],
      undefined,
      `the token's catalog has public "image" endpoints in several regions (eu-de, (no region), eu-nl); set region (OS_REGION_NAME, ims:region) or endpoint`,
    ],
  ])("should refuse %s", async (_, entries, region, problem) => {
    catalog = entries;
    const e = (await client({ region })
      .endpoint()
      .catch((x: unknown) => x)) as ImsConfigError;
    expect(ImsConfigError.isInstance(e)).toBe(true);
    expect(e.problem).toBe(problem);
  });

  it("should refuse, before any request, to look for an endpoint without a catalog to look in", async () => {
    const c = client({ auth: { kind: "token", token: "ims-client-auth-token-1" }, fallbackEndpoint: "http://x" });
    const e = (await c.endpoint().catch((x: unknown) => x)) as ImsConfigError;
    expect(ImsConfigError.isInstance(e)).toBe(true);
    expect(e.problem).toBe("no IMS endpoint, and token auth has no catalog to find one in; set endpoint");
    expect(server.requests).toHaveLength(0);
  });

  it("should use a configured endpoint without asking Keystone", async () => {
    const c = client({ endpoint: "http://configured.example/" });
    expect((await c.endpoint()).toString()).toBe("http://configured.example/");
    expect(tokenRequests()).toBe(0);
  });
});

describe("IMS refusing the credentials", () => {
  const refused: ScriptedAnswer = {
    status: 401,
    headers: { "x-openstack-request-id": "req-ims-401" },
    body: { error: { code: "IMG.0003", message: "Authentication required" } },
  };

  it.each<[string, AuthSettings, string]>([
    [
      "a given token",
      { kind: "token", token: "given-token-0001" },
      "the token is invalid or expired; get a new one (IMS_TOKEN, HW_AUTH_TOKEN, OS_AUTH_TOKEN or ims:token)",
    ],
    [
      "AK/SK",
      { kind: "aksk", accessKey: "AKREFUSED0001", secretKey: "sk-refused-0001", projectId: "p-1" },
      "check the access key and secret key, the project id, and that the machine's clock is right (signatures expire)",
    ],
  ])("should say what to check for %s, after one request", async (_, auth, hint) => {
    imsAnswers.push(refused);
    const c = client({ endpoint: server.url, auth });
    const e = (await c.listPage(pageQuery({ limit: 1 })).catch((x: unknown) => x)) as ImsAuthError;
    expect(ImsAuthError.isInstance(e)).toBe(true);
    expect(e.problem).toMatch(
      /^IMS refused the credentials: Authentication required \(HTTP 401, error code IMG\.0003, request id req-ims-401\) at /,
    );
    expect(e.hint).toBe(hint);
    expect(server.requests).toHaveLength(1);
  });

  it("should get a new Keystone token once, and say the new one was refused too", async () => {
    catalog = [{ url: server.url }];
    imsAnswers.push(refused, refused);
    const c = client();
    const e = (await c.listPage(pageQuery({ limit: 1 })).catch((x: unknown) => x)) as ImsAuthError;
    expect(ImsAuthError.isInstance(e)).toBe(true);
    expect(e.hint).toBe("the new token was refused too; check that the user has a role in the project");
    expect(server.requests.map((r) => `${r.method} ${r.url.split("?")[0]!}`)).toEqual([
      "POST /v3/auth/tokens",
      "GET /v2/images",
      "POST /v3/auth/tokens",
      "GET /v2/images",
    ]);
    expect(c.stats.tokens).toBe(2);
    // The password is held failed now: the next call sends nothing.
    const held = await c.listPage(pageQuery({ limit: 2 })).catch((x: unknown) => x);
    expect((held as Error).message).toMatch(/held failed by this process: no request was sent/);
    expect(server.requests).toHaveLength(4);
  });

  it("should send a request without credentials once, and say how to give some", async () => {
    imsAnswers.push(refused);
    const c = client({ endpoint: server.url, auth: { kind: "none" } });
    const e = (await c.listPage(pageQuery({ limit: 1 })).catch((x: unknown) => x)) as ImsAuthError;
    expect(e.hint).toMatch(/^no credentials were sent; set a token/);
    expect(server.requests).toHaveLength(1);
    // Nothing to hold: the next call is sent.
    await c.listPage(pageQuery({ limit: 2 }));
    expect(server.requests).toHaveLength(2);
  });
});

describe("AK/SK: the project sent as X-Project-Id", () => {
  const keys = { kind: "aksk", accessKey: "AKPROJECT00001", secretKey: "sk-project-00001" } as const;
  const projectHeaders = () => server.requests.filter((r) => r.method === "GET").map((r) => r.headers["x-project-id"]);

  it("should look the project's id up by name at IAM once, then send it on every call", async () => {
    imsAnswers.push({ status: 200, body: { projects: [{ id: "p-from-iam", name: "eu-de" }] } });
    const c = client({ endpoint: server.url, auth: { ...keys, projectName: "eu-de", iamUrl: `${server.url}/v3` } });
    await c.listPage(pageQuery({ limit: 1 }));
    await c.listPage(pageQuery({ limit: 2 }));
    expect(server.requests.map((r) => r.url.split("?")[0])).toEqual(["/v3/projects", "/v2/images", "/v2/images"]);
    expect(projectHeaders()).toEqual([undefined, "p-from-iam", "p-from-iam"]);
  });

  it.each<[string, Partial<AuthSettings & { kind: "aksk" }>, string | undefined]>([
    [
      "a given id, over a name",
      { projectId: "p-given", projectName: "eu-de", iamUrl: "http://127.0.0.1:9/v3" },
      "p-given",
    ],
    ["no project", {}, undefined],
    ["a name without an IAM to ask", { projectName: "eu-de" }, undefined],
    ["an IAM but no name to ask it for", { iamUrl: "http://127.0.0.1:9/v3" }, undefined],
  ])("should ask IAM nothing with %s", async (_, project, header) => {
    const c = client({ endpoint: server.url, auth: { ...keys, ...project } as AuthSettings });
    await c.listPage(pageQuery({ limit: 1 }));
    expect(server.requests.map((r) => r.url.split("?")[0])).toEqual(["/v2/images"]);
    expect(projectHeaders()).toEqual([header]);
  });
});
