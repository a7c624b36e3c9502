/**
 * The IMS client against the local IMS server on 127.0.0.1: round trips,
 * paging, retries and their bounds, every error path, and secrets.
 */
import { createServer } from "node:http";
import { ImsClient } from "../../provider/services/imsClient";
import { closeAllPools, isUnknownHost, type TransportOptions } from "../../provider/transport/http";
import { imagePages } from "../../provider/services/imagePages";
import { pageQuery } from "../helpers/pageQuery";
import { verifyWithOfficialSdk } from "../helpers/officialSignature";
import type { GetImagesArgsInput } from "../../provider/lookup/args";
import {
  ImsApiError,
  ImsAuthError,
  ImsBadResponseError,
  ImsError,
  ImsNotFoundError,
  ImsRetryExhaustedError,
} from "../../provider/core/errors";
import type { ConnectionOptions } from "../../provider/core/connectionOptions";
import { resolveConnection } from "../../provider/connection/settings";
import { DEFAULT_PROJECT, makeImage } from "../../provider/localServer/catalog";
import { storedOrder } from "../helpers/storedOrder";
import { LocalImsServer } from "../../provider/localServer/server";

const TOKEN = "local-token-0123456789";
const SECRET_KEY = "sk-secret-value-9876543210";
const PASSWORD = "pass-word-secret-42";
const SECRETS = [TOKEN, SECRET_KEY, PASSWORD];

let server: LocalImsServer;
const thrown: unknown[] = [];

beforeAll(async () => {
  server = await LocalImsServer.start({
    catalog: { count: 600, seed: 7 },
    auth: {
      tokens: [TOKEN],
      accessKeys: { AKLOCAL: SECRET_KEY },
      verifySignature: verifyWithOfficialSdk,
      users: [{ name: "alice", password: PASSWORD, domain: "Default" }],
    },
  });
});
afterAll(async () => {
  await server.close();
  await closeAllPools();
});
beforeEach(() => {
  server.resetRequests();
  server.clearFaults();
});
// Every error a test provoked (through failure()) is scanned for secrets, so each test checks it alone.
afterEach(() => {
  const errors = thrown.splice(0);
  for (const e of errors) {
    const text = `${(e as Error).message} ${JSON.stringify(e)} ${String((e as Error).cause)}`;
    for (const s of SECRETS) expect(text).not.toContain(s);
  }
});

/** Delays the client asked to sleep, instead of sleeping. */
let slept: number[] = [];
function client(options: ConnectionOptions = {}, transport: TransportOptions = {}): ImsClient {
  slept = [];
  return new ImsClient(resolveConnection({ options: { endpoint: server.url, token: TOKEN, ...options }, env: {} }), {
    sleep: async (ms) => {
      slept.push(ms);
    },
    random: () => 1,
    ...transport,
  });
}

async function collect(c: ImsClient, query: GetImagesArgsInput): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let pages = 0;
  for await (const page of imagePages(c, pageQuery(query))) {
    pages++;
    ids.push(...page.images.map((i) => i.id));
  }
  return { ids, pages };
}

async function failure(promise: Promise<unknown>): Promise<ImsError> {
  try {
    await promise;
  } catch (e) {
    thrown.push(e);
    if (!ImsError.isInstance(e)) throw e;
    return e;
  }
  throw new Error("expected a failure");
}

function expected(filter: (j: Record<string, unknown>) => boolean): string[] {
  return (
    server.catalog
      .filter(
        (i) =>
          i.json.visibility === "public" ||
          i.json.owner === "c53c1b3f1a6a4a8e9d6bd9b7d3a8b5e1" ||
          i.memberStatus === "accepted",
      )
      // What pageQuery sends unless told otherwise: active ECS system-disk images.
      .filter((i) => i.json.status === "active" && i.json.virtual_env_type === "FusionCompute" && filter(i.json))
      .sort(storedOrder)
      .map((i) => i.json.id as string)
  );
}

