/**
 * IAM / Keystone v3 password authentication: POST {authUrl}/auth/tokens, the
 * token from X-Subject-Token, cached until shortly before it expires, shared by
 * concurrent callers, and dropped after IMS answers 401 so the next call re-authenticates.
 */
import { z } from "zod";
import { ImsApiError, ImsAuthError, ImsBadResponseError, serverSaid } from "../core/errors";
import type { HttpResponse, TransportOptions } from "../transport/http";
import { requestIdOf, sendRequest } from "./sendRequest";
import { jsonOf, parseErrorBody } from "../core/errorBody";
import { registerSecret } from "../core/redact";
import { credentialKey, hold, throwIfHeld } from "./lockout";

export interface PasswordCredentials {
  /** Keystone v3 base, e.g. https://iam.eu-de.otc.t-systems.com/v3 */
  readonly authUrl: string;
  /** The user by name (with its domain) or by id. */
  readonly username?: string;
  readonly userId?: string;
  readonly password: string;
  readonly userDomainName?: string;
  readonly userDomainId?: string;
  readonly projectId?: string;
  readonly projectName?: string;
  readonly projectDomainName?: string;
  readonly projectDomainId?: string;
}

export interface IssuedToken {
  readonly token: string;
  /** ms since the epoch; Infinity when Keystone gave no expiry. */
  readonly expiresAt: number;
  /** Local clock when the token arrived. */
  readonly receivedAt: number;
  readonly projectId?: string;
  /** Public image-service endpoints from the catalog, by region ("" when the entry had none). */
  readonly imageEndpoints: ReadonlyArray<{ readonly region: string; readonly url: string }>;
}

const tokenBodySchema = z.looseObject({
  token: z.looseObject({
    expires_at: z.string().optional(),
    project: z.looseObject({ id: z.string() }).optional(),
    catalog: z
      .array(
        z.looseObject({
          type: z.string(),
          endpoints: z.array(
            z.looseObject({
              interface: z.string().optional(),
              region: z.string().nullish(),
              region_id: z.string().nullish(),
              url: z.string(),
            }),
          ),
        }),
      )
      .optional(),
  }),
});

/** Re-authenticate this long before the stated expiry (or a quarter of a shorter lifetime). */
const EXPIRY_MARGIN_MS = 60_000;

export function tokenIsFresh(token: IssuedToken, now: number): boolean {
  const margin = Math.min(EXPIRY_MARGIN_MS, (token.expiresAt - token.receivedAt) / 4);
  return token.expiresAt - margin > now;
}

function domainOf(name: string | undefined, id: string | undefined): { name: string } | { id: string } {
  if (id) return { id };
  return { name: name ?? "Default" };
}

/** The project's own domain when one is given, by id or name; else the user's: on Huawei Cloud and OTC a project lives in the user's account. */
function projectDomainOf(c: PasswordCredentials): { name: string } | { id: string } {
  if (c.projectDomainId) return { id: c.projectDomainId };
  if (c.projectDomainName) return { name: c.projectDomainName };
  return domainOf(c.userDomainName, c.userDomainId);
}

function passwordAuthBody(c: PasswordCredentials): unknown {
  const scope = c.projectId
    ? { project: { id: c.projectId } }
    : c.projectName
      ? { project: { name: c.projectName, domain: projectDomainOf(c) } }
      : undefined;
  return {
    auth: {
      identity: {
        methods: ["password"],
        password: {
          user: c.userId
            ? { id: c.userId, password: c.password }
            : { name: c.username, password: c.password, domain: domainOf(c.userDomainName, c.userDomainId) },
        },
      },
      ...(scope ? { scope } : {}),
    },
  };
}

/** A retryable status from IAM/Keystone (429, 5xx), named as such when retries run out. */
function keystoneFailure(res: HttpResponse): ImsApiError {
  const parsed = parseErrorBody(res.body);
  return new ImsApiError({
    status: res.status,
    url: res.url,
    service: "IAM/Keystone",
    method: "POST",
    imsErrorCode: parsed.code,
    requestId: requestIdOf(res) ?? parsed.requestId,
    serverMessage: parsed.message,
  });
}

