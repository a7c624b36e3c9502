/** Request authorization for each auth kind: a given token, a Keystone password token, or AK/SK signatures. */
import type { OutgoingRequest, TransportOptions } from "../transport/http";
import { TokenCache, type IssuedToken, type PasswordCredentials } from "./keystone";
import { signRequest } from "./signer";

/** The credentials of a connection, as settings resolve them. */
export type AuthSettings =
  | { readonly kind: "none" }
  | { readonly kind: "token"; readonly token: string }
  | { readonly kind: "aksk"; readonly accessKey: string; readonly secretKey: string; readonly securityToken?: string }
  | ({ readonly kind: "password" } & PasswordCredentials);

export interface Authenticator {
  readonly kind: AuthSettings["kind"];
  /** Headers for one attempt of `request`. */
  authorize(request: OutgoingRequest): Promise<Record<string, string>>;
  /** After IMS answered 401: forget cached credentials. True when trying again may succeed. */
  invalidate(): boolean;
  /** For password auth: the token's catalog and project (discovers the endpoint). */
  issued?(): Promise<IssuedToken>;
}

/** `onToken` is told each time a Keystone token is requested (password auth). */
export function createAuthenticator(auth: AuthSettings, projectId: string | undefined, transport: TransportOptions, onToken?: () => void): Authenticator {
  switch (auth.kind) {
    case "none":
      return { kind: "none", authorize: async () => ({}), invalidate: () => false };
    case "token":
      return { kind: "token", authorize: async () => ({ "x-auth-token": auth.token }), invalidate: () => false };
    case "password": {
      const cache = new TokenCache(auth, transport, onToken, transport.now);
      return {
        kind: "password",
        authorize: async () => ({ "x-auth-token": (await cache.get()).token }),
        invalidate: () => {
          cache.invalidate();
          return true;
        },
        issued: () => cache.get(),
      };
    }
    case "aksk":
      return {
        kind: "aksk",
        authorize: async (request) => {
          const host = new URL(request.origin).host;
          const signed: Record<string, string> = {};
          if (projectId) signed["x-project-id"] = projectId;
          if (auth.securityToken) signed["x-security-token"] = auth.securityToken;
          if (request.body !== undefined) signed["content-type"] = request.headers["content-type"] ?? "application/json";
          const sig = signRequest({
            method: request.method,
            host,
            path: request.path,
            query: request.query,
            headers: signed,
            body: request.body,
            accessKey: auth.accessKey,
            secretKey: auth.secretKey,
            date: new Date(),
          });
          return { ...signed, host, "x-sdk-date": sig["X-Sdk-Date"], authorization: sig.Authorization };
        },
        invalidate: () => false,
      };
    default:
      throw new Error(`unknown auth kind ${(auth as { kind: string }).kind}`);
  }
}
