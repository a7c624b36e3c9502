/**
 * AK/SK request signing, SDK-HMAC-SHA256, computed as Huawei Cloud's official SDK
 * (@huaweicloud/huaweicloud-sdk-core AKSKSigner) does it:
 *
 *   CanonicalRequest = METHOD \n URI-with-trailing-slash \n sorted-query \n
 *                      lower(name):value\n... \n signed;header;names \n hex(sha256(body))
 *   StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(sha256(CanonicalRequest))
 *   Authorization    = SDK-HMAC-SHA256 Access=AK, SignedHeaders=..., Signature=hex(hmac(SK, StringToSign))
 */
import { createHash, createHmac } from "node:crypto";

const SIGNING_ALGORITHM = "SDK-HMAC-SHA256";

/** RFC 3986 encoding: everything but A-Z a-z 0-9 - _ . ~ is %XX (upper case). */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function canonicalUri(path: string): string {
  const encoded = path.split("/").map(rfc3986).join("/");
  return encoded.endsWith("/") ? encoded : `${encoded}/`;
}

/** Keys sorted, the values of a repeated key sorted, both RFC 3986 encoded. */
export function canonicalQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  const byKey = new Map<string, string[]>();
  for (const [k, v] of pairs) byKey.set(k, [...(byKey.get(k) ?? []), v]);
  return [...byKey.keys()]
    .sort()
    .flatMap((k) => [...byKey.get(k)!].sort().map((v) => `${rfc3986(k)}=${rfc3986(v)}`))
    .join("&");
}

/** 20260101T000000Z */
export function sdkDate(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
}

const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

export interface SignInput {
  readonly method: string;
  /** Host header value: host[:port]. */
  readonly host: string;
  readonly path: string;
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** Headers to sign besides host and x-sdk-date (e.g. x-project-id, content-type). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly date: Date;
}

export interface SignedHeaders {
  readonly "X-Sdk-Date": string;
  readonly Authorization: string;
}

export function stringToSign(input: Omit<SignInput, "accessKey" | "secretKey">): {
  stringToSign: string;
  signedHeaders: string;
} {
  const date = sdkDate(input.date);
  const all: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.headers)) all[k.toLowerCase()] = v;
  all["host"] = input.host;
  all["x-sdk-date"] = date;
  const names = Object.keys(all).sort();
  const canonicalHeaders = names.map((n) => `${n}:${all[n]}\n`).join("");
  const signedHeaders = names.join(";");
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri(input.path),
    canonicalQuery(input.query),
    canonicalHeaders,
    signedHeaders,
    sha256Hex(input.body ?? ""),
  ].join("\n");
  return { stringToSign: [SIGNING_ALGORITHM, date, sha256Hex(canonicalRequest)].join("\n"), signedHeaders };
}

export function signRequest(input: SignInput): SignedHeaders {
  const { stringToSign: toSign, signedHeaders } = stringToSign(input);
  const signature = createHmac("sha256", input.secretKey).update(toSign).digest("hex");
  return {
    "X-Sdk-Date": sdkDate(input.date),
    Authorization: `${SIGNING_ALGORITHM} Access=${input.accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}
