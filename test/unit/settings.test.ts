import { connectionFromConfig } from "../../provider/connection/configKeys";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ImsConfigError, ImsValidationError } from "../../provider/core/errors";
import { regionEndpoints } from "../../provider/connection/regions";
import { resolveConnection } from "../../provider/connection/settings";

describe("regionEndpoints()", () => {
  it.each([
    ["eu-de", undefined, "https://ims.eu-de.otc.t-systems.com", "https://iam.eu-de.otc.t-systems.com/v3"],
    ["eu-nl", undefined, "https://ims.eu-nl.otc.t-systems.com", "https://iam.eu-nl.otc.t-systems.com/v3"],
    ["eu-ch2", undefined, "https://ims.eu-ch2.sc.otc.t-systems.com", "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3"],
    ["ap-southeast-1", undefined, "https://ims.ap-southeast-1.myhuaweicloud.com", "https://iam.ap-southeast-1.myhuaweicloud.com/v3"],
    ["cn-north-4", "huaweicloud", "https://ims.cn-north-4.myhuaweicloud.com", "https://iam.cn-north-4.myhuaweicloud.com/v3"],
  ] as const)("should map %s", (region, cloud, ims, iam) => {
    expect(regionEndpoints(region, cloud)).toEqual({ ims, iam });
  });
  it("should refuse a region that would change the host", () => {
    expect(() => regionEndpoints("evil.example/x")).toThrow(ImsConfigError);
  });
});

