/**
 * The project id behind a project name, asked of IAM as the official SDKs and both Terraform
 * providers do for AK/SK: GET {iam}/v3/projects?name=<name>, signed with the same keys. One lookup per
 * (IAM URL, access key, name) in this process; concurrent callers share it, a failure is not kept.
 */
import { z } from "zod";
import { ImsApiError, ImsAuthError, ImsBadResponseError, ImsConfigError, serverSaid } from "../core/errors";
import { jsonOf, parseErrorBody } from "../core/errorBody";
import type { HttpResponse, TransportOptions } from "../transport/http";
import { requestIdOf, sendRequest } from "./sendRequest";
import { credentialKey, hold, throwIfHeld } from "./lockout";
import { signRequest } from "./signer";

export interface AkSk {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly securityToken?: string;
}

const projectsSchema = z.looseObject({ projects: z.array(z.looseObject({ id: z.string(), name: z.string() })) });

/** At most this many names are kept. */
export const MAX_KEPT = 256;
const ids = new Map<string, Promise<string>>();

/** Headers of an AK/SK-signed request: X-Sdk-Date, Authorization, and the signed X-Project-Id / X-Security-Token. */
export function signedHeaders(
  request: {
    method: string;
    origin: string;
    path: string;
    query: ReadonlyArray<readonly [string, string]>;
    body?: string;
  },
  keys: AkSk,
  projectId: string | undefined,
  now: Date,
): Record<string, string> {
  const host = new URL(request.origin).host;
  const signed: Record<string, string> = {};
  if (projectId) signed["x-project-id"] = projectId;
  if (keys.securityToken) signed["x-security-token"] = keys.securityToken;
  const sig = signRequest({
    method: request.method,
    host,
    path: request.path,
    query: request.query,
    headers: signed,
    body: request.body,
    accessKey: keys.accessKey,
    secretKey: keys.secretKey,
    date: now,
  });
  return { ...signed, host, "x-sdk-date": sig["X-Sdk-Date"], authorization: sig.Authorization };
}

export function akskLockKey(origin: string, accessKey: string): string {
  return credentialKey("aksk", origin, accessKey);
}

async function lookUp(iamUrl: string, name: string, keys: AkSk, transport: TransportOptions): Promise<string> {
  const url = new URL(`${iamUrl.replace(/\/+$/, "")}/projects`);
  const now = transport.now ?? Date.now;
  const lockKey = akskLockKey(url.origin, keys.accessKey);
  throwIfHeld(lockKey, now());
  const query: Array<[string, string]> = [["name", name]];
  const res = await sendRequest(
    { method: "GET", origin: url.origin, path: url.pathname, query, headers: {} },
    {
      ...transport,
      authorize: async (r) => signedHeaders(r, keys, undefined, new Date(now())),
      failureOf: (r) => apiError(r),
    },
    "IAM",
  );
  if (res.status === 401) {
    const parsed = parseErrorBody(res.body);
    const error = new ImsAuthError(`IAM refused the access key and signature${serverSaid(parsed.message)}`, {
      status: 401,
      url: res.url,
      requestId: requestIdOf(res) ?? parsed.requestId,
      imsErrorCode: parsed.code,
      hint: "check the access key and secret key (HW_ACCESS_KEY, HW_SECRET_KEY), the security token of temporary keys, and this machine's clock",
    });
    hold(lockKey, error, now());
    throw error;
  }
  if (res.status !== 200) throw apiError(res);
  const parsed = projectsSchema.safeParse(jsonOf(res.body));
  if (!parsed.success)
    throw new ImsBadResponseError(res.url, "the body is not an IAM project list", {
      status: res.status,
      requestId: requestIdOf(res),
    });
  const matches = parsed.data.projects.filter((p) => p.name === name);
  if (matches.length !== 1) {
    throw matches.length === 0
      ? new ImsConfigError(`IAM at ${iamUrl} has no project named ${JSON.stringify(name)} for this access key`, {
          hint: "set projectId, or projectName to a project of the account (the default project of a region is named after it; sub-projects are <region>_<suffix>)",
        })
      : new ImsConfigError(`IAM at ${iamUrl} has ${matches.length} projects named ${JSON.stringify(name)}`, {
          hint: "set projectId",
        });
  }
  return matches[0]!.id;
}

function apiError(res: HttpResponse): ImsApiError {
  const parsed = parseErrorBody(res.body);
  return new ImsApiError({
    status: res.status,
    url: res.url,
    service: "IAM",
    method: "GET",
    imsErrorCode: parsed.code,
    requestId: requestIdOf(res) ?? parsed.requestId,
    serverMessage: parsed.message,
  });
}

/** The id of project `name`, looked up once per (IAM URL, access key, name). */
export function projectIdFor(
  iamUrl: string,
  name: string,
  keys: AkSk,
  transport: TransportOptions = {},
): Promise<string> {
  const key = credentialKey(iamUrl, keys.accessKey, name);
  let pending = ids.get(key);
  if (!pending) {
    pending = lookUp(iamUrl, name, keys, transport);
    ids.set(key, pending);
    if (ids.size > MAX_KEPT) ids.delete(ids.keys().next().value!);
    pending.catch(() => {
      if (ids.get(key) === pending) ids.delete(key);
    });
  }
  return pending;
}

/** Forgets the looked-up ids (clearCache()). */
export function forgetProjectIds(): void {
  ids.clear();
}
