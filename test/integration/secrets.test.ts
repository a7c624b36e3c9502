/**
 * Servers that echo what they were sent: no error pulumi-ims raises may show a password, token or
 * secret key in any form (as is, URL-encoded, JSON-escaped, HTML-escaped), in its message, in any
 * property (JSON.stringify, and each own property), or in its inspected form (util.inspect, with causes).
 *
 * Property-style: every server behaviour (each HTTP status, bad bodies, bad links, endless pages,
 * hangs, resets, no match, several matches), crossed with every way to authenticate and every kind
 * of call; a last test checks that every error class the package exports was provoked.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import * as sdk from "../../sdk";
import { getImage, getImages, ImsError, type ConnectionOptions } from "../../sdk";
import { resetClients } from "../../provider/connection/clients";
import { showImage } from "../../provider/lookup/lookups";
import { closeAllPools } from "../../provider/transport/http";

const PASSWORD = `pa"ss\\wörd 1+2&x`;
const TOKEN = "tok-3f9a'echo+me";
const SECRET_KEY = 'sk/9+Zq="secret"';
const SECURITY_TOKEN = "sec<tok>en/+=9";
const USERINFO_PASSWORD = "hunter2-userinfo";
/** What the echoing Keystone issues for a password: a secret the user never typed. */
const ISSUED_TOKEN = "issued+tok/en=Zz9";
const SECRETS = [PASSWORD, TOKEN, SECRET_KEY, SECURITY_TOKEN, USERINFO_PASSWORD, ISSUED_TOKEN];

/** The forms a server or a serializer may turn a secret into, computed here without the code under test. */
function forms(secret: string): string[] {
  const html = secret
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#x27;");
  return [
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, "+"),
    JSON.stringify(secret).slice(1, -1),
    html,
  ];
}

/** What the server was sent, in several encodings: body, credentials headers and URL. */
function echoOf(req: IncomingMessage, body: string): string {
  const h = req.headers;
  const header = (name: string) => [h[name] ?? ""].flat().join(",");
  const sent = `${req.url} ${body} ${header("x-auth-token")} ${header("authorization")} ${header("x-security-token")}`;
  return `you sent ${sent} | ${encodeURIComponent(sent)} | ${sent.replace(/"/g, "&quot;")} | ${JSON.stringify(sent)}`;
}

type Behaviour = (req: IncomingMessage, res: ServerResponse, echo: string) => void;

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(value));
}

/** A header can carry only latin1 and no line breaks: the echo, URL-encoded. */
const headerSafe = (echo: string) => encodeURIComponent(echo).slice(0, 2000);

const image = (id: string, created: string) => ({
  id,
  name: `img ${id}`,
  status: "active",
  visibility: "public",
  created_at: created,
  updated_at: created,
  min_disk: 40,
  min_ram: 0,
  disk_format: "zvhd2",
  container_format: "bare",
  protected: true,
  tags: [],
  __platform: "Ubuntu",
  __imagetype: "gold",
  __os_type: "Linux",
  __isregistered: "true",
  self: `/v2/images/${id}`,
  file: `/v2/images/${id}/file`,
  schema: "/v2/schemas/image",
});

let endlessPage = 0;

/** IMS behaviours: what the image API answers. Each echoes what it was sent where a server could. */
const IMS: Record<string, Behaviour> = {
  ...Object.fromEntries(
    [400, 401, 403, 404, 409, 413, 429, 500, 502, 503, 504].map((status) => [
      `HTTP ${status}`,
      ((req, res, echo) =>
        json(
          res,
          status,
          { error: { code: `IMG.${status}`, message: echo }, message: echo },
          {
            "x-openstack-request-id": `req-${headerSafe(echo)}`,
            ...(status === 429 || status === 503 ? { "retry-after": "0" } : {}),
          },
        )) satisfies Behaviour,
    ]),
  ),
  ...Object.fromEntries(
    [301, 302, 307].map((status) => [
      `HTTP ${status}`,
      ((req, res, echo) =>
        json(
          res,
          status,
          { message: echo },
          { location: `http://elsewhere.invalid/?q=${headerSafe(echo)}` },
        )) satisfies Behaviour,
    ]),
  ),
  "a body that is not JSON": (req, res, echo) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(`<html>${echo}</html>`);
  },
  "a body of the wrong shape": (req, res, echo) => json(res, 200, { images: echo, image: echo, id: echo }),
  "a next link to another host": (req, res, echo) =>
    json(res, 200, {
      images: [image("aaaaaaaa-0000-4000-8000-000000000001", "2020-01-01T00:00:00Z")],
      next: `http://elsewhere.invalid/v2/images?marker=${headerSafe(echo)}`,
    }),
  "a next link that loops": (req, res) =>
    json(res, 200, {
      images: [image("aaaaaaaa-0000-4000-8000-000000000001", "2020-01-01T00:00:00Z")],
      next: `/v2/images?marker=aaaaaaaa-0000-4000-8000-000000000001`,
    }),
  "pages without end": (req, res) => {
    const id = `aaaaaaaa-0000-4000-8000-${String(++endlessPage).padStart(12, "0")}`;
    json(res, 200, {
      images: [{ ...image(id, "2020-01-01T00:00:00Z"), __platform: "Other" }],
      next: `/v2/images?marker=${id}`,
    });
  },
  "no answer at all": () => undefined,
  "a reset connection": (req) => req.socket.destroy(),
  "no match": (req, res) => json(res, 200, { images: [] }),
  "two matches": (req, res) => {
    const images = [
      image("aaaaaaaa-0000-4000-8000-00000000000b", "2021-01-01T00:00:00Z"),
      image("aaaaaaaa-0000-4000-8000-00000000000a", "2020-01-01T00:00:00Z"),
    ];
    if (/\/v2\/images\/[^/?]+/.test(req.url ?? "")) json(res, 404, { message: "not here" });
    else json(res, 200, { images });
  },
};

