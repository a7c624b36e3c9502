/**
 * The IMS client: GET /v2/images pages and GET /v2/images/{id}, parsed with zod,
 * errors typed. One promise per page URL, so no page is fetched twice by one
 * client and concurrent readers of a page share a request.
 */
import type { z } from "zod";
import type { Api, Cloud } from "../core/vocabulary";
import { createAuthenticator, type Authenticator, type AuthSettings } from "./authenticator";
import { hold, throwIfHeld } from "./lockout";
import {
  ImsApiError,
  ImsAuthError,
  ImsBadResponseError,
  ImsConfigError,
  ImsNotFoundError,
  serverSaid,
} from "../core/errors";
import type { RetryPolicy } from "../transport/retry";
import {
  requestUrl,
  type HttpResponse,
  type OutgoingRequest,
  type TransportOptions,
  type SendOptions,
} from "../transport/http";
import { requestIdOf, sendRequest } from "./sendRequest";
import { imageDetailPath, imageQueryPairs, type PageQuery } from "../core/query";
import { SharedResults } from "../core/byteBoundedCache";
import { imagePageSchema, imageSchema, readPageImages, type ImagePage, type RawImage } from "../core/imsSchema";
import { parseErrorBody } from "../core/errorBody";
import { summarizeZodError } from "../core/validation";
import { normalizeImsEndpoint } from "../core/imsEndpoint";

/** Where and how to reach IMS: what connection/settings.ts resolves from options, config, environment and clouds.yaml. */
export interface ImsConnection {
  /** Undefined only for password auth, where the token's catalog names the image endpoint. */
  readonly endpoint?: string;
  /** Password auth without an endpoint: the region's host, when the token's catalog has no image endpoint for the region. */
  readonly fallbackEndpoint?: string;
  readonly region?: string;
  /** The list API, and the cloud when known (some filters exist on one cloud only). */
  readonly api: Api;
  readonly cloud?: Cloud;
  readonly projectId?: string;
  readonly auth: AuthSettings;
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Bounds of one scan over pages (imagePages); defaults there. */
  readonly maxScanPages?: number;
  readonly maxScanImages?: number;
}

const LIST_PATHS: Record<Api, string> = { native: "/v2/images", extension: "/v2/cloudimages" };

/** Bytes of response bodies kept in one client's page cache. */
export const PAGE_CACHE_BYTES = 16 * 1024 * 1024;

export interface ClientStats {
  /** HTTP requests sent to IMS, retries included (auth requests excluded). */
  requests: number;
  /** Pages answered from the per-process cache. */
  pageCacheHits: number;
  /** Keystone tokens requested (password auth). */
  tokens: number;
}

export class ImsClient {
  readonly stats: ClientStats = { requests: 0, pageCacheHits: 0, tokens: 0 };
  private readonly authenticator: Authenticator;
  /** Pages by URL: concurrent readers share a request, and pages read are kept for later lookups, bounded by body bytes. */
  private readonly pages = new SharedResults<ImagePage>(PAGE_CACHE_BYTES, (page) => page.bytes);
  private endpointPromise?: Promise<URL>;

  constructor(
    readonly connection: ImsConnection,
    private readonly transport: TransportOptions = {},
  ) {
    const base: TransportOptions = { timeoutMs: connection.timeoutMs, retry: connection.retry, ...transport };
    this.transport = base;
    this.authenticator = createAuthenticator(connection.auth, base, () => this.stats.tokens++);
  }

  /** The IMS endpoint: configured, or the public image endpoint of the Keystone catalog. */
  endpoint(): Promise<URL> {
    this.endpointPromise ??= this.discoverEndpoint();
    return this.endpointPromise;
  }

  /**
   * As openstacksdk and Open Telekom Cloud's tools: the catalog's public image endpoint of the
   * configured region (never simply the first entry), else the region's own host, else the one
   * region the catalog has.
   */
  private async discoverEndpoint(): Promise<URL> {
    if (this.connection.endpoint) return new URL(this.connection.endpoint);
    // resolveConnection leaves the endpoint out only for password auth, whose token has a catalog.
    if (!this.authenticator.issued)
      throw new ImsConfigError(
        `no IMS endpoint, and ${this.authenticator.kind} auth has no catalog to find one in; set endpoint`,
      );
    const all = (await this.authenticator.issued()).imageEndpoints;
    const region = this.connection.region;
    const inRegion = region ? all.filter((e) => e.region === region) : all;
    const urls = [...new Set(inRegion.map((e) => normalizeImsEndpoint(e.url)))];
    if (urls.length === 1) return new URL(urls[0]!);
    if (urls.length === 0 && this.connection.fallbackEndpoint) return new URL(this.connection.fallbackEndpoint);
    throw new ImsConfigError(
      urls.length === 0
        ? `no IMS endpoint: none configured, and the token's catalog has no public "image" endpoint${region ? ` in region ${region}` : ""} (it has ${[...new Set(all.map((e) => e.region || "(no region)"))].join(", ") || "none"}); set endpoint (IMS_ENDPOINT, ims:endpoint) or region`
        : `the token's catalog has public "image" endpoints in several regions (${[...new Set(inRegion.map((e) => e.region || "(no region)"))].join(", ")}); set region (OS_REGION_NAME, ims:region) or endpoint`,
    );
  }

