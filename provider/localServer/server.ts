/**
 * The local IMS server: the two seed APIs (GET /v2/images, GET /v2/images/{id}) and
 * the extension list API (GET /v2/cloudimages, see cloudImages.ts) over one in-memory catalog, a Keystone-style POST /v3/auth/tokens, X-Auth-Token
 * and AK/SK checks, fault injection and a request log. Listens on 127.0.0.1,
 * port 0 (any free port) unless told otherwise.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { stringToSign } from "../services/signer";
import { createHmac } from "node:crypto";
import { DEFAULT_PROJECT, generateCatalog, type CatalogOptions, type StoredImage } from "./catalog";
import { listCloudImages } from "./cloudImages";
import { findVisible, listImages, type ListContext } from "./listing";

export interface LocalUser {
  readonly name: string;
  readonly password: string;
  readonly domain?: string;
  readonly projectName?: string;
}

export interface LocalAuthOptions {
  /** Tokens accepted as X-Auth-Token as they are. */
  readonly tokens?: readonly string[];
  /**
   * Access key -> secret key, for SDK-HMAC-SHA256 signed requests. A signed image request must
   * carry the server's project as X-Project-Id (403 IMG.0030 otherwise), as Huawei's gateway wants;
   * GET /v3/projects?name= (signed) answers with `projects`, as IAM does.
   */
  readonly accessKeys?: Readonly<Record<string, string>>;
  /** IAM projects the keys see (default: the server's project, named "local"). */
  readonly projects?: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  /** Users that POST /v3/auth/tokens accepts. */
  readonly users?: readonly LocalUser[];
  /** Lifetime of tokens issued by /v3/auth/tokens. */
  readonly tokenTtlMs?: number;
  /**
   * Checks a signed request's signature (true: it is right). By default the server recomputes it
   * with pulumi-ims's own signer, so its own tests pass one that does not: Huawei's SDK
   * (test/helpers/officialSignature.ts), lest a signing bug check itself.
   */
  readonly verifySignature?: (request: SignedRequest) => boolean;
}

/** A signed request as it arrived, for a signature check. */
export interface SignedRequest {
  readonly method: string;
  readonly host: string;
  readonly path: string;
  /** The raw query string, as sent. */
  readonly query: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  readonly accessKey: string;
  readonly secretKey: string;
}

export interface LocalServerOptions {
  readonly host?: string;
  readonly port?: number;
  /** Images, or options for the generated catalog. */
  readonly catalog?: StoredImage[] | CatalogOptions;
  readonly projectId?: string;
  /** Without auth every request is accepted. */
  readonly auth?: LocalAuthOptions;
  readonly defaultLimit?: number;
  readonly maxLimit?: number;
  /** Added to every response. */
  readonly latencyMs?: number;
}

export type Fault =
  | { readonly kind: "status"; readonly status: number; readonly retryAfter?: string; readonly body?: string }
  | { readonly kind: "drop" }
  | { readonly kind: "malformed" }
  | { readonly kind: "invalid" }
  | { readonly kind: "truncate" }
  | { readonly kind: "delay"; readonly ms: number }
  | { readonly kind: "nextLoop" }
  | { readonly kind: "foreignNext" };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** The raw query string, as sent. */
  readonly query: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

interface PendingFault {
  readonly fault: Fault;
  remaining: number;
  readonly path?: RegExp;
}

const ERROR_CODES: Record<number, string> = {
  400: "IMG.0001",
  401: "IMG.0003",
  403: "IMG.0004",
  404: "IMG.0027",
  429: "IMG.0429",
  500: "IMG.0500",
  502: "IMG.0502",
  503: "IMG.0503",
  504: "IMG.0504",
};

/** The image API versions the server speaks: the seed's v2 (IMS documents v2.0 and v2.1, both at /v2/). */
const API_VERSIONS = [
  { id: "v2.1", status: "CURRENT" },
  { id: "v2.0", status: "SUPPORTED" },
] as const;

