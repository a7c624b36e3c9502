/**
 * One error base class and leaf classes with a literal `name` and a stable `code`.
 * `isInstance` checks a Symbol.for marker rather than `instanceof`, because a
 * serialized dynamic provider and the program may load two copies of this module.
 * Every message passes through redactText, so a registered secret never survives.
 */
import { redactText, redactUrl } from "./redact";
import { tuningNames } from "./tuning";

const MARKER = Symbol.for("pulumi-ims.error");

/** Text a server sent (request ids, error codes, messages) may echo a secret: each property is scrubbed, like the message. */
const scrub = (text: string | undefined): string | undefined => (text === undefined ? undefined : redactText(text));

export type ImsErrorCode =
  | "IMS_VALIDATION"
  | "IMS_CONFIG"
  | "IMS_AUTH"
  | "IMS_NOT_FOUND"
  | "IMS_API"
  | "IMS_RETRY_EXHAUSTED"
  | "IMS_BAD_RESPONSE"
  | "IMS_NO_MATCH"
  | "IMS_AMBIGUOUS"
  | "IMS_SCAN_LIMIT";

export class ImsError extends Error {
  readonly [MARKER] = true;
  /** Each leaf's literal code; the base class has none and matches every leaf. */
  static readonly code?: ImsErrorCode;
  readonly code: ImsErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(redactText(message), options);
    this.code = new.target.code!;
  }

  /** `ImsError.isInstance(e)` for any pulumi-ims error, `ImsNoMatchError.isInstance(e)` for one kind: by marker and code, so it holds across copies of the package. */
  static isInstance<T extends ImsError>(
    this: (abstract new (...args: never[]) => T) & { readonly code?: ImsErrorCode },
    value: unknown,
  ): value is T {
    if (typeof value !== "object" || value === null || (value as Record<symbol, unknown>)[MARKER] !== true)
      return false;
    return this.code === undefined || (value as ImsError).code === this.code;
  }
}

export interface ValidationIssue {
  /** The argument, as the user wrote it (`nameRegex`, `createdAt.gt`, `--limit`). */
  readonly property: string;
  readonly reason: string;
}

/** Bad input, reported before any request is sent. */
export class ImsValidationError extends ImsError {
  static override readonly code = "IMS_VALIDATION";
  override readonly name = "ImsValidationError";
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], context = "invalid arguments") {
    super(`${context}:\n${issues.map((i) => `  - ${i.property}: ${i.reason}`).join("\n")}`);
    // A reason quotes the value given, which may be a secret or a URL with credentials.
    this.issues = issues.map((i) => ({ property: i.property, reason: redactText(i.reason) }));
  }
}

/** Connection settings are missing or contradictory (no endpoint, no credentials, ...). */
export class ImsConfigError extends ImsError {
  static override readonly code = "IMS_CONFIG";
  override readonly name = "ImsConfigError";
}

export interface HttpFailureDetails {
  readonly status: number;
  readonly url: string;
  /** Who answered; default "IMS". */
  readonly service?: string;
  /** Default GET. */
  readonly method?: string;
  /** A redirect's target (IMS endpoints are not followed elsewhere). */
  readonly location?: string;
  /** The IMS error code (`IMG.0001`) or Glance's `code` text, when the body had one. */
  readonly imsErrorCode?: string;
  readonly requestId?: string;
  readonly serverMessage?: string;
}

function describeHttp(details: HttpFailureDetails): string {
  const parts = [`HTTP ${details.status}`];
  if (details.imsErrorCode) parts.push(`error code ${details.imsErrorCode}`);
  if (details.requestId) parts.push(`request id ${details.requestId}`);
  return parts.join(", ");
}

/** ": <what the server said>", without its closing full stop (the caller's sentence goes on), or nothing. */
export function serverSaid(message: string | undefined): string {
  const trimmed = message?.trim().replace(/[.\s]+$/, "");
  return trimmed ? `: ${trimmed}` : "";
}

/** Authentication failed: IAM/Keystone refused the credentials, or IMS refused the token or signature. */
export class ImsAuthError extends ImsError {
  static override readonly code = "IMS_AUTH";
  override readonly name = "ImsAuthError";
  readonly status?: number;
  readonly requestId?: string;
  readonly url?: string;

  constructor(message: string, details?: Partial<HttpFailureDetails>) {
    const url = details?.url ? redactUrl(details.url) : undefined;
    const where =
      details?.status !== undefined ? ` (${describeHttp({ status: details.status, url: url ?? "", ...details })})` : "";
    super(`${message}${where}${url ? ` at ${url}` : ""}`);
    this.status = details?.status;
    this.requestId = scrub(details?.requestId);
    this.url = url;
  }
}

/** GET /v2/images/{id} answered 404. */
export class ImsNotFoundError extends ImsError {
  static override readonly code = "IMS_NOT_FOUND";
  override readonly name = "ImsNotFoundError";
  readonly status = 404;
  readonly imageId: string;
  readonly requestId?: string;

  constructor(imageId: string, requestId?: string) {
    super(
      `image ${imageId} was not found (HTTP 404${requestId ? `, request id ${requestId}` : ""}); it may have been deleted, or it is private to another project`,
    );
    this.imageId = imageId;
    this.requestId = scrub(requestId);
  }
}