/** Keystone behaviours for password auth. */
const KEYSTONE: Record<string, Behaviour> = {
  "Keystone issues a token": (req, res) =>
    json(
      res,
      201,
      { token: { expires_at: "2099-01-01T00:00:00Z", project: { id: "p1" }, catalog: [] } },
      { "x-subject-token": ISSUED_TOKEN },
    ),
  "Keystone refuses the password": (req, res, echo) =>
    json(
      res,
      401,
      { error: { code: 401, message: echo, title: "Unauthorized" } },
      { "x-openstack-request-id": `req-${headerSafe(echo)}` },
    ),
  "Keystone fails": (req, res, echo) => json(res, 500, { error: { code: 500, message: echo } }),
  "Keystone answers nonsense": (req, res, echo) => json(res, 201, { token: echo }, { "x-subject-token": ISSUED_TOKEN }),
};

let ims: Behaviour = IMS["no match"]!;
let keystone: Behaviour = KEYSTONE["Keystone issues a token"]!;
let server: Server;
let url: string;
/** Lock files of the lock cases. */
const lockDir = mkdtempSync(join(tmpdir(), "ims-secrets-lock-"));
afterAll(() => rmSync(lockDir, { recursive: true, force: true }));
/** What reached the server in this test: each case asserts it got as far as it names. */
let reached: Array<{ path: string; token?: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      reached.push({ path: (req.url ?? "").split("?")[0]!, token: req.headers["x-auth-token"] as string | undefined });
      (req.url?.startsWith("/v3/") ? keystone : ims)(req, res, echoOf(req, body));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await closeAllPools();
});
beforeEach(() => {
  resetClients();
  reached = [];
});

const FAST: ConnectionOptions = {
  timeoutMs: 200,
  maxScanPages: 5,
  retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, maxElapsedMs: 2000 },
};

/** Every way to authenticate, built once the server has its port. */
const AUTH: Record<string, () => ConnectionOptions> = {
  token: () => ({ endpoint: url, token: TOKEN }),
  "AK/SK with a security token": () => ({
    endpoint: url,
    accessKey: "AKEXAMPLE",
    secretKey: SECRET_KEY,
    securityToken: SECURITY_TOKEN,
    projectId: "p1",
  }),
  // Project-scoped, as IMS needs: without a project the case would stop at a config error, before Keystone.
  password: () => ({
    endpoint: url,
    authUrl: `${url}/v3`,
    username: "u",
    password: PASSWORD,
    userDomainName: "d",
    projectName: "p1",
  }),
  "a token, with credentials in the endpoint's user info": () => ({
    endpoint: `http://admin:${USERINFO_PASSWORD}@127.0.0.1:${new URL(url).port}`,
    token: TOKEN,
  }),
};

const CALLS: Record<string, (connection: ConnectionOptions) => Promise<unknown>> = {
  "getImage by filters": (connection) =>
    getImage({ anyOwner: true, platform: "Ubuntu", nameRegex: "^img" }, { connection }),
  "getImage by id": (connection) =>
    getImage({ anyOwner: true, id: "aaaaaaaa-0000-4000-8000-00000000000a" }, { connection }),
  "getImage, exactly one": (connection) =>
    getImage({ anyOwner: true, platform: "Ubuntu", mostRecent: false }, { connection }),
  getImages: (connection) => getImages({ platform: "Ubuntu" }, { connection }),
  "ims-image show (GET /v2/images/{id})": (connection) =>
    showImage("aaaaaaaa-0000-4000-8000-00000000000a", { options: connection, env: {} }),
};

const seen = new Set<string>();

/** The call's ImsError, or undefined when a behaviour still allowed an answer (a foreign `next` after the first page answered). */
async function errorOf(p: Promise<unknown>): Promise<ImsError | undefined> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (e === undefined) return undefined;
  if (!ImsError.isInstance(e)) throw new Error(`expected an ImsError, got ${inspect(e)}`);
  seen.add(e.code);
  return e;
}

/** Every text an error can show: message, JSON, inspection with causes, and each own property. */
function textsOf(e: Error): string[] {
  const props = Object.getOwnPropertyNames(e).map((k) =>
    inspect((e as unknown as Record<string, unknown>)[k], { depth: 6 }),
  );
  return [e.message, String(e.stack), JSON.stringify(e), inspect(e, { depth: 8 }), ...props];
}