describe("paging", () => {
  it("should send exactly the query it was given, once", async () => {
    const c = client();
    const page = await c.listPage(
      pageQuery({ platform: "Ubuntu", imageType: "gold", sortKey: "created_at", sortDir: "desc", limit: 1 }),
    );
    expect(page.images).toHaveLength(1);
    expect(server.imageRequests.map((r) => r.query)).toEqual([
      "__imagetype=gold&status=active&__platform=Ubuntu&virtual_env_type=FusionCompute&sort_key=created_at&sort_dir=desc&limit=1",
    ]);
    expect(c.stats.requests).toBe(1);
  });

  it("should walk every page by marker and return every match once", async () => {
    const c = client();
    const { ids, pages } = await collect(c, { platform: "CentOS", limit: 10 });
    const want = expected((j) => j.__platform === "CentOS");
    expect(ids).toEqual(want);
    expect(pages).toBe(Math.floor(want.length / 10) + 1);
    expect(server.imageRequests).toHaveLength(pages);
  });

  it("should keep repeated parameters on every page although next drops them", async () => {
    // The plan sends one tag, but the client must not depend on it: a page query as the client takes it.
    const ids: string[] = [];
    const query = {
      filters: [
        ["status", "active"],
        ["virtual_env_type", "FusionCompute"],
        ["tag", "x86"],
        ["tag", "team-1"],
      ] as const,
      limit: 3,
    };
    for await (const page of imagePages(client(), query)) ids.push(...page.images.map((i) => i.id));
    expect(ids).toEqual(
      expected((j) => (j.tags as string[]).includes("x86") && (j.tags as string[]).includes("team-1")),
    );
    expect(ids.length).toBeGreaterThan(6);
    for (const r of server.imageRequests)
      expect(r.query).toMatch(/^status=active&virtual_env_type=FusionCompute&tag=x86&tag=team-1&limit=3/);
  });

  it("should stop fetching when the consumer breaks", async () => {
    const c = client();
    for await (const page of imagePages(c, pageQuery({ limit: 5 }))) {
      expect(page.images).toHaveLength(5);
      break;
    }
    expect(server.imageRequests).toHaveLength(1);
  });

  it("should end on the empty page that follows an exactly full last page", async () => {
    const want = expected((j) => j.__platform === "Fedora");
    const { ids, pages } = await collect(client(), { platform: "Fedora", limit: want.length });
    expect(ids).toEqual(want);
    expect(pages).toBe(2);
  });

  it("should never fetch the same page twice, also for concurrent callers", async () => {
    const c = client();
    const q = pageQuery({ platform: "Debian", limit: 2 });
    await Promise.all(Array.from({ length: 100 }, () => c.listPage(q)));
    await c.listPage(q);
    expect(server.imageRequests).toHaveLength(1);
    expect(c.stats.pageCacheHits).toBe(100);
  });

  it("should refuse a next link that loops", async () => {
    server.injectFault({ kind: "nextLoop" }, { times: 2 });
    const e = await failure(collect(client(), { limit: 5 }));
    expect(ImsBadResponseError.isInstance(e)).toBe(true);
    expect(e.message).toMatch(/repeats marker .*paging in a loop/);
    expect(server.imageRequests).toHaveLength(2);
  });

  it("should refuse a next link to another origin without following it", async () => {
    server.injectFault({ kind: "foreignNext" });
    const e = await failure(collect(client(), { limit: 5 }));
    expect(e.message).toMatch(/next link points to another origin \(http:\/\/foreign\.invalid\); it was not followed/);
    expect(server.imageRequests).toHaveLength(1);
  });
});

