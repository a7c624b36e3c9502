/** Request authorization for each auth kind: a given token, a Keystone password token, or AK/SK signatures. */
import type { OutgoingRequest, TransportOptions } from "../transport/http";
import { passwordLockKey, TokenCache, type IssuedToken, type PasswordCredentials } from "./keystone";
import { akskLockKey, projectIdFor, signedHeaders } from "./iamProjects";
import { credentialKey } from "./lockout";

/** The credentials of a connection, as settings resolve them. */
export type AuthSettings =
  | { readonly kind: "none" }
  | { readonly kind: "token"; readonly token: string }
  | {
      readonly kind: "aksk";
      readonly accessKey: string;
      readonly secretKey: string;
      readonly securityToken?: string;
      /** The project to act in (X-Project-Id); or its name, whose id is asked of IAM at `iamUrl`. */
      readonly projectId?: string;
      readonly projectName?: string;
      readonly iamUrl?: string;
    }
  | ({ readonly kind: "password" } & PasswordCredentials);

export interface Authenticator {
  readonly kind: AuthSettings["kind"];
  /** Headers for one attempt of `request`. */
  authorize(request: OutgoingRequest): Promise<Record<string, string>>;
  /** After IMS answered 401: forget cached credentials. True when trying again may succeed. */
  invalidate(): boolean;
  /** For password auth: the token's catalog and project (discovers the endpoint). */
  issued?(): Promise<IssuedToken>;
  /** Names the credential at `origin` for holding it failed after a 401 (lockout.ts); undefined without credentials. */
  lockKey(origin: string): string | undefined;
}

/** `onToken` is told each time a Keystone token is requested (password auth). */
export function createAuthenticator(
  auth: AuthSettings,
  transport: TransportOptions,
  onToken?: () => void,
): Authenticator {
  const now = transport.now ?? Date.now;
  switch (auth.kind) {
    case "none":
      return { kind: "none", authorize: async () => ({}), invalidate: () => false, lockKey: () => undefined };
    case "token":
      return {
        kind: "token",
        authorize: async () => ({ "x-auth-token": auth.token }),
        invalidate: () => false,
        lockKey: (origin) => credentialKey("token", origin, auth.token),
      };
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
        lockKey: () => passwordLockKey(auth),
      };
    }
    case "aksk": {
      const keys = { accessKey: auth.accessKey, secretKey: auth.secretKey, securityToken: auth.securityToken };
      // X-Project-Id on every call, as the official SDKs send it: given, or asked of IAM by name.
      const projectId = (): Promise<string | undefined> =>
        auth.projectId !== undefined || auth.projectName === undefined || auth.iamUrl === undefined
          ? Promise.resolve(auth.projectId)
          : projectIdFor(auth.iamUrl, auth.projectName, keys, transport);
      return {
        kind: "aksk",
        authorize: async (request) => signedHeaders(request, keys, await projectId(), new Date(now())),
        invalidate: () => false,
        lockKey: (origin) => akskLockKey(origin, auth.accessKey),
      };
    }
  }
}