const STATUS_HINTS: Record<number, string> = {
  400: "check the filter values; IMS rejected the query",
  403: "the credentials lack permission to list images in this project",
  404: "check the endpoint and image id",
  409: "retry later",
  429: "IMS is throttling requests; lower concurrency or retry later",
};

/** Hint for a status: 5xx means the service, 4xx means the request, 3xx a moved endpoint. */
function hintForStatus(status: number, location?: string): string {
  if (status >= 300 && status < 400) {
    return location
      ? `the endpoint redirects to ${redactUrl(location)}; set the endpoint to the service's own URL`
      : "the endpoint redirects; set the endpoint to the service's own URL";
  }
  return STATUS_HINTS[status] ?? (status >= 500 ? "IMS is failing; retry later" : "check the request");
}

/** IMS answered with an HTTP error that is not auth or not-found. */
export class ImsApiError extends ImsError {
  static override readonly code = "IMS_API";
  override readonly name = "ImsApiError";
  readonly status: number;
  readonly imsErrorCode?: string;
  readonly requestId?: string;
  readonly url: string;
  readonly retryable: boolean;
  readonly serverMessage?: string;

  constructor(details: HttpFailureDetails) {
    const url = redactUrl(details.url);
    const said = details.serverMessage ? `: ${details.serverMessage}` : "";
    super(
      `${details.service ?? "IMS"} request failed (${describeHttp(details)}) for ${details.method ?? "GET"} ${url}${said}. What to do: ${hintForStatus(details.status, details.location)}`,
    );
    this.status = details.status;
    this.imsErrorCode = scrub(details.imsErrorCode);
    this.requestId = scrub(details.requestId);
    this.url = url;
    this.retryable = isRetryableStatus(details.status);
    // The server's own words may echo a token or password.
    this.serverMessage = scrub(details.serverMessage);
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/** Every attempt failed with a retryable fault; `cause` is the last failure. */
export class ImsRetryExhaustedError extends ImsError {
  static override readonly code = "IMS_RETRY_EXHAUSTED";
  override readonly name = "ImsRetryExhaustedError";
  readonly attempts: number;
  readonly elapsedMs: number;
  readonly url: string;

  constructor(
    url: string,
    attempts: number,
    elapsedMs: number,
    cause: unknown,
    details: { method?: string; service?: string; retryAfterMs?: number } = {},
  ) {
    const safeUrl = redactUrl(url);
    // The last failure's own hint would repeat this one's.
    const last = (cause instanceof Error ? cause.message : String(cause)).split(". What to do:")[0]!;
    const asked =
      details.retryAfterMs !== undefined
        ? `; the server last asked to wait ${Math.ceil(details.retryAfterMs / 1000)} s (Retry-After)`
        : "";
    super(
      `${details.method ?? "GET"} ${safeUrl} failed after ${attempts} attempt(s) in ${elapsedMs} ms${asked}; last failure: ${last}. ` +
        `What to do: ${details.service ?? "IMS"} or the network is failing; retry later, or allow more time with ${tuningNames("retry.maxAttempts")}, ${tuningNames("retry.maxElapsedMs")} or ${tuningNames("timeoutMs")}`,
      { cause },
    );
    this.attempts = attempts;
    this.elapsedMs = elapsedMs;
    this.url = safeUrl;
  }
}

/** The server answered 2xx with a body that is not what the API documents. */
export class ImsBadResponseError extends ImsError {
  static override readonly code = "IMS_BAD_RESPONSE";
  override readonly name = "ImsBadResponseError";
  readonly url: string;
  readonly status?: number;
  readonly requestId?: string;

  constructor(url: string, problem: string, details?: { status?: number; requestId?: string }) {
    const safeUrl = redactUrl(url);
    super(
      `unexpected response from ${safeUrl}${details?.requestId ? ` (request id ${details.requestId})` : ""}: ${problem}`,
    );
    this.url = safeUrl;
    this.status = details?.status;
    this.requestId = scrub(details?.requestId);
  }
}

/** No image matched the filters. */
export class ImsNoMatchError extends ImsError {
  static override readonly code = "IMS_NO_MATCH";
  override readonly name = "ImsNoMatchError";
}

/** A lookup read as many pages or images as it may (maxScanPages, maxScanImages) and had not finished. */
export class ImsScanLimitError extends ImsError {
  static override readonly code = "IMS_SCAN_LIMIT";
  override readonly name = "ImsScanLimitError";
  readonly pagesRead: number;
  readonly imagesRead: number;

  constructor(url: string, pagesRead: number, imagesRead: number, limit: string) {
    super(
      `stopped after reading ${pagesRead} page(s) and ${imagesRead} image(s) of ${redactUrl(url)}: the ${limit} was reached and the server still had more. ` +
        `What to do: narrow the filters (filters sent to IMS cost no pages), or raise ${tuningNames("maxScanPages")} or ${tuningNames("maxScanImages")}`,
    );
    this.pagesRead = pagesRead;
    this.imagesRead = imagesRead;
  }
}

/** Several images matched and the caller asked for exactly one (mostRecent: false). */
export class ImsAmbiguousError extends ImsError {
  static override readonly code = "IMS_AMBIGUOUS";
  override readonly name = "ImsAmbiguousError";
}