function expectNoSecret(e: ImsError | undefined): void {
  if (!e) return;
  for (const text of textsOf(e)) {
    for (const secret of SECRETS)
      for (const form of forms(secret))
        if (text.includes(form))
          throw new Error(`${e.code} shows ${JSON.stringify(form)} (a form of ${JSON.stringify(secret)}) in:\n${text}`);
  }
}

const CASES = Object.keys(IMS).flatMap((behaviour) =>
  Object.keys(AUTH).flatMap((auth) => Object.keys(CALLS).map((call) => [behaviour, auth, call] as const)),
);

/**
 * The behaviours after which a call still answers: a foreign or looping `next`, or pages without
 * end, come after a first page that already held the answer (filters IMS applies are not checked
 * again); with two matches a newest-match lookup takes the first; no match is an empty list to
 * getImages. Every other case must fail: a case that answered would have checked nothing.
 */
const ANSWERS: Record<string, readonly string[]> = {
  "a next link to another host": ["getImage by filters", "getImage by id"],
  "a next link that loops": ["getImage by filters", "getImage by id"],
  "pages without end": ["getImage by filters", "getImage by id"],
  "two matches": ["getImage by filters", "getImage by id", "getImages"],
  "no match": ["getImages"],
};

describe("no secret in any error", () => {
  it.each(CASES)("IMS answers %s; %s; %s", async (behaviour, auth, call) => {
    ims = IMS[behaviour]!;
    keystone = KEYSTONE["Keystone issues a token"]!;
    const e = await errorOf(CALLS[call]!({ ...FAST, ...AUTH[auth]!() }));
    // It reached the path it names: IMS was asked, and with a password, through the token Keystone issued.
    const toIms = reached.filter((r) => r.path.startsWith("/v2/"));
    expect(toIms.length).toBeGreaterThan(0);
    if (auth === "password") {
      expect(reached[0]!.path).toBe("/v3/auth/tokens");
      expect(toIms.every((r) => r.token === ISSUED_TOKEN)).toBe(true);
    }
    if (ANSWERS[behaviour]?.includes(call)) expect(e).toBeUndefined();
    else expect(e).toBeDefined();
    expectNoSecret(e);
  });

  it.each(Object.keys(KEYSTONE).filter((k) => k !== "Keystone issues a token"))("%s", async (behaviour) => {
    keystone = KEYSTONE[behaviour]!;
    ims = IMS["HTTP 400"]!;
    for (const call of Object.values(CALLS)) {
      resetClients();
      reached = [];
      const e = await errorOf(call({ ...FAST, ...AUTH.password!() }));
      // Keystone was asked, and the call failed there: IMS never was.
      expect(reached.map((r) => r.path)).toContain("/v3/auth/tokens");
      expect(reached.filter((r) => r.path.startsWith("/v2/"))).toEqual([]);
      expect(e).toBeDefined();
      expectNoSecret(e);
    }
  });

  it.each([
    [
      "an invalid endpoint with user info",
      () =>
        getImage(
          { anyOwner: true, platform: "Ubuntu" },
          { connection: { endpoint: `ftp://admin:${USERINFO_PASSWORD}@example.invalid`, token: TOKEN } },
        ),
    ],
    [
      "a filter value that quotes the token",
      () => getImage({ anyOwner: true, nameRegex: `(${TOKEN}` }, { connection: { endpoint: url, token: TOKEN } }),
    ],
    [
      "a lock file that quotes the token, not JSON",
      () => {
        const file = join(lockDir, "broken.lock.json");
        writeFileSync(file, `{"version": 1, "entries": {"web": "${TOKEN}`);
        return getImage(
          { imageType: "gold" },
          { lock: "web", lockFile: file, connection: { endpoint: url, token: TOKEN } },
        );
      },
    ],
    [
      "locked filters that quote the token",
      () => {
        const file = join(lockDir, "web.lock.json");
        writeFileSync(
          file,
          JSON.stringify({ version: 1, entries: { web: { filters: { imageType: "gold" }, regions: {} } } }),
        );
        return getImage(
          { imageType: "gold", name: TOKEN },
          { lock: "web", lockFile: file, connection: { endpoint: url, token: TOKEN } },
        );
      },
    ],
    [
      "half an AK/SK pair",
      () => getImage({ anyOwner: true, platform: "Ubuntu" }, { connection: { endpoint: url, secretKey: SECRET_KEY } }),
    ],
  ])("bad input: %s", async (_, call) => {
    const e = await errorOf(call());
    expect(e).toBeDefined();
    expectNoSecret(e);
  });

  it("provoked every error class the package exports", () => {
    const codes = Object.values(sdk).flatMap((v) =>
      typeof v === "function" && "code" in v && typeof v.code === "string" ? [v.code] : [],
    );
    expect(codes.length).toBeGreaterThanOrEqual(10);
    expect([...seen].sort()).toEqual([...new Set(codes)].sort());
  });
});