describe("GET /v2/images/{id}", () => {
  it("should return the image", async () => {
    const id = server.catalog[10]!.json.id as string;
    expect((await client().imageDetails(id)).id).toBe(id);
    expect(server.imageRequests.map((r) => r.path)).toEqual([`/v2/images/${id}`]);
  });
  it("should map 404 to ImsNotFoundError with the request id", async () => {
    const e = await failure(client().imageDetails("00000000-0000-4000-8000-000000000000"));
    expect(ImsNotFoundError.isInstance(e)).toBe(true);
    expect((e as ImsNotFoundError).requestId).toMatch(/^req-/);
    expect(e.message).toMatch(/image 00000000-0000-4000-8000-000000000000 was not found \(HTTP 404, request id req-/);
  });

  it("should send no query", async () => {
    await client().imageDetails(server.catalog[10]!.json.id as string);
    expect(server.imageRequests.map((r) => r.query)).toEqual([""]);
  });

  it("should map another failure to ImsApiError, not read its body as an image", async () => {
    server.injectFault({ kind: "status", status: 403 });
    const e = await failure(client().imageDetails(server.catalog[10]!.json.id as string));
    expect(ImsApiError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({ status: 403 });
  });

  it("should refuse a body that is not an image, saying what was expected", async () => {
    server.injectFault({ kind: "invalid" });
    const e = await failure(client().imageDetails(server.catalog[10]!.json.id as string));
    expect(ImsBadResponseError.isInstance(e)).toBe(true);
    expect(e.message).toMatch(/: the body is not an image: /);
  });

  it("should quote at most 80 characters of a body that is not JSON", async () => {
    const page = `<html>${"x".repeat(200)}</html>`;
    server.injectFault({ kind: "status", status: 200, body: page });
    const e = await failure(client().imageDetails(server.catalog[10]!.json.id as string));
    expect(e.message).toContain(`the body is not JSON (expected an image; got ${JSON.stringify(page.slice(0, 80))})`);
  });
});

describe("retries", () => {
  it("should retry 500/502/503/504 and succeed", async () => {
    for (const status of [500, 502, 503, 504]) server.injectFault({ kind: "status", status });
    const c = client({}, { random: () => 0.5 });
    await c.listPage(pageQuery({ limit: 1 }));
    expect(server.imageRequests).toHaveLength(5);
    expect(c.stats.requests).toBe(5);
    expect(slept).toEqual([125, 250, 500, 1000]);
  });

  it("should honour Retry-After on 429", async () => {
    server.injectFault({ kind: "status", status: 429, retryAfter: "3" });
    await client().listPage(pageQuery({ limit: 1 }));
    expect(slept).toEqual([3000]);
    expect(server.imageRequests).toHaveLength(2);
  });

  it("should stop after maxAttempts with the last failure", async () => {
    server.injectFault({ kind: "status", status: 503 }, { times: 100 });
    const e = await failure(client({ retry: { maxAttempts: 3 } }).listPage(pageQuery({ limit: 1 })));
    expect(ImsRetryExhaustedError.isInstance(e)).toBe(true);
    expect((e as ImsRetryExhaustedError).attempts).toBe(3);
    expect(ImsApiError.isInstance((e as Error).cause)).toBe(true);
    expect(e.message).toMatch(
      /failed after 3 attempt\(s\) .* last failure: IMS request failed \(HTTP 503, error code IMG.0503, request id req-/,
    );
    expect(server.imageRequests).toHaveLength(3);
  });

  it("should name IAM/Keystone, POST and one hint when token requests keep failing", async () => {
    server.injectFault({ kind: "status", status: 503, retryAfter: "2" }, { times: 100, path: /\/v3\/auth\/tokens/ });
    const c = client({
      endpoint: undefined,
      authUrl: `${server.url}/v3`,
      username: "alice",
      password: PASSWORD,
      projectName: "local",
      token: undefined,
      retry: { maxAttempts: 2 },
    });
    const e = await failure(c.listPage(pageQuery({ limit: 1 })));
    expect(ImsRetryExhaustedError.isInstance(e)).toBe(true);
    expect(e.message).toMatch(
      /^POST http:\/\/127\.0\.0\.1:\d+\/v3\/auth\/tokens failed after 2 attempt\(s\) in \d+ ms; the server last asked to wait 2 s \(Retry-After\); last failure: IAM\/Keystone request failed \(HTTP 503/,
    );
    expect(e.message.match(/What to do/g)).toHaveLength(1);
    expect(e.message).toContain("What to do: IAM/Keystone or the network is failing");
    expect(server.imageRequests).toHaveLength(0);
  });

  it("should not wait past maxElapsedMs for a long Retry-After", async () => {
    server.injectFault({ kind: "status", status: 429, retryAfter: "120" });
    const e = await failure(client({ retry: { maxElapsedMs: 10_000 } }).listPage(pageQuery({ limit: 1 })));
    expect(ImsRetryExhaustedError.isInstance(e)).toBe(true);
    expect(slept).toEqual([]);
    expect(server.imageRequests).toHaveLength(1);
  });

  it("should retry dropped connections and truncated bodies", async () => {
    server.injectFault({ kind: "drop" });
    server.injectFault({ kind: "truncate" });
    const page = await client().listPage(pageQuery({ limit: 3 }));
    expect(page.images).toHaveLength(3);
    expect(server.imageRequests).toHaveLength(3);
  });

  it("should give up on a connection that keeps dropping", async () => {
    server.injectFault({ kind: "drop" }, { times: 10 });
    const e = await failure(client({ retry: { maxAttempts: 2 } }).listPage(pageQuery({ limit: 3 })));
    expect(ImsRetryExhaustedError.isInstance(e)).toBe(true);
    expect(e.message).toMatch(/after 2 attempt\(s\)/);
  });

  it("should time out a slow answer and retry it", async () => {
    server.injectFault({ kind: "delay", ms: 3000 });
    const c = client({ timeoutMs: 600 });
    await c.listPage(pageQuery({ limit: 1 }));
    expect(c.stats.requests).toBe(2);
  });

  it("should not retry a 400, and carry IMS's code and message", async () => {
    const e = await failure(client().listPage(pageQuery({}, { marker: "no-such-image" })));
    expect(ImsApiError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({
      status: 400,
      imsErrorCode: "IMG.0001",
      retryable: false,
      serverMessage: "No image found with ID no-such-image",
    });
    expect(server.imageRequests).toHaveLength(1);
  });

  it("should not retry a 403", async () => {
    server.injectFault({ kind: "status", status: 403 });
    const e = await failure(client().listPage(pageQuery({ limit: 1 })));
    expect(e).toMatchObject({ status: 403, code: "IMS_API" });
    expect(server.imageRequests).toHaveLength(1);
  });
});

describe("bad responses", () => {
  it.each([
    ["malformed JSON", "malformed", /the body is not JSON \(expected an image list page/],
    ["a body that is not a page", "invalid", /the body is not an image list page: images: /],
  ] as const)("should turn %s into ImsBadResponseError", async (_, kind, message) => {
    server.injectFault({ kind });
    const e = await failure(client().listPage(pageQuery({ limit: 1 })));
    expect(ImsBadResponseError.isInstance(e)).toBe(true);
    expect(e.message).toMatch(message);
    expect((e as ImsBadResponseError).requestId).toMatch(/^req-/);
  });

  it("should not cache a failed page", async () => {
    server.injectFault({ kind: "malformed" });
    const c = client();
    const q = pageQuery({ limit: 2, platform: "SUSE" });
    await failure(c.listPage(q));
    expect((await c.listPage(q)).images.length).toBeGreaterThan(0);
    expect(server.imageRequests).toHaveLength(2);
  });
});

describe("auth", () => {
  it("should sign with AK/SK", async () => {
    const c = client({ token: undefined, accessKey: "AKLOCAL", secretKey: SECRET_KEY, projectId: DEFAULT_PROJECT });
    await c.listPage(pageQuery({ platform: "Ubuntu", createdAt: "gt:2020-01-01T00:00:00+08:00", limit: 1 }));
    const r = server.imageRequests[0]!;
    expect(r.headers["authorization"]).toMatch(
      /^SDK-HMAC-SHA256 Access=AKLOCAL, SignedHeaders=host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$/,
    );
    expect(r.headers["x-project-id"]).toBe(DEFAULT_PROJECT);
  });

  it("should report a wrong secret key as ImsAuthError with a hint", async () => {
    const e = await failure(
      client({
        token: undefined,
        accessKey: "AKLOCAL",
        secretKey: "wrong-secret-key",
        projectId: DEFAULT_PROJECT,
      }).listPage(pageQuery({ limit: 1 })),
    );
    expect(ImsAuthError.isInstance(e)).toBe(true);
    // The problem with what the server said, then what to do, as fields and in the message.
    expect(e).toMatchObject({
      status: 401,
      imsErrorCode: "IMG.0003",
      problem: expect.stringMatching(/^IMS refused the credentials: Authentication required \(HTTP 401, /),
      hint: expect.stringMatching(/^check the access key and secret key/),
    });
    expect(e.message).toBe(`${(e as ImsAuthError).problem}. What to do: ${(e as ImsAuthError).hint!}`);
  });

  it("should report a missing token", async () => {
    const e = await failure(
      new ImsClient(resolveConnection({ options: { endpoint: server.url }, env: {} })).listPage(
        pageQuery({ limit: 1 }),
      ),
    );
    expect(e.message).toMatch(
      /no credentials were sent; set a token \(IMS_TOKEN, which `ims-image serve --token T` prints/,
    );
  });

  it("should get one Keystone token, use it, and discover the endpoint from the catalog", async () => {
    const c = new ImsClient(
      resolveConnection({
        options: { authUrl: `${server.url}/v3`, username: "alice", password: PASSWORD, projectName: "p" },
        env: {},
      }),
    );
    await Promise.all([
      c.listPage(pageQuery({ limit: 1 })),
      c.listPage(pageQuery({ limit: 2 })),
      c.imageDetails(server.catalog[0]!.json.id as string),
    ]);
    const tokenRequests = server.requests.filter((r) => r.path === "/v3/auth/tokens");
    expect(tokenRequests).toHaveLength(1);
    expect(server.imageRequests).toHaveLength(3);
    expect(new Set(server.imageRequests.map((r) => r.headers["x-auth-token"])).size).toBe(1);
  });

  it("should re-authenticate once after the token is revoked", async () => {
    const c = new ImsClient(
      resolveConnection({
        options: { authUrl: `${server.url}/v3`, username: "alice", password: PASSWORD, projectName: "local" },
        env: {},
      }),
    );
    await c.listPage(pageQuery({ limit: 1 }));
    server.revokeIssuedTokens();
    await c.listPage(pageQuery({ limit: 2 }));
    expect(server.requests.map((r) => r.path)).toEqual([
      "/v3/auth/tokens",
      "/v2/images",
      "/v2/images",
      "/v3/auth/tokens",
      "/v2/images",
    ]);
  });

  it("should re-authenticate before a token expires", async () => {
    const short = await LocalImsServer.start({
      catalog: { count: 5 },
      auth: { users: [{ name: "alice", password: PASSWORD }], tokenTtlMs: 2400 },
    });
    try {
      let skewMs = 0;
      const c = new ImsClient(
        resolveConnection({
          options: { authUrl: `${short.url}/v3`, username: "alice", password: PASSWORD, projectName: "local" },
          env: {},
        }),
        { now: () => Date.now() + skewMs },
      );
      await c.listPage(pageQuery({ limit: 1 }));
      await c.listPage(pageQuery({ limit: 2 }));
      skewMs = 2000; // past 3/4 of the token's life, by the client's clock
      await c.listPage(pageQuery({ limit: 3 }));
      expect(short.requests.map((r) => r.path)).toEqual([
        "/v3/auth/tokens",
        "/v2/images",
        "/v2/images",
        "/v3/auth/tokens",
        "/v2/images",
      ]);
    } finally {
      await short.close();
    }
  });

  it("should report a wrong password without echoing it", async () => {
    const c = new ImsClient(
      resolveConnection({
        options: { authUrl: `${server.url}/v3`, username: "alice", password: "not-the-password", projectName: "local" },
        env: {},
      }),
    );
    const e = await failure(c.listPage(pageQuery({ limit: 1 })));
    expect(ImsAuthError.isInstance(e)).toBe(true);
    expect(e.message).toMatch(
      /IAM\/Keystone rejected the user name, password or domain: The request you have made requires authentication.* \(HTTP 401/,
    );
    expect(e.message).not.toContain("not-the-password");
  });
});

describe("local server fixtures", () => {
  it("should serve a hand-made image", async () => {
    server.catalog.push(
      makeImage({ id: "f0000000-0000-4000-8000-000000000001", created_at: "2030-01-01T00:00:00Z", name: "future" }),
    );
    const page = await client().listPage(pageQuery({ limit: 1, name: "future" }));
    expect(page.images[0]!.name).toBe("future");
    server.catalog.pop();
  });
});

describe("response bodies", () => {
  it("should refuse a body over the cap with a typed error, without retrying", async () => {
    const c = client({}, { maxBodyBytes: 2000 });
    const e = await failure(c.listPage(pageQuery({ limit: 50 })));
    expect(ImsBadResponseError.isInstance(e)).toBe(true);
    expect(e.message).toMatch(/the response body is larger than 2000 bytes/);
    expect(server.imageRequests).toHaveLength(1);
  });

  it("should refuse a 40 MB body at the default 32 MiB cap", async () => {
    const big = createServer((_, res) => {
      res.setHeader("content-type", "application/json");
      const chunk = Buffer.alloc(1024 * 1024, 32);
      res.write('{"images": [');
      let sent = 0;
      const more = () => {
        while (sent < 40) {
          sent++;
          if (!res.write(chunk)) return void res.once("drain", more);
        }
        res.end("]}");
      };
      more();
    });
    await new Promise<void>((r) => big.listen(0, "127.0.0.1", () => r()));
    try {
      const url = `http://127.0.0.1:${(big.address() as { port: number }).port}`;
      const e = await failure(
        new ImsClient(resolveConnection({ options: { endpoint: url }, env: {} })).listPage(pageQuery({ limit: 1 })),
      );
      expect(e.message).toMatch(/larger than 33554432 bytes/);
    } finally {
      big.closeAllConnections();
      await new Promise((r) => big.close(r));
    }
  });
});

describe("isUnknownHost()", () => {
  // What Node's resolver throws for a name that does not resolve, as undici passes it on (a real
  // lookup would send a DNS query off this machine, so the error is built here).
  const enotfound = Object.assign(new Error("getaddrinfo ENOTFOUND ims.eu-dee.otc.t-systems.com"), {
    code: "ENOTFOUND",
    syscall: "getaddrinfo",
  });
  it.each([
    [enotfound, true],
    [new TypeError("fetch failed", { cause: enotfound }), true],
    [Object.assign(new Error("getaddrinfo EAI_AGAIN x"), { code: "EAI_AGAIN" }), false],
    [Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }), false],
  ])("should classify %s", (error, expected) => {
    expect(isUnknownHost(error)).toBe(expected);
  });
});

describe("redirects", () => {
  it("should name where the endpoint redirects to, without following it", async () => {
    const moved = createServer((_, res) => {
      res.statusCode = 301;
      res.setHeader("location", "https://ims.eu-de.otc.t-systems.com/v2/images");
      res.end();
    });
    await new Promise<void>((r) => moved.listen(0, "127.0.0.1", () => r()));
    try {
      const url = `http://127.0.0.1:${(moved.address() as { port: number }).port}`;
      const e = await failure(
        new ImsClient(resolveConnection({ options: { endpoint: url, token: TOKEN }, env: {} })).listPage(
          pageQuery({ limit: 1 }),
        ),
      );
      expect(ImsApiError.isInstance(e)).toBe(true);
      expect(e.message).toMatch(
        /\(HTTP 301.*What to do: the endpoint redirects to https:\/\/ims\.eu-de\.otc\.t-systems\.com\/v2\/images; set the endpoint/,
      );
    } finally {
      await new Promise((r) => moved.close(r));
    }
  });
});
