/**
 * Connecting as Huawei Cloud and Open Telekom Cloud users do (#11), against the local IMS server,
 * which emulates what real Keystone cannot: the AK/SK-signed IAM project lookup, and IMS refusing a
 * signed request whose X-Project-Id is missing or not the key's. Requests are checked as they arrived,
 * and re-signed by Huawei's official SDK (@huaweicloud/huaweicloud-sdk-core).
 */
import { freshClientsPerTest } from "../helpers/localServerHooks";
import { createServer, type Server } from "node:http";
import { officialAuthorization, verifyWithOfficialSdk } from "../helpers/officialSignature";
import { getImage, ImsApiError, ImsAuthError, ImsConfigError, type ConnectionOptions } from "../../sdk";
import { resolveConnection } from "../../provider/connection/settings";
import { ImsClient } from "../../provider/services/imsClient";
import { HOLD_MS } from "../../provider/services/lockout";
import { pageQuery } from "../helpers/pageQuery";
import { DEFAULT_PROJECT } from "../../provider/localServer/catalog";
import { LocalImsServer, type RecordedRequest } from "../../provider/localServer/server";

const AK = "AKLOCALCREDS01";
const SK = "sk/local+secret=01";
const SECURITY_TOKEN = "sts-token/abc+def==";
let server: LocalImsServer;

beforeAll(async () => {
  server = await LocalImsServer.start({
    catalog: { count: 300, seed: 3 },
    auth: {
      accessKeys: { [AK]: SK },
      // Signatures are checked by Huawei's SDK, not by the signer under test.
      verifySignature: verifyWithOfficialSdk,
      projects: [
        { id: DEFAULT_PROJECT, name: "eu-de" },
        { id: "0b0b0b0b0b0b4b0b8b0b0b0b0b0b0b0b", name: "eu-de_other" },
      ],
      users: [{ name: "alice", password: "alice-password-1", domain: "OTC-EU-DE-0001" }],
      tokens: ["static-token-123"],
    },
  });
});
freshClientsPerTest(() => server);

const aksk = (extra: ConnectionOptions = {}): ConnectionOptions => ({
  endpoint: server.url,
  authUrl: `${server.url}/v3`,
  accessKey: AK,
  secretKey: SK,
  ...extra,
});

/** The official SDK's Authorization for a recorded request. */
function officialSignature(r: RecordedRequest): string {
  return officialAuthorization({
    method: r.method,
    host: String(r.headers.host),
    path: r.path,
    query: r.query,
    headers: r.headers,
    accessKey: AK,
    secretKey: SK,
  });
}

