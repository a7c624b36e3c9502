/**
 * What the transport reports: HTTP and network facts, no IMS. The service layer turns each
 * into a typed pulumi-ims error (services/sendRequest.ts), with the service's name and hint.
 */

/** The endpoint's host name does not resolve: a mistyped endpoint or region, not retried. */
export class UnknownHostError extends Error {
  override readonly name = "UnknownHostError";
  constructor(
    readonly origin: string,
    readonly detail: string,
    cause: unknown,
  ) {
    super(`cannot reach ${origin}: its host name does not resolve (${detail})`, { cause });
  }
}

/** The body was larger than the transport reads. */
export class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";
  constructor(
    readonly url: string,
    readonly maxBytes: number,
  ) {
    super(`the response body of ${url} is larger than ${maxBytes} bytes`);
  }
}

/** Every attempt failed with a retryable fault; `lastFailure` is the last one. */
export class RetriesExhaustedError extends Error {
  override readonly name = "RetriesExhaustedError";
  constructor(
    readonly url: string,
    readonly method: string,
    readonly attempts: number,
    readonly elapsedMs: number,
    readonly lastFailure: unknown,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`${method} ${url} failed after ${attempts} attempt(s)`, { cause: lastFailure });
  }
}
