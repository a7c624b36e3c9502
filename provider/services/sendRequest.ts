/**
 * The services' way to send: the transport's HTTP and network failures become typed pulumi-ims
 * errors here, named after the service that was asked (IMS, IAM/Keystone).
 */
import { ImsApiError, ImsBadResponseError, ImsConfigError, ImsRetryExhaustedError } from "../core/errors";
import { send, type HttpResponse, type OutgoingRequest, type TransportOptions } from "../transport/http";
import {
  BodyTooLargeError,
  HttpStatusError,
  RetriesExhaustedError,
  UnknownHostError,
} from "../transport/transportErrors";

export async function sendRequest(
  req: OutgoingRequest,
  options: TransportOptions,
  service = "IMS",
): Promise<HttpResponse> {
  try {
    return await send(req, options);
  } catch (e) {
    throw serviceError(e, service);
  }
}

/**
 * The id the server gave the request, for the user to quote to support: OpenStack's header (IMS,
 * Glance, Keystone), the API gateway's (Huawei Cloud), or Nova's.
 */
export function requestIdOf(res: HttpResponse): string | undefined {
  return res.headers["x-openstack-request-id"] ?? res.headers["x-request-id"] ?? res.headers["x-compute-request-id"];
}

/** A transport failure as the typed error a user sees; anything else as it is. */
function serviceError(e: unknown, service: string): unknown {
  if (e instanceof UnknownHostError)
    return new ImsConfigError(e.message, { hint: "check the endpoint or region", cause: e.cause });
  if (e instanceof BodyTooLargeError)
    return new ImsBadResponseError(
      e.url,
      `the response body is larger than ${e.maxBytes} bytes; no ${service} answer is that large, so it was not read`,
    );
  if (e instanceof HttpStatusError) return new ImsApiError({ status: e.status, url: e.url, service, method: e.method });
  if (e instanceof RetriesExhaustedError)
    return new ImsRetryExhaustedError(e.url, e.attempts, e.elapsedMs, serviceError(e.lastFailure, service), {
      method: e.method,
      service,
      retryAfterMs: e.retryAfterMs,
    });
  return e;
}
