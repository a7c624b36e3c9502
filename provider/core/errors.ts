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
  | "IMS_SCAN_LIMIT"
  | "IMS_LOCK"
  | "IMS_LOCK_MISMATCH";

export interface ImsErrorOptions {
  /** What the user can do about it. */
  readonly hint?: string;
  readonly cause?: unknown;
}

/**
 * Every pulumi-ims error. The message is built in one place from the problem and the hint
 * ("<problem>. What to do: <hint>"); both are kept as fields, and each leaf adds what it knows.
 */
export class ImsError extends Error {
  readonly [MARKER] = true;
  /** Each leaf's literal code; the base class has none and matches every leaf. */
  static readonly code?: ImsErrorCode;
  readonly code: ImsErrorCode;
  /** What went wrong, without what to do about it. */
  readonly problem: string;
  /** What the user can do about it, when something can be done. */
  readonly hint?: string;

  constructor(problem: string, options: ImsErrorOptions = {}) {
    const said = redactText(problem);
    const hint = options.hint === undefined ? undefined : redactText(options.hint);
    super(
      // A problem that ends in a list (ambiguous matches) has its hint on the next line.
      hint === undefined ? said : `${said.endsWith("\n") ? said : `${said.replace(/\.$/, "")}. `}What to do: ${hint}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = new.target.code!;
    this.problem = said;
    this.hint = hint;
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

function describeHttp(details: Pick<HttpFailureDetails, "status" | "imsErrorCode" | "requestId">): string {
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
  readonly imsErrorCode?: string;
  readonly requestId?: string;
  readonly url?: string;

  constructor(problem: string, details?: Partial<HttpFailureDetails> & { readonly hint?: string }) {
    const url = details?.url ? redactUrl(details.url) : undefined;
    const where = details?.status !== undefined ? ` (${describeHttp({ ...details, status: details.status })})` : "";
    super(`${problem}${where}${url ? ` at ${url}` : ""}`, { hint: details?.hint });
    this.status = details?.status;
    this.imsErrorCode = scrub(details?.imsErrorCode);
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
      `${details.service ?? "IMS"} request failed (${describeHttp(details)}) for ${details.method ?? "GET"} ${url}${said}`,
      {
        hint: hintForStatus(details.status, details.location),
      },
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
    // The last failure's problem: its own hint would repeat this one's.
    const last = ImsError.isInstance(cause) ? cause.problem : cause instanceof Error ? cause.message : String(cause);
    const asked =
      details.retryAfterMs !== undefined
        ? `; the server last asked to wait ${Math.ceil(details.retryAfterMs / 1000)} s (Retry-After)`
        : "";
    super(
      `${details.method ?? "GET"} ${safeUrl} failed after ${attempts} attempt(s) in ${elapsedMs} ms${asked}; last failure: ${last}`,
      {
        hint: `${details.service ?? "IMS"} or the network is failing; retry later, or allow more time with ${tuningNames("retry.maxAttempts")}, ${tuningNames("retry.maxElapsedMs")} or ${tuningNames("timeoutMs")}`,
        cause,
      },
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

/** What a lookup that found nothing saw: the filters as sent and applied, and how many images IMS matched. */
export interface NoMatchDetails {
  /** `sent to IMS: platform="Ubuntu", status="active"; applied locally: nameRegex=/^U/`. */
  readonly filters: string;
  /** Images the filters IMS applies matched, among the pages read. */
  readonly serverMatched: number;
  /** Names close to the one asked for, or the newest names IMS matched when no name was asked for. */
  readonly closestNames: readonly string[];
  /** True when `closestNames` are the closest to a name or regex given; false: the newest matched. */
  readonly byName: boolean;
}

/** No image matched the filters. */
export class ImsNoMatchError extends ImsError {
  static override readonly code = "IMS_NO_MATCH";
  override readonly name = "ImsNoMatchError";
  readonly filters: string;
  readonly serverMatched: number;
  readonly closestNames: readonly string[];

  constructor(details: NoMatchDetails) {
    const names = details.closestNames.length
      ? ` ${details.byName ? "Closest names" : "Newest names IMS matched"}: ${details.closestNames.map((n) => JSON.stringify(n)).join(", ")}.`
      : "";
    super(
      `no image matches (${details.filters}); ${details.serverMatched} image(s) matched the filters IMS applies.${names}`,
      {
        hint: "loosen a filter (name is exact and case-sensitive, property values are exact strings), or check the project and region",
      },
    );
    this.filters = details.filters;
    this.serverMatched = details.serverMatched;
    this.closestNames = details.closestNames.map((n) => redactText(n));
  }
}

/** A lookup read as many pages or images as it may (maxScanPages, maxScanImages) and had not finished. */
export class ImsScanLimitError extends ImsError {
  static override readonly code = "IMS_SCAN_LIMIT";
  override readonly name = "ImsScanLimitError";
  readonly pagesRead: number;
  readonly imagesRead: number;

  constructor(url: string, pagesRead: number, imagesRead: number, limit: string) {
    super(
      `stopped after reading ${pagesRead} page(s) and ${imagesRead} image(s) of ${redactUrl(url)}: the ${limit} was reached and the server still had more`,
      {
        hint: `narrow the filters (filters sent to IMS cost no pages), or raise ${tuningNames("maxScanPages")} or ${tuningNames("maxScanImages")}`,
      },
    );
    this.pagesRead = pagesRead;
    this.imagesRead = imagesRead;
  }
}

/** One of the images an ambiguous lookup matched. */
export interface Candidate {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
}

/** Several images matched and the caller asked for exactly one (mostRecent: false). */
export class ImsAmbiguousError extends ImsError {
  static override readonly code = "IMS_AMBIGUOUS";
  override readonly name = "ImsAmbiguousError";
  readonly filters: string;
  /** The first candidates, newest first (at most a few). */
  readonly candidates: readonly Candidate[];
  /** How many matched, as far as the lookup read; `complete` when it read every page. */
  readonly matched: number;
  readonly complete: boolean;

  constructor(details: { filters: string; candidates: readonly Candidate[]; matched: number; complete: boolean }) {
    const list = details.candidates
      .map((c) => `  - ${c.id}  ${JSON.stringify(c.name)}  created ${c.createdAt}`)
      .join("\n");
    super(
      `${details.complete ? details.matched : `at least ${details.matched}`} images match (${details.filters}) and mostRecent is false:\n${list}\n`,
      { hint: "set mostRecent: true to take the newest, or narrow the filters (id, name, nameRegex, createdAt)" },
    );
    this.filters = details.filters;
    this.candidates = details.candidates;
    this.matched = details.matched;
    this.complete = details.complete;
  }
}

/**
 * The lock file cannot give an answer it should: it is malformed, or written by a newer version, or
 * (with lockMode frozen) has no entry or region for a lookup, or has several regions and none is set.
 */
export class ImsLockError extends ImsError {
  static override readonly code = "IMS_LOCK";
  override readonly name = "ImsLockError";
  /** The lock file's path. */
  readonly lockFile: string;
  /** The entry the lookup named, when there is one. */
  readonly entry?: string;

  constructor(problem: string, details: { lockFile: string; entry?: string; hint?: string }) {
    super(problem, { hint: details.hint });
    this.lockFile = details.lockFile;
    this.entry = details.entry;
  }
}

/** A locked lookup's filters differ from those its lock entry was locked with. */
export class ImsLockMismatchError extends ImsError {
  static override readonly code = "IMS_LOCK_MISMATCH";
  override readonly name = "ImsLockMismatchError";
  readonly lockFile: string;
  readonly entry: string;
  /** The entry's filters, as locked (JSON). */
  readonly lockedFilters: string;
  /** The call's filters (JSON). */
  readonly givenFilters: string;
  /** The command that locks the entry with the call's filters. */
  readonly command: string;

  constructor(details: {
    lockFile: string;
    entry: string;
    lockedFilters: string;
    givenFilters: string;
    command: string;
  }) {
    super(
      `the filters of lock entry ${JSON.stringify(details.entry)} in ${details.lockFile} differ from this call's: locked ${details.lockedFilters}, given ${details.givenFilters}`,
      {
        hint: `lock the entry with the new filters (\`${details.command}\`) and commit the lock file, or give the filters it was locked with`,
      },
    );
    this.lockFile = details.lockFile;
    this.entry = details.entry;
    // Filters are the caller's text, which may quote a secret: scrubbed like the message.
    this.lockedFilters = redactText(details.lockedFilters);
    this.givenFilters = redactText(details.givenFilters);
    this.command = redactText(details.command);
  }
}