describe("AK/SK: the project", () => {
  it("should ask IAM for the project named after the region once, then send its id, signed, on every call", async () => {
    const connection = aksk({ region: "eu-de" });
    await getImage({ anyOwner: true, platform: "Ubuntu" }, { connection });
    await getImage({ anyOwner: true, platform: "CentOS" }, { connection });
    const iam = server.requests.filter((r) => r.path === "/v3/projects");
    expect(iam.map((r) => r.query)).toEqual(["name=eu-de"]);
    expect(iam[0]!.headers["x-project-id"]).toBeUndefined();
    expect(server.imageRequests.length).toBeGreaterThanOrEqual(2);
    for (const r of server.imageRequests) {
      expect(r.headers["x-project-id"]).toBe(DEFAULT_PROJECT);
      expect(String(r.headers.authorization)).toContain("SignedHeaders=host;x-project-id;x-sdk-date,");
    }
  });

  it("should scope by a project name (an Open Telekom Cloud sub-project), and IMS refuses the other project", async () => {
    const e = await getImage(
      { anyOwner: true, platform: "Ubuntu" },
      { connection: aksk({ projectName: "eu-de_other" }) },
    ).catch((x: unknown) => x);
    expect(server.imageRequests[0]!.headers["x-project-id"]).toBe("0b0b0b0b0b0b4b0b8b0b0b0b0b0b0b0b");
    expect(ImsApiError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({ status: 403, imsErrorCode: "IMG.0030" });
  });

  it("should say so when IAM has no project of that name", async () => {
    const e = await getImage(
      { anyOwner: true, platform: "Ubuntu" },
      { connection: aksk({ projectName: "eu-nl" }) },
    ).catch((x: unknown) => x);
    expect(ImsConfigError.isInstance(e)).toBe(true);
    expect((e as Error).message).toMatch(/has no project named "eu-nl" for this access key/);
  });

  it("should send and sign X-Security-Token with temporary keys, as the official SDK signs it", async () => {
    // The local server knows no security tokens; it checks the signature, which covers the header.
    await getImage(
      { anyOwner: true, platform: "Ubuntu" },
      { connection: aksk({ projectId: DEFAULT_PROJECT, securityToken: SECURITY_TOKEN }) },
    ).catch(() => undefined);
    const r = server.imageRequests[0]!;
    expect(r.headers["x-security-token"]).toBe(SECURITY_TOKEN);
    expect(String(r.headers.authorization)).toContain("SignedHeaders=host;x-project-id;x-sdk-date;x-security-token,");
    expect(r.headers.authorization).toBe(officialSignature(r));
  });

  it("should send requests that the official SDK signs identically, the query as encoded on the wire", async () => {
    await getImage(
      {
        anyOwner: true,
        platform: "Red Hat",
        name: "k8s:v1 (test)",
        tags: ["a+b", "c"],
        createdAt: "lt:2026-01-01T08:00:00+08:00",
      },
      { connection: aksk({ projectId: DEFAULT_PROJECT }) },
    ).catch(() => undefined);
    const iamAndIms = server.requests.filter((r) => typeof r.headers.authorization === "string");
    expect(iamAndIms.length).toBeGreaterThan(0);
    for (const r of iamAndIms) expect(r.headers.authorization).toBe(officialSignature(r));
  });

  it("should refuse AK/SK without a project, or without a way to look it up, before any request", () => {
    expect(() =>
      resolveConnection({ options: { endpoint: server.url, accessKey: AK, secretKey: SK }, env: {} }),
    ).toThrow(/AK\/SK signing needs the project/);
    expect(() =>
      resolveConnection({
        options: { endpoint: server.url, accessKey: AK, secretKey: SK, projectName: "eu-de" },
        env: {},
      }),
    ).toThrow(/set projectId, or a region or authUrl/);
  });
});

describe("no account lock-out", () => {
  it("should send no more signed requests after IMS refused the key, until five minutes have passed", async () => {
    let now = Date.parse("2026-12-02T10:00:00Z");
    const connection = resolveConnection({
      options: { endpoint: server.url, accessKey: AK, secretKey: "wrong-secret-0001", projectId: DEFAULT_PROJECT },
      env: {},
    });
    const client = new ImsClient(connection, { now: () => now });
    const first = await client.listPage(pageQuery({ limit: 1 })).catch((x: unknown) => x);
    expect(ImsAuthError.isInstance(first)).toBe(true);
    expect(server.imageRequests).toHaveLength(1);
    // Concurrent and later lookups, also through other clients of the same key and endpoint.
    const other = new ImsClient(connection, { now: () => now });
    const held = await Promise.all(
      [client.listPage(pageQuery({ limit: 2 })), other.listPage(pageQuery({ limit: 3 }))].map((p) =>
        p.catch((x: unknown) => x),
      ),
    );
    for (const e of held) {
      expect(ImsAuthError.isInstance(e)).toBe(true);
      expect((e as Error).message).toMatch(
        /held failed by this process: no request was sent\). What to do: fix the credentials; a retry is safe after 2026-12-02T10:05:00.000Z \(in 300 s\), when a locked access key or user is released/,
      );
    }
    expect(server.imageRequests).toHaveLength(1);
    now += HOLD_MS;
    await client.listPage(pageQuery({ limit: 4 })).catch(() => undefined);
    expect(server.imageRequests).toHaveLength(2);
  });

  it("should hold a refused IAM signature, a refused token and a refused password the same way", async () => {
    const iam = aksk({ secretKey: "wrong-secret-0002", region: "eu-de" });
    for (let i = 0; i < 3; i++)
      await getImage({ anyOwner: true, platform: "Ubuntu" }, { connection: iam }).catch(() => undefined);
    expect(server.requests.filter((r) => r.path === "/v3/projects")).toHaveLength(1);

    const token = { endpoint: server.url, token: "not-a-valid-token-1" };
    for (let i = 0; i < 3; i++)
      await getImage({ anyOwner: true, platform: "Ubuntu" }, { connection: token }).catch(() => undefined);
    expect(server.imageRequests.filter((r) => r.headers["x-auth-token"] === "not-a-valid-token-1")).toHaveLength(1);

    const password = {
      authUrl: `${server.url}/v3`,
      username: "alice",
      password: "wrong-password-1",
      userDomainName: "OTC-EU-DE-0001",
      projectName: "eu-de",
    };
    for (let i = 0; i < 3; i++)
      await getImage({ anyOwner: true, platform: "Ubuntu" }, { connection: password }).catch(() => undefined);
    expect(server.requests.filter((r) => r.path === "/v3/auth/tokens")).toHaveLength(1);
  });
});

