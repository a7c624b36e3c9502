import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";
import {
  canonicalQuery,
  canonicalUri,
  rfc3986,
  sdkDate,
  signRequest,
  stringToSign,
} from "../../provider/services/signer";

/** The official SDK's signer on the same request: our output must be byte-identical. */
function officialSign(input: {
  method: string;
  url: string;
  headers: Record<string, string>;
  query: Record<string, string | string[]>;
  body?: unknown;
}) {
  const credential = { getAk: () => "AKEXAMPLE0123456789", getSk: () => "SKexample/secret+key=0123456789abcdef" };
  return AKSKSigner.sign(
    {
      method: input.method,
      endpoint: input.url,
      headers: { ...input.headers },
      queryParams: input.query,
      data: input.body,
    },
    credential as never,
  ) as Record<string, string>;
}

const DATE = new Date("2026-11-22T18:42:54Z");

describe("signRequest()", () => {
  const cases: Array<{
    name: string;
    path: string;
    query: Array<[string, string]>;
    headers: Record<string, string>;
    body?: string;
  }> = [
    { name: "no query", path: "/v2/images", query: [], headers: {} },
    {
      name: "filters, a time operator and a repeated tag",
      path: "/v2/images",
      query: [
        ["__platform", "Ubuntu"],
        ["created_at", "lt:2018-10-28T10:00:00Z"],
        ["tag", "x86"],
        ["tag", "gold"],
        ["name", "CentOS 7.3 64bit"],
        ["limit", "1"],
      ],
      headers: { "X-Project-Id": "0605767c6c80d5a92f54c0101e9f3e23" },
    },
    {
      name: "reserved characters",
      path: "/v2/images",
      query: [
        ["name", "a+b/c*d~e(f)!'"],
        ["__os_version", "Ubuntu 22.04 ünïcode"],
      ],
      headers: {},
    },
    {
      name: "detail path",
      path: "/v2/images/bc6bed6e-ba3a-4447-afcc-449174a3eb52",
      query: [],
      headers: { "X-Project-Id": "p1" },
    },
    {
      name: "POST with a body",
      path: "/v3/auth/tokens",
      query: [],
      headers: { "Content-Type": "application/json" },
      body: '{"a":1}',
    },
  ];

  it.each(cases)("should match @huaweicloud/huaweicloud-sdk-core for $name", ({ path, query, headers, body }) => {
    const host = "ims.eu-de.otc.t-systems.com";
    const ours = signRequest({
      method: body ? "POST" : "GET",
      host,
      path,
      query,
      headers,
      body,
      accessKey: "AKEXAMPLE0123456789",
      secretKey: "SKexample/secret+key=0123456789abcdef",
      date: DATE,
    });
    const queryObject: Record<string, string | string[]> = {};
    for (const [k, v] of query) {
      const prev = queryObject[k];
      queryObject[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const official = officialSign({
      method: body ? "POST" : "GET",
      url: `https://${host}${path}`,
      headers: { ...headers, "X-Sdk-Date": sdkDate(DATE) },
      query: queryObject,
      body: body ? JSON.parse(body) : undefined,
    });
    expect(ours.Authorization).toBe(official.Authorization);
    expect(ours["X-Sdk-Date"]).toBe("20261122T184254Z");
  });

  it("should differ when the secret key differs", () => {
    const base = {
      method: "GET",
      host: "h",
      path: "/v2/images",
      query: [] as Array<[string, string]>,
      headers: {},
      accessKey: "AK",
      date: DATE,
    };
    expect(signRequest({ ...base, secretKey: "one-secret" }).Authorization).not.toBe(
      signRequest({ ...base, secretKey: "two-secret" }).Authorization,
    );
  });

  it("should never put the secret key in the headers", () => {
    const signed = signRequest({
      method: "GET",
      host: "h",
      path: "/",
      query: [],
      headers: {},
      accessKey: "AK",
      secretKey: "SK-SECRET-VALUE",
      date: DATE,
    });
    expect(JSON.stringify(signed)).not.toContain("SK-SECRET-VALUE");
  });
});

describe("canonical forms", () => {
  it("should encode as RFC 3986", () => {
    expect(rfc3986("a b+c:d/e~f*g")).toBe("a%20b%2Bc%3Ad%2Fe~f%2Ag");
  });
  it("should add a trailing slash to the path", () => {
    expect(canonicalUri("/v2/images")).toBe("/v2/images/");
    expect(canonicalUri("/v2/images/")).toBe("/v2/images/");
  });
  it("should sort keys and repeated values", () => {
    expect(
      canonicalQuery([
        ["tag", "b"],
        ["limit", "1"],
        ["tag", "a"],
      ]),
    ).toBe("limit=1&tag=a&tag=b");
  });
});

describe("Huawei's worked example (API Request Signing Guide)", () => {
  // The guide's request, keys and date, and the hash and signature it prints.
  const input = {
    method: "GET",
    host: "service.region.example.com",
    path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
    query: [
      ["limit", "2"],
      ["marker", "13551d6b-755d-4757-b956-536f674975c0"],
    ] as Array<[string, string]>,
    headers: { "Content-Type": "application/json" },
    date: new Date("2019-11-15T03:36:55Z"),
  };

  it("should hash the canonical request as the guide does", () => {
    expect(stringToSign(input).stringToSign.split("\n")).toEqual([
      "SDK-HMAC-SHA256",
      "20191115T033655Z",
      "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
    ]);
  });

  it("should give the guide's signature", () => {
    const signed = signRequest({
      ...input,
      accessKey: "QTWAOYTTINDUT2QVKYUC",
      secretKey: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
    });
    expect(signed.Authorization).toBe(
      "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
    );
  });
});