describe("resolveConnection()", () => {
  it("should prefer explicit options over the environment", () => {
    const c = resolveConnection({ endpoint: "https://a.example", token: "explicit-token" }, { IMS_ENDPOINT: "https://b.example", OS_AUTH_TOKEN: "env-token" });
    expect(c.endpoint).toBe("https://a.example");
    expect(c.auth).toEqual({ kind: "token", token: "explicit-token" });
  });

  it("should read AK/SK and the project from HW_* variables", () => {
    const c = resolveConnection({}, { HW_REGION_NAME: "eu-de", HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SKSK", HW_PROJECT_ID: "p1" });
    expect(c).toMatchObject({ endpoint: "https://ims.eu-de.otc.t-systems.com", region: "eu-de", projectId: "p1", auth: { kind: "aksk", accessKey: "AK", secretKey: "SKSK" } });
  });

  it("should read Keystone password settings from OS_* variables", () => {
    const c = resolveConnection({}, {
      OS_AUTH_URL: "https://keystone.example/v3", OS_USERNAME: "alice", OS_PASSWORD: "pw-1234", OS_PROJECT_NAME: "proj",
      OS_USER_DOMAIN_NAME: "dom", OS_REGION_NAME: "eu-nl",
    });
    expect(c.auth).toEqual(expect.objectContaining({ kind: "password", authUrl: "https://keystone.example/v3", username: "alice", projectName: "proj", userDomainName: "dom" }));
    expect(c.endpoint).toBe("https://ims.eu-nl.otc.t-systems.com");
  });

  it("should derive the IAM URL from the region for password auth", () => {
    const c = resolveConnection({ region: "eu-de", username: "u", password: "pw-1234" }, {});
    expect(c.auth).toEqual(expect.objectContaining({ authUrl: "https://iam.eu-de.otc.t-systems.com/v3" }));
  });

  it("should not mix a half-set environment into explicit credentials", () => {
    const c = resolveConnection({ endpoint: "https://a.example", accessKey: "AK", secretKey: "SKSK" }, { OS_USERNAME: "bob" });
    expect(c.auth.kind).toBe("aksk");
  });

  it("should read a cloud from clouds.yaml", () => {
    const dir = mkdtempSync(join(tmpdir(), "ims-clouds-"));
    try {
      const file = join(dir, "clouds.yaml");
      writeFileSync(file, "clouds:\n  otc:\n    region_name: eu-de\n    auth:\n      auth_url: https://iam.eu-de.otc.t-systems.com/v3\n      username: carol\n      password: yaml-pass\n      project_name: eu-de_proj\n      user_domain_name: OTC-EU-DE-000\n");
      const c = resolveConnection({}, { OS_CLOUD: "otc", OS_CLIENT_CONFIG_FILE: file });
      expect(c.endpoint).toBe("https://ims.eu-de.otc.t-systems.com");
      expect(c.auth).toEqual(expect.objectContaining({ kind: "password", username: "carol", projectName: "eu-de_proj", userDomainName: "OTC-EU-DE-000" }));
      expect(() => resolveConnection({}, { OS_CLOUD: "nope", OS_CLIENT_CONFIG_FILE: file })).toThrow(/cloud "nope" is not in .*; it has otc/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("should explain a missing endpoint", () => {
    expect(() => resolveConnection({ token: "t-1234" }, {})).toThrow(/no IMS endpoint: set endpoint \(IMS_ENDPOINT, ims:endpoint\) or region/);
  });

  it("should refuse half an AK/SK pair", () => {
    expect(() => resolveConnection({ endpoint: "https://a.example", accessKey: "AK" }, {})).toThrow(/only the access key is set/);
  });

  it("should validate explicit options before any request", () => {
    expect(() => resolveConnection({ endpoint: "ftp://x" }, {})).toThrow(ImsValidationError);
    expect(() => resolveConnection({ endpoint: "ftp://x" }, {})).toThrow(/endpoint: must be an http\(s\) URL/);
    expect(() => resolveConnection({ bogus: 1 } as never, {})).toThrow(/unknown argument\(s\) "bogus"/);
  });

  it("should fall back to no credentials, leaving IMS to answer 401", () => {
    expect(resolveConnection({ endpoint: "http://127.0.0.1:1" }, {}).auth).toEqual({ kind: "none" });
  });
});

describe("connectionFromConfig()", () => {
  it("should read ims:* keys, numbers as numbers", () => {
    const config: Record<string, string> = { "ims:endpoint": "https://ims.example", "ims:maxScanPages": "5", "ims:maxScanImages": "900", "ims:timeoutMs": "2500" };
    expect(connectionFromConfig((k) => config[k])).toEqual({ endpoint: "https://ims.example", maxScanPages: 5, maxScanImages: 900, timeoutMs: 2500 });
  });

  it("should read ims:retry as the object `pulumi config set --path ims:retry.maxAttempts 3` stores (JSON text from the engine)", () => {
    const config: Record<string, string> = { "ims:retry": '{"maxAttempts":3,"maxElapsedMs":"9000"}' };
    expect(connectionFromConfig((k) => config[k])).toEqual({ retry: { maxAttempts: 3, maxElapsedMs: 9000 } });
  });

  it("should report an ims:retry that is not an object, or holds an unknown key, as invalid configuration", () => {
    const resolveWith = (retry: string) => () => resolveConnection({ endpoint: "https://a.example" }, {}, connectionFromConfig((k) => (k === "ims:retry" ? retry : undefined)));
    expect(resolveWith("3")).toThrow(/invalid ims:\* configuration[\s\S]*retry/);
    expect(resolveWith('{"attempts":3}')).toThrow(/invalid ims:\* configuration[\s\S]*"attempts"/);
  });
});

describe("time and retry bounds from every source", () => {
  it("should take each retry field from the first source that sets it", () => {
    const c = resolveConnection(
      { endpoint: "https://a.example", retry: { maxAttempts: 2 } },
      { IMS_RETRY_MAX_ATTEMPTS: "7", IMS_RETRY_BASE_DELAY_MS: "10", IMS_RETRY_MAX_ELAPSED_MS: "500" },
      { retry: { maxElapsedMs: 1500 } },
    );
    expect(c.retry).toEqual({ maxAttempts: 2, baseDelayMs: 10, maxElapsedMs: 1500 });
  });

  it("should read every IMS_* bound from the environment", () => {
    const c = resolveConnection({ endpoint: "https://a.example" }, {
      IMS_TIMEOUT_MS: "1000", IMS_MAX_SCAN_PAGES: "3", IMS_MAX_SCAN_IMAGES: "40",
      IMS_RETRY_MAX_ATTEMPTS: "1", IMS_RETRY_BASE_DELAY_MS: "2", IMS_RETRY_MAX_DELAY_MS: "3", IMS_RETRY_MAX_ELAPSED_MS: "4",
    });
    expect(c).toMatchObject({ timeoutMs: 1000, maxScanPages: 3, maxScanImages: 40, retry: { maxAttempts: 1, baseDelayMs: 2, maxDelayMs: 3, maxElapsedMs: 4 } });
  });

  it("should name the variable's setting when an environment bound is not a number", () => {
    expect(() => resolveConnection({ endpoint: "https://a.example" }, { IMS_RETRY_MAX_ATTEMPTS: "many" })).toThrow(/environment[\s\S]*retry\.maxAttempts/);
  });

  it("should leave retry unset when no source sets it", () => {
    expect(resolveConnection({ endpoint: "https://a.example" }, {}).retry).toBeUndefined();
  });
});
