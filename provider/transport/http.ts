/**
 * HTTP over undici: one keep-alive Pool per origin, a timeout per attempt, and
 * bounded retries for 429, 500/502/503/504 and dropped connections. Other
 * statuses are returned to the caller, which turns them into typed errors. This
 * layer knows HTTP, not IMS: the service describes a failed status (failureOf).
 */
import { isRetryableStatus } from "../core/errors";
import { BodyTooLargeError, RetriesExhaustedError, UnknownHostError } from "./transportErrors";
import { encodePairs } from "../core/queryString";
import { PACKAGE_VERSION } from "../core/packageVersion";
import { TUNING } from "../core/tuning";
import { DEFAULT_RETRY_POLICY, nextDelayMs, parseRetryAfterMs, type RetryPolicy } from "./retry";
import { keepAlivePool, type KeepAlivePool } from "./undiciPool";

export interface OutgoingRequest {
  readonly method: "GET" | "POST";
  /** scheme://host[:port], no path. */
  readonly origin: string;
  /** Path with any base path of the endpoint, starting with `/`. */
  readonly path: string;
  /** Query parameters in order, not yet encoded (the AK/SK signer needs them decoded). */
  readonly query: ReadonlyArray<readonly [string, string]>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly url: string;
  readonly attempts: number;
}

export interface TransportOptions {
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Per-attempt headers (auth). Called again for every retry so signatures and tokens stay fresh. */
  readonly authorize?: (request: OutgoingRequest) => Promise<Record<string, string>>;
  /** The error for a retryable status, kept as the cause when retries run out: the service reads its own error bodies. */
  readonly failureOf?: (response: HttpResponse, request: OutgoingRequest) => Error;
  /** For tests and benchmarks: replaces Math.random in the backoff. */
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Default MAX_BODY_BYTES. */
  readonly maxBodyBytes?: number;
  /** The clock for retry budgets and token lifetimes; tests move it instead of waiting. */
  readonly now?: () => number;
}

/** One request's options: the service always names the failure of a retryable status. */
export type SendOptions = TransportOptions & Required<Pick<TransportOptions, "failureOf">>;

const DEFAULT_TIMEOUT_MS = TUNING.timeoutMs.default;
const USER_AGENT = `pulumi-ims/${PACKAGE_VERSION}`;

const pools = new Map<string, KeepAlivePool>();

/** The keep-alive pool for an origin, created once per process. */
function poolFor(origin: string): KeepAlivePool {
  let pool = pools.get(origin);
  if (!pool) {
    pool = keepAlivePool(origin, { connections: 8, keepAliveTimeout: 30_000, pipelining: 1 });
    pools.set(origin, pool);
  }
  return pool;
}

/** Closes every pool; lets a CLI or a test end without waiting for keep-alive timeouts. */
export async function closeAllPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close().catch(() => undefined)));
}

function pathWithQuery(req: Pick<OutgoingRequest, "path" | "query">): string {
  return req.query.length ? `${req.path}?${encodePairs(req.query)}` : req.path;
}

export function requestUrl(req: Pick<OutgoingRequest, "origin" | "path" | "query">): string {
  return `${req.origin}${pathWithQuery(req)}`;
}

const RETRYABLE_ERROR_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_ABORTED",
  "UND_ERR_REQ_CONTENT_LENGTH_MISMATCH",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
]);

// Duck-typed: AbortSignal's DOMException may come from another realm, where instanceof Error fails.
function isRetryableNetworkError(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 3) return false;
  const { code, name, cause } = error as { code?: unknown; name?: unknown; cause?: unknown };
  if (typeof code === "string" && RETRYABLE_ERROR_CODES.has(code)) return true;
  if (name === "TimeoutError" || name === "AbortError") return true;
  return cause !== undefined && cause !== error && isRetryableNetworkError(cause, depth + 1);
}

/** A host name that does not resolve: a mistyped endpoint or region, not worth retrying. */
export function isUnknownHost(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 3) return false;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (code === "ENOTFOUND" || code === "EAI_NONAME") return true;
  return cause !== undefined && cause !== error && isUnknownHost(cause, depth + 1);
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const { code, name, message } = error as { code?: string; name?: string; message?: string };
  if (name === "TimeoutError" || name === "AbortError") return `no answer within ${timeoutMs} ms`;
  return `${code ? `${code}: ` : ""}${message ?? String(error)}`;
}

/**
 * The largest response body read: a page of 1000 images is about 2 MB, so a body past this is
 * not an answer (and a string past ~512 MB would fail in V8 with an untyped error).
 */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Reads a body as text, refusing more than `maxBytes`; the rest is not read and the connection is dropped. */
async function readBody(
  body: AsyncIterable<Buffer> & { destroy(): unknown },
  maxBytes: number,
  url: string,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      throw new BodyTooLargeError(url, maxBytes);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function attemptOnce(
  req: OutgoingRequest,
  headers: Record<string, string>,
  timeoutMs: number,
  maxBodyBytes: number,
): Promise<Omit<HttpResponse, "attempts">> {
  const url = requestUrl(req);
  const res = await poolFor(req.origin).request({
    method: req.method,
    path: pathWithQuery(req),
    headers,
    body: req.body,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    signal: AbortSignal.timeout(timeoutMs),
  });
  // Always read the body, even of an error, so the connection returns to the pool.
  const body = await readBody(res.body, maxBodyBytes, url);
  return { status: res.statusCode, headers: flattenHeaders(res.headers), body, url };
}

/**
 * Sends `req`, retrying retryable faults within the policy. Returns the final
 * response for any status that is not retryable (the caller maps 4xx to errors).
 */
export async function send(req: OutgoingRequest, options: SendOptions): Promise<HttpResponse> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const url = requestUrl(req);
  const now = options.now ?? Date.now;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    let failure: unknown;
    let retryAfterMs: number | undefined;
    try {
      const auth = options.authorize ? await options.authorize(req) : {};
      const headers = { accept: "application/json", "user-agent": USER_AGENT, ...req.headers, ...auth };
      const res = await attemptOnce(req, headers, timeoutMs, options.maxBodyBytes ?? MAX_BODY_BYTES);
      if (!isRetryableStatus(res.status)) return { ...res, attempts: attempt };
      const response = { ...res, attempts: attempt };
      failure = options.failureOf(response, req);
      retryAfterMs = parseRetryAfterMs(res.headers["retry-after"]);
    } catch (error) {
      if (isUnknownHost(error)) throw new UnknownHostError(req.origin, describeNetworkError(error, timeoutMs), error);
      if (!isRetryableNetworkError(error)) throw error;
      failure = new Error(describeNetworkError(error, timeoutMs), { cause: error });
    }
    const elapsed = now() - started;
    const delay = nextDelayMs(attempt, elapsed, policy, retryAfterMs, options.random);
    if (delay === undefined) throw new RetriesExhaustedError(url, req.method, attempt, elapsed, failure, retryAfterMs);
    await sleep(delay);
  }
}