/** The `versions` of a discovery path (`/`, `/versions`, `/v2`, `/v2.0`, ...), or undefined for any other path. */
function versionsAt(path: string, origin: string) {
  const entry = (v: (typeof API_VERSIONS)[number]) => ({
    status: v.status,
    id: v.id,
    links: [{ href: `${origin}/v2/`, rel: "self" }],
  });
  if (path === "/" || path === "/versions") return API_VERSIONS.map(entry);
  const asked = /^\/(v2(?:\.[01])?)\/?$/.exec(path)?.[1];
  if (asked === undefined) return undefined;
  return API_VERSIONS.filter((v) => asked === "v2" || v.id === asked).map(entry);
}

/** The part of a Keystone password-auth request that the server reads; anything may be missing. */
interface KeystonePasswordBody {
  auth?: {
    identity?: {
      password?: { user?: { name?: unknown; password?: unknown; domain?: { name?: unknown; id?: unknown } } };
    };
  };
}

export class LocalImsServer {
  readonly catalog: StoredImage[];
  readonly requests: RecordedRequest[] = [];
  latencyMs: number;
  private readonly faults: PendingFault[] = [];
  private readonly issuedTokens = new Map<string, number>();
  private readonly ctx: ListContext;
  private baseUrl = "";

  private constructor(
    private readonly server: Server,
    private readonly options: LocalServerOptions,
  ) {
    this.catalog = Array.isArray(options.catalog)
      ? options.catalog
      : generateCatalog({ projectId: options.projectId, ...options.catalog });
    this.latencyMs = options.latencyMs ?? 0;
    this.ctx = {
      projectId: options.projectId ?? DEFAULT_PROJECT,
      defaultLimit: options.defaultLimit ?? 25,
      maxLimit: options.maxLimit ?? 1000,
    };
  }