describe("password auth: always project-scoped, the image endpoint from the catalog", () => {
  let keystone: Server;
  let keystoneUrl: string;
  let lastBody: any;
  beforeAll(async () => {
    // A Keystone whose catalog lists image endpoints of two regions and an internal one.
    keystone = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        lastBody = JSON.parse(body);
        res.writeHead(201, { "content-type": "application/json", "x-subject-token": "issued-token-catalog-1" });
        res.end(
          JSON.stringify({
            token: {
              expires_at: "2099-01-01T00:00:00Z",
              project: { id: DEFAULT_PROJECT },
              catalog: [
                {
                  type: "compute",
                  endpoints: [{ interface: "public", region: "eu-nl", url: "http://127.0.0.1:9/compute" }],
                },
                {
                  type: "image",
                  endpoints: [
                    { interface: "public", region: "eu-de", url: "http://127.0.0.1:9/wrong-region" },
                    { interface: "internal", region: "eu-nl", url: "http://127.0.0.1:9/internal" },
                    { interface: "public", region: "eu-nl", url: `${server.url}/v2` },
                  ],
                },
              ],
            },
          }),
        );
      });
    });
    await new Promise<void>((r) => keystone.listen(0, "127.0.0.1", () => r()));
    keystoneUrl = `http://127.0.0.1:${(keystone.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((r) => keystone.close(r)));

  it("should scope the token to the region's project, and use the catalog's public image endpoint of the region", async () => {
    // An auth URL without /v3, and a catalog URL ending in /v2: both normalised.
    const c = new ImsClient(
      resolveConnection({
        options: {
          authUrl: keystoneUrl,
          region: "eu-nl",
          username: "alice",
          password: "pw-catalog-1",
          userDomainName: "acme",
        },
        env: {},
      }),
    );
    expect((await c.endpoint()).toString()).toBe(`${server.url}/`);
    expect(lastBody.auth.scope).toEqual({ project: { name: "eu-nl", domain: { name: "acme" } } });
    expect(lastBody.auth.identity.password.user).toEqual({
      name: "alice",
      password: "pw-catalog-1",
      domain: { name: "acme" },
    });
  });

  it("should ask for a region when the catalog has image endpoints in several", async () => {
    const c = new ImsClient(
      resolveConnection({
        options: { authUrl: `${keystoneUrl}/v3`, username: "alice", password: "pw-catalog-1", projectName: "p" },
        env: {},
      }),
    );
    await expect(c.endpoint()).rejects.toThrow(/image" endpoints in several regions \(eu-de, eu-nl\); set region/);
  });

  it("should refuse password auth on Huawei Cloud or Open Telekom Cloud without the account's domain, before any request", () => {
    expect(() =>
      resolveConnection({ options: { region: "eu-de", username: "alice", password: "pw-1" }, env: {} }),
    ).toThrow(/password authentication on Open Telekom Cloud needs the account \(domain\) name/);
    expect(() =>
      resolveConnection({ options: { region: "ap-southeast-1", username: "alice", password: "pw-1" }, env: {} }),
    ).toThrow(/on Huawei Cloud needs the account/);
    // OS_DEFAULT_DOMAIN and OS_PROJECT_DOMAIN_NAME count, and a private Keystone keeps "Default".
    expect(
      resolveConnection({
        options: {},
        env: { OS_REGION_NAME: "eu-de", OS_USERNAME: "a", OS_PASSWORD: "pw-1", OS_DEFAULT_DOMAIN: "OTC-1" },
      }).auth,
    ).toMatchObject({ userDomainName: "OTC-1", projectDomainName: "OTC-1", projectName: "eu-de" });
    expect(
      resolveConnection({
        options: {},
        env: { OS_REGION_NAME: "eu-de", OS_USERNAME: "a", OS_PASSWORD: "pw-1", OS_PROJECT_DOMAIN_NAME: "OTC-2" },
      }).auth,
    ).toMatchObject({ userDomainName: "OTC-2" });
    expect(
      resolveConnection({
        options: { authUrl: "http://127.0.0.1:5000/v3", username: "a", password: "pw-1", projectName: "demo" },
        env: {},
      }).auth,
    ).toMatchObject({ kind: "password", userDomainName: undefined });
  });
});
