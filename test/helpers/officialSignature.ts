/**
 * Huawei's official SDK (@huaweicloud/huaweicloud-sdk-core) signing a request exactly as it arrived:
 * the truth for every AK/SK test, from outside the code under test. The local server takes
 * `verifyWithOfficialSdk` as its signature check in this repository's tests.
 */
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";
import type { SignedRequest } from "../../provider/localServer/server";

/** The Authorization header the SDK computes for the request: method, path, the signed headers, the query as decoded. */
export function officialAuthorization(r: Omit<SignedRequest, "body" | "secretKey"> & { secretKey: string }): string {
  const signedNames = /SignedHeaders=([^,]+)/.exec(String(r.headers.authorization))![1]!.split(";");
  const headers: Record<string, string> = {};
  // The SDK adds its own X-Sdk-Date unless given under that spelling.
  for (const name of signedNames)
    if (name !== "host") headers[name === "x-sdk-date" ? "X-Sdk-Date" : name] = String(r.headers[name]);
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(r.query)) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const signed = AKSKSigner.sign(
    { method: r.method, endpoint: `http://${r.host}${r.path}`, headers, queryParams: query },
    { getAk: () => r.accessKey, getSk: () => r.secretKey } as never,
  ) as Record<string, string>;
  return signed.Authorization!;
}

/** The local server's signature check, by the official SDK: the header sent must be the one it computes. */
export function verifyWithOfficialSdk(r: SignedRequest): boolean {
  return r.headers.authorization === officialAuthorization(r);
}