  static async start(options: LocalServerOptions = {}): Promise<LocalImsServer> {
    const server = createServer();
    const ims = new LocalImsServer(server, options);
    server.on("request", (req, res) => {
      ims.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) ims.sendError(res, 500, `internal error: ${e instanceof Error ? e.message : String(e)}`);
        else res.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
    });
    const { address, port } = server.address() as AddressInfo;
    ims.baseUrl = `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
    return ims;
  }

  /** http://127.0.0.1:PORT */
  get url(): string {
    return this.baseUrl;
  }

  /** Requests to the image API (GET /v2/...), auth requests excluded. */
  get imageRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith("/v2/"));
  }

  resetRequests(): void {
    this.requests.length = 0;
  }

  /** The next `times` image-API requests (whose path+query matches `path`, if given) get `fault`. */
  injectFault(fault: Fault, options: { times?: number; path?: RegExp } = {}): void {
    this.faults.push({ fault, remaining: options.times ?? 1, path: options.path });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Every token issued by /v3/auth/tokens stops working, as after a revocation. */
  revokeIssuedTokens(): void {
    this.issuedTokens.clear();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private takeFault(pathAndQuery: string): Fault | undefined {
    const i = this.faults.findIndex((f) => f.remaining > 0 && (!f.path || f.path.test(pathAndQuery)));
    if (i < 0) return undefined;
    const pending = this.faults[i]!;
    pending.remaining--;
    if (pending.remaining <= 0) this.faults.splice(i, 1);
    return pending.fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://local");
    const body = await readBody(req);
    this.requests.push({
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.search.slice(1),
      headers: req.headers,
    });
    res.setHeader("x-openstack-request-id", `req-${randomUUID()}`);
    if (this.latencyMs > 0) await sleep(this.latencyMs);

    const isTokenRequest = req.method === "POST" && /^\/v3\/auth\/tokens\/?$/.test(url.pathname);
    if (req.method === "GET" && url.pathname === "/v3/projects") return this.listProjects(req, url, body, res);
    // Version discovery, as IMS documents it (ListVersions, ShowVersion: 300 with `versions`), and
    // Glance's GET /versions (200). No credentials: OpenStack clients ask for it before anything else.
    if (req.method === "GET") {
      const versions = versionsAt(url.pathname, `http://${req.headers.host ?? new URL(this.url).host}`);
      if (versions) return this.sendJson(res, url.pathname === "/versions" ? 200 : 300, { versions });
    }
    const detail = /^\/v2\/images\/([^/]+)$/.exec(url.pathname);
    const isExtensionList = url.pathname === "/v2/cloudimages";
    if (!isTokenRequest && url.pathname !== "/v2/images" && !isExtensionList && !detail)
      return this.sendError(res, 404, "The resource could not be found.");
    if (!isTokenRequest && req.method !== "GET")
      return this.sendError(res, 405, "The method is not allowed for this resource.");

    // Faults apply to token requests too; give them a path to aim at one or the other.
    const fault = this.takeFault(`${url.pathname}${url.search}`);
    if (fault?.kind === "delay") await sleep(fault.ms);
    if (fault?.kind === "drop") {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "status") {
      if (fault.retryAfter !== undefined) res.setHeader("retry-after", fault.retryAfter);
      if (fault.body !== undefined) return this.sendRaw(res, fault.status, fault.body);
      return this.sendError(
        res,
        fault.status,
        fault.status === 429 ? "Too many requests, retry later." : "The service is unavailable.",
      );
    }
    if (isTokenRequest) return this.issueToken(body, res);
    if (!this.authorized(req, url, body)) return this.sendError(res, 401, "Authentication required");
    if (typeof req.headers.authorization === "string" && req.headers["x-project-id"] !== this.ctx.projectId) {
      return this.sendError(res, 403, "The project ID and token in the request are invalid.", "IMG.0030");
    }
    if (fault?.kind === "malformed") return this.sendRaw(res, 200, '{"images": [{"id": ');
    if (fault?.kind === "invalid") return this.sendJson(res, 200, { images: "not a list" });

    if (detail) {
      const image = findVisible(this.catalog, decodeURIComponent(detail[1]!), this.ctx);
      if (!image) return this.sendError(res, 404, `No image found with ID ${detail[1]}`);
      return this.sendBody(res, 200, JSON.stringify(image.json), fault);
    }
    if (isExtensionList) {
      const extension = listCloudImages(this.catalog, url.searchParams, this.ctx);
      if (extension.status !== 200) return this.sendError(res, extension.status, extension.message, extension.code);
      return this.sendBody(res, 200, JSON.stringify(extension.body), fault);
    }
    const result = listImages(this.catalog, url.searchParams, this.ctx);
    if (result.status !== 200) return this.sendError(res, result.status, result.message);
    const page = result.body;
    if (fault?.kind === "nextLoop") {
      const marker =
        url.searchParams.get("marker") ?? (page.images.at(-1) as { id?: string } | undefined)?.id ?? "loop";
      const q = new URLSearchParams(url.searchParams);
      q.set("marker", marker);
      page.next = `/v2/images?${q.toString()}`;
    }
    if (fault?.kind === "foreignNext")
      page.next = `http://foreign.invalid/v2/images?marker=${(page.images.at(-1) as { id?: string } | undefined)?.id ?? "x"}`;
    return this.sendBody(res, 200, JSON.stringify(page), fault);
  }

  /** IAM's GET /v3/projects?name=, for AK/SK-signed callers. */
  private listProjects(req: IncomingMessage, url: URL, body: string, res: ServerResponse): void {
    const keys = this.options.auth?.accessKeys;
    const authorization = req.headers.authorization;
    if (!keys || typeof authorization !== "string" || !this.verifySignature(req, url, body, authorization, keys)) {
      return this.sendJson(res, 401, {
        error_code: "APIGW.0301",
        error_msg: "Incorrect IAM authentication information: verify aksk signature fail",
        request_id: randomUUID(),
      });
    }
    const projects = this.options.auth?.projects ?? [{ id: this.ctx.projectId, name: "local" }];
    const name = url.searchParams.get("name");
    this.sendJson(res, 200, {
      projects: projects
        .filter((p) => name === null || p.name === name)
        .map((p) => ({ ...p, enabled: true, domain_id: "local-domain" })),
    });
  }

  private authorized(req: IncomingMessage, url: URL, body: string): boolean {
    const auth = this.options.auth;
    if (!auth) return true;
    const token = req.headers["x-auth-token"];
    if (typeof token === "string") {
      if (auth.tokens?.includes(token)) return true;
      const expires = this.issuedTokens.get(token);
      return expires !== undefined && expires > Date.now();
    }
    const authorization = req.headers["authorization"];
    if (typeof authorization === "string" && auth.accessKeys)
      return this.verifySignature(req, url, body, authorization, auth.accessKeys);
    return false;
  }

  /** Recomputes the SDK-HMAC-SHA256 signature from the headers the client says it signed. */
  private verifySignature(
    req: IncomingMessage,
    url: URL,
    body: string,
    authorization: string,
    keys: Readonly<Record<string, string>>,
  ): boolean {
    const m = /^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(authorization);
    if (!m) return false;
    const secret = keys[m[1]!];
    const dateText = req.headers["x-sdk-date"];
    if (!secret || typeof dateText !== "string") return false;
    const date = Date.parse(dateText.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));
    if (Number.isNaN(date) || Math.abs(Date.now() - date) > 15 * 60_000) return false;
    const check = this.options.auth?.verifySignature;
    if (check)
      return check({
        method: req.method ?? "GET",
        host: req.headers.host ?? "",
        path: url.pathname,
        query: url.search.slice(1),
        headers: req.headers,
        body,
        accessKey: m[1]!,
        secretKey: secret,
      });
    const names = m[2]!.split(";");
    const headers: Record<string, string> = {};
    for (const n of names) {
      if (n === "host" || n === "x-sdk-date") continue;
      const v = req.headers[n];
      if (typeof v !== "string") return false;
      headers[n] = v;
    }
    const { stringToSign: toSign, signedHeaders } = stringToSign({
      method: req.method ?? "GET",
      host: req.headers.host ?? "",
      path: url.pathname,
      query: [...url.searchParams],
      headers,
      body,
      date: new Date(date),
    });
    if (signedHeaders !== m[2]) return false;
    return createHmac("sha256", secret).update(toSign).digest("hex") === m[3];
  }

  private issueToken(body: string, res: ServerResponse): void {
    let parsed: KeystonePasswordBody | null;
    try {
      parsed = JSON.parse(body) as KeystonePasswordBody | null;
    } catch {
      return this.sendKeystoneError(res, 400, "Expecting to find auth in request body.");
    }
    const user = parsed?.auth?.identity?.password?.user;
    const found = this.options.auth?.users?.find(
      (u) =>
        u.name === user?.name &&
        u.password === user?.password &&
        (u.domain ?? "Default") === (user?.domain?.name ?? user?.domain?.id ?? "Default"),
    );
    if (!found) return this.sendKeystoneError(res, 401, "The request you have made requires authentication.");
    const token = `gAAAAA${randomUUID().replace(/-/g, "")}`;
    const ttl = this.options.auth?.tokenTtlMs ?? 3_600_000;
    const expires = Date.now() + ttl;
    this.issuedTokens.set(token, expires);
    res.setHeader("x-subject-token", token);
    this.sendJson(res, 201, {
      token: {
        methods: ["password"],
        expires_at: new Date(expires).toISOString(),
        issued_at: new Date().toISOString(),
        user: { name: found.name, domain: { name: found.domain ?? "Default" } },
        project: { id: this.ctx.projectId, name: found.projectName ?? "local" },
        catalog: [
          {
            type: "image",
            name: "ims",
            endpoints: [{ interface: "public", region: "local", region_id: "local", url: this.baseUrl }],
          },
        ],
      },
    });
  }

  private sendKeystoneError(res: ServerResponse, status: number, message: string): void {
    this.sendJson(res, status, {
      error: { code: status, message, title: status === 401 ? "Unauthorized" : "Bad Request" },
    });
  }

  private sendError(res: ServerResponse, status: number, message: string, code?: string): void {
    this.sendJson(res, status, { error: { code: code ?? ERROR_CODES[status] ?? `IMG.0${status}`, message } });
  }

  private sendJson(res: ServerResponse, status: number, value: unknown): void {
    this.sendRaw(res, status, JSON.stringify(value));
  }

  private sendRaw(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  }

  private sendBody(res: ServerResponse, status: number, text: string, fault: Fault | undefined): void {
    if (fault?.kind !== "truncate") return this.sendRaw(res, status, text);
    // Promise more bytes than are sent, then drop the connection mid-body.
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) + 100 });
    res.write(text.slice(0, Math.floor(text.length / 2)));
    setTimeout(() => res.socket?.destroy(), 5);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