/** Names a password credential for holding it failed (lockout.ts): each field that identifies the user, apart. */
export function passwordLockKey(c: PasswordCredentials): string {
  return credentialKey(
    "password",
    c.authUrl,
    c.userId ?? "",
    c.userDomainId ?? "",
    c.userDomainName ?? "",
    c.username ?? "",
    c.password,
  );
}

export async function issueToken(c: PasswordCredentials, transport: TransportOptions = {}): Promise<IssuedToken> {
  const url = new URL(`${c.authUrl.replace(/\/+$/, "")}/auth/tokens`);
  const now = transport.now ?? Date.now;
  throwIfHeld(passwordLockKey(c), now());
  const res = await sendRequest(
    {
      method: "POST",
      origin: url.origin,
      path: url.pathname,
      query: [],
      headers: { "content-type": "application/json" },
      body: JSON.stringify(passwordAuthBody(c)),
    },
    { ...transport, authorize: undefined, failureOf: keystoneFailure },
    "IAM/Keystone",
  );
  const requestId = requestIdOf(res);
  if (res.status !== 201 && res.status !== 200) {
    const parsed = parseErrorBody(res.body);
    const what =
      res.status === 401
        ? "IAM/Keystone rejected the user name, password or domain"
        : "IAM/Keystone did not issue a token";
    const error = new ImsAuthError(`${what}${serverSaid(parsed.message)}`, {
      status: res.status,
      url: url.toString(),
      requestId,
      imsErrorCode: parsed.code,
      hint: "check OS_USERNAME/HW_USER_NAME, the password, the user domain and the project",
    });
    if (res.status === 401) hold(passwordLockKey(c), error, now());
    throw error;
  }
  const token = res.headers["x-subject-token"];
  if (!token)
    throw new ImsBadResponseError(url.toString(), "no X-Subject-Token header in the token response", {
      status: res.status,
      requestId,
    });
  registerSecret(token);
  const parsed = tokenBodySchema.safeParse(jsonOf(res.body));
  if (!parsed.success)
    throw new ImsBadResponseError(url.toString(), "the token response body is not a Keystone v3 token", {
      status: res.status,
      requestId,
    });
  const body = parsed.data.token;
  const imageEndpoints = (body.catalog ?? [])
    .filter((s) => s.type === "image")
    .flatMap((s) =>
      s.endpoints
        .filter((e) => (e.interface ?? "public") === "public")
        .map((e) => ({ region: e.region_id ?? e.region ?? "", url: e.url })),
    );
  return {
    token,
    expiresAt: body.expires_at ? Date.parse(body.expires_at) : Number.POSITIVE_INFINITY,
    receivedAt: (transport.now ?? Date.now)(),
    projectId: body.project?.id,
    imageEndpoints,
  };
}

/** One cached token per credential set; concurrent callers share one POST. */
export class TokenCache {
  private current?: Promise<IssuedToken>;

  constructor(
    private readonly credentials: PasswordCredentials,
    private readonly transport: TransportOptions = {},
    private readonly onIssue: () => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached token while fresh; else one new token for all callers, who share its failure too. */
  async get(): Promise<IssuedToken> {
    const cached = this.current;
    if (cached) {
      const token = await cached;
      if (tokenIsFresh(token, this.now())) return token;
      // The first caller to find it stale asks anew; the others share that.
      if (this.current === cached) this.current = undefined;
    }
    if (!this.current) {
      this.onIssue();
      this.current = this.issue();
    }
    return this.current;
  }

  private issue(): Promise<IssuedToken> {
    const pending = issueToken(this.credentials, this.transport);
    // A failure is not kept: the next get() asks again. Unless invalidate() has replaced it already.
    pending.catch(() => {
      if (this.current === pending) this.current = undefined;
    });
    return pending;
  }

  /** Forget the token (IMS said 401: expired or revoked early). */
  invalidate(): void {
    this.current = undefined;
  }
}
