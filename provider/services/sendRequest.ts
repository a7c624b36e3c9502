/**
 * The services' way to send: the transport's HTTP and network failures become typed pulumi-ims
 * errors here, named after the service that was asked (IMS, IAM/Keystone).
 */
import { ImsBadResponseError, ImsConfigError, ImsRetryExhaustedError } from "../core/errors";
import { send, type HttpResponse, type OutgoingRequest, type SendOptions } from "../transport/http";
import { BodyTooLargeError, RetriesExhaustedError, UnknownHostError } from "../transport/transportErrors";

export async function sendRequest(req: OutgoingRequest, options: SendOptions, service = "IMS"): Promise<HttpResponse> {
  try {
    return await send(req, options);
  } catch (e) {
    throw serviceError(e, service);
  }
}

/**
 * The id the server gave the request, for the user to quote to support: OpenStack's header (IMS,
 * Glance, Keystone) or the API gateway's (Huawei Cloud, OTC).
 */
export function requestIdOf(res: HttpResponse): string | undefined {
  return res.headers["x-openstack-request-id"] ?? res.headers["x-request-id"];
}

/** A transport failure as the typed error a user sees; anything else as it is. */
export function serviceError(e: unknown, service: string): unknown {
  if (e instanceof UnknownHostError)
    return new ImsConfigError(e.message, { hint: "check the endpoint or region", cause: e.cause });
  if (e instanceof BodyTooLargeError)
    return new ImsBadResponseError(
      e.url,
      `the response body is larger than ${e.maxBytes} bytes; no ${service} answer is that large, so it was not read`,
    );
  // Its last failure was retryable: the service's own error (failureOf) or a network error, as it is.
  if (e instanceof RetriesExhaustedError)
    return new ImsRetryExhaustedError(e.url, e.attempts, e.elapsedMs, e.lastFailure, {
      method: e.method,
      service,
      retryAfterMs: e.retryAfterMs,
    });
  return e;
}