  private async request(path: string, query: ReadonlyArray<[string, string]>): Promise<HttpResponse> {
    const base = await this.endpoint();
    const basePath = base.pathname.replace(/\/+$/, "");
    const req: OutgoingRequest = { method: "GET", origin: base.origin, path: `${basePath}${path}`, query, headers: {} };
    const options: SendOptions = {
      ...this.transport,
      authorize: (r) => {
        this.stats.requests++;
        return this.authenticator.authorize(r);
      },
      failureOf: apiError,
    };
    const now = this.transport.now ?? Date.now;
    const lockKey = this.authenticator.lockKey(base.origin);
    if (lockKey) throwIfHeld(lockKey, now());
    let res = await sendRequest(req, options);
    // A cached Keystone token can expire or be revoked early: re-authenticate once.
    if (res.status === 401 && this.authenticator.invalidate()) res = await sendRequest(req, options);
    if (res.status === 401) {
      const parsed = parseErrorBody(res.body);
      const error = new ImsAuthError(`IMS refused the credentials${serverSaid(parsed.message)}`, {
        status: 401,
        url: res.url,
        requestId: requestIdOf(res) ?? parsed.requestId,
        imsErrorCode: parsed.code,
        hint: authHint(this.authenticator.kind),
      });
      // More requests with refused credentials would only lock the key (Huawei: 5 failures, 5 minutes).
      if (lockKey) hold(lockKey, error, now());
      throw error;
    }
    return res;
  }

  /** One page of the connection's list API (GET /v2/images or GET /v2/cloudimages) for a validated query, marker included. Cached per URL. */
  listPage(query: PageQuery): Promise<ImagePage> {
    const pairs = imageQueryPairs(query);
    const path = LIST_PATHS[this.connection.api];
    const key = requestUrl({ origin: "", path, query: pairs });
    return this.pages.get(
      key,
      () => this.fetchPage(path, pairs),
      () => this.stats.pageCacheHits++,
    );
  }

  private async fetchPage(path: string, pairs: Array<[string, string]>): Promise<ImagePage> {
    const res = await this.request(path, pairs);
    if (res.status !== 200) throw apiError(res);
    const page = readPageImages(parseBody(res, imagePageSchema, "an image list page"), Buffer.byteLength(res.body));
    // Node's own warning channel: shown on stderr (Pulumi shows it with the program's output), and
    // a program can listen with process.on("warning") and the code.
    for (const s of page.skipped) {
      process.emitWarning(
        `pulumi-ims skipped image ${s.id ?? "(no id)"}${s.name ? ` ${JSON.stringify(s.name)}` : ""} of ${res.url}, which it cannot read: ${s.problem}`,
        {
          code: "IMS_SKIPPED_IMAGE",
        },
      );
    }
    return page;
  }

  /** GET /v2/images/{id}; ImsNotFoundError on 404. */
  async imageDetails(imageId: string): Promise<RawImage> {
    const path = imageDetailPath(imageId);
    const res = await this.request(path, []);
    if (res.status === 404) throw new ImsNotFoundError(imageId, requestIdOf(res));
    if (res.status !== 200) throw apiError(res);
    return parseBody(res, imageSchema, "an image");
  }

  /** Bytes of the pages this client keeps (at most PAGE_CACHE_BYTES). */
  get cachedPageBytes(): number {
    return this.pages.bytes;
  }
}

function authHint(kind: Authenticator["kind"]): string {
  switch (kind) {
    case "none":
      return "no credentials were sent; set a token (IMS_TOKEN, which `ims-image serve --token T` prints; or HW_AUTH_TOKEN, OS_AUTH_TOKEN), AK/SK (HW_ACCESS_KEY, HW_SECRET_KEY) or a user and password (OS_USERNAME, OS_PASSWORD, OS_AUTH_URL)";
    case "token":
      return "the token is invalid or expired; get a new one (IMS_TOKEN, HW_AUTH_TOKEN, OS_AUTH_TOKEN or ims:token)";
    case "aksk":
      return "check the access key and secret key, the project id, and that the machine's clock is right (signatures expire)";
    case "password":
      return "the new token was refused too; check that the user has a role in the project";
  }
}

function apiError(res: HttpResponse): ImsApiError {
  const parsed = parseErrorBody(res.body);
  return new ImsApiError({
    status: res.status,
    url: res.url,
    imsErrorCode: parsed.code,
    requestId: requestIdOf(res) ?? parsed.requestId,
    serverMessage: parsed.message,
    location: res.headers.location,
  });
}

/** Body text -> JSON -> schema; anything else is an ImsBadResponseError naming what was expected. */
function parseBody<S extends z.ZodType>(res: HttpResponse, schema: S, what: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    throw new ImsBadResponseError(
      res.url,
      `the body is not JSON (expected ${what}; got ${JSON.stringify(res.body.slice(0, 80))})`,
      { status: res.status, requestId: requestIdOf(res) },
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ImsBadResponseError(res.url, `the body is not ${what}: ${summarizeZodError(parsed.error)}`, {
      status: res.status,
      requestId: requestIdOf(res),
    });
  }
  return parsed.data;
}
