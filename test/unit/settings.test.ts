import { connectionFromConfig } from "../../provider/connection/configKeys";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ImsConfigError, ImsValidationError } from "../../provider/core/errors";
import { regionEndpoints } from "../../provider/connection/regions";
import { resolveConnection } from "../../provider/connection/settings";
import { nearMisses } from "../../provider/connection/environment";

describe("regionEndpoints()", () => {
  it.each([
    ["eu-de", undefined, "https://ims.eu-de.otc.t-systems.com", "https://iam.eu-de.otc.t-systems.com/v3"],
    ["eu-nl", undefined, "https://ims.eu-nl.otc.t-systems.com", "https://iam.eu-nl.otc.t-systems.com/v3"],
    ["eu-ch2", undefined, "https://ims.eu-ch2.sc.otc.t-systems.com", "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3"],
    [
      "ap-southeast-1",
      undefined,
      "https://ims.ap-southeast-1.myhuaweicloud.com",
      "https://iam.ap-southeast-1.myhuaweicloud.com/v3",
    ],
    [
      "cn-north-4",
      "huaweicloud",
      "https://ims.cn-north-4.myhuaweicloud.com",
      "https://iam.cn-north-4.myhuaweicloud.com/v3",
    ],
  ] as const)("should map %s", (region, cloud, ims, iam) => {
    expect(regionEndpoints(region, cloud)).toEqual({ ims, iam });
  });
  it("should refuse a region that would change the host", () => {
    expect(() => regionEndpoints("evil.example/x")).toThrow(ImsConfigError);
  });
});

describe("resolveConnection({  })", () => {
  it("should prefer explicit options over the environment", () => {
    const c = resolveConnection({
      options: { endpoint: "https://a.example", token: "explicit-token" },
      env: { IMS_ENDPOINT: "https://b.example", OS_AUTH_TOKEN: "env-token" },
    });
    expect(c.endpoint).toBe("https://a.example");
    expect(c.auth).toEqual({ kind: "token", token: "explicit-token" });
  });

  it("should read AK/SK and the project from HW_* variables", () => {
    const c = resolveConnection({
      options: {},
      env: { HW_REGION_NAME: "eu-de", HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SKSK", HW_PROJECT_ID: "p1" },
    });
    expect(c).toMatchObject({
      endpoint: "https://ims.eu-de.otc.t-systems.com",
      region: "eu-de",
      projectId: "p1",
      auth: { kind: "aksk", accessKey: "AK", secretKey: "SKSK" },
    });
  });

  it("should read Keystone password settings from OS_* variables", () => {
    const c = resolveConnection({
      options: {},
      env: {
        OS_AUTH_URL: "https://keystone.example/v3",
        OS_USERNAME: "alice",
        OS_PASSWORD: "pw-1234",
        OS_PROJECT_NAME: "proj",
        OS_USER_DOMAIN_NAME: "dom",
        OS_REGION_NAME: "eu-nl",
      },
    });
    expect(c.auth).toEqual(
      expect.objectContaining({
        kind: "password",
        authUrl: "https://keystone.example/v3",
        username: "alice",
        projectName: "proj",
        userDomainName: "dom",
      }),
    );
    // The token's catalog names the image endpoint; a Keystone of unknown cloud gives no region host to fall back on.
    expect(c.endpoint).toBeUndefined();
    expect(c.fallbackEndpoint).toBeUndefined();
  });

  it("should derive the IAM URL from the region for password auth, scope to the region's project, and fall back to the region's IMS host", () => {
    const c = resolveConnection({
      options: { region: "eu-de", username: "u", password: "pw-1234", userDomainName: "OTC-EU-DE-0001" },
      env: {},
    });
    expect(c.auth).toEqual(
      expect.objectContaining({
        authUrl: "https://iam.eu-de.otc.t-systems.com/v3",
        projectName: "eu-de",
        projectDomainName: "OTC-EU-DE-0001",
      }),
    );
    expect(c).toMatchObject({ endpoint: undefined, fallbackEndpoint: "https://ims.eu-de.otc.t-systems.com" });
  });

  it("should not mix a half-set environment into explicit credentials", () => {
    const c = resolveConnection({
      options: { endpoint: "https://a.example", accessKey: "AK", secretKey: "SKSK", projectId: "p1" },
      env: { OS_USERNAME: "bob" },
    });
    expect(c.auth.kind).toBe("aksk");
  });

  it("should read a cloud from clouds.yaml", () => {
    const dir = mkdtempSync(join(tmpdir(), "ims-clouds-"));
    try {
      const file = join(dir, "clouds.yaml");
      writeFileSync(
        file,
        "clouds:\n  otc:\n    region_name: eu-de\n    auth:\n      auth_url: https://iam.eu-de.otc.t-systems.com/v3\n      username: carol\n      password: yaml-pass\n      project_name: eu-de_proj\n      user_domain_name: OTC-EU-DE-000\n",
      );
      const c = resolveConnection({ options: {}, env: { OS_CLOUD: "otc", OS_CLIENT_CONFIG_FILE: file } });
      expect(c.fallbackEndpoint).toBe("https://ims.eu-de.otc.t-systems.com");
      expect(c.auth).toEqual(
        expect.objectContaining({
          kind: "password",
          username: "carol",
          projectName: "eu-de_proj",
          userDomainName: "OTC-EU-DE-000",
        }),
      );
      expect(() => resolveConnection({ options: {}, env: { OS_CLOUD: "nope", OS_CLIENT_CONFIG_FILE: file } })).toThrow(
        /cloud "nope" is not in .*; it has otc/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("should explain a missing endpoint", () => {
    expect(() => resolveConnection({ options: { token: "t-1234" }, env: {} })).toThrow(
      /no IMS endpoint: set endpoint \(IMS_ENDPOINT, ims:endpoint\) or region/,
    );
  });

  it("should refuse half an AK/SK pair", () => {
    expect(() => resolveConnection({ options: { endpoint: "https://a.example", accessKey: "AK" }, env: {} })).toThrow(
      /only the access key is set/,
    );
  });

  it("should validate explicit options before any request", () => {
    expect(() => resolveConnection({ options: { endpoint: "ftp://x" }, env: {} })).toThrow(ImsValidationError);
    expect(() => resolveConnection({ options: { endpoint: "ftp://x" }, env: {} })).toThrow(
      /endpoint: must be an http\(s\) URL/,
    );
    expect(() => resolveConnection({ options: { bogus: 1 } as never, env: {} })).toThrow(
      /unknown argument\(s\) "bogus"/,
    );
  });

  it("should fall back to no credentials, leaving IMS to answer 401", () => {
    expect(resolveConnection({ options: { endpoint: "http://127.0.0.1:1" }, env: {} }).auth).toEqual({ kind: "none" });
  });
});

describe("connectionFromConfig()", () => {
  it("should read ims:* keys, numbers as numbers", () => {
    const config: Record<string, string> = {
      "ims:endpoint": "https://ims.example",
      "ims:maxScanPages": "5",
      "ims:maxScanImages": "900",
      "ims:timeoutMs": "2500",
    };
    expect(connectionFromConfig((k) => config[k])).toEqual({
      endpoint: "https://ims.example",
      maxScanPages: 5,
      maxScanImages: 900,
      timeoutMs: 2500,
    });
  });

  it("should read ims:retry as the object `pulumi config set --path ims:retry.maxAttempts 3` stores (JSON text from the engine)", () => {
    const config: Record<string, string> = { "ims:retry": '{"maxAttempts":3,"maxElapsedMs":"9000"}' };
    expect(connectionFromConfig((k) => config[k])).toEqual({ retry: { maxAttempts: 3, maxElapsedMs: 9000 } });
  });

  it("should report an ims:retry that is not an object, or holds an unknown key, as invalid configuration", () => {
    const resolveWith = (retry: string) => () =>
      resolveConnection({
        options: { endpoint: "https://a.example" },
        env: {},
        config: connectionFromConfig((k) => (k === "ims:retry" ? retry : undefined)),
      });
    expect(resolveWith("3")).toThrow(/invalid ims:\* configuration[\s\S]*retry/);
    expect(resolveWith('{"attempts":3}')).toThrow(/invalid ims:\* configuration[\s\S]*"attempts"/);
  });
});

describe("time and retry bounds from every source", () => {
  it("should take each retry field from the first source that sets it", () => {
    const c = resolveConnection({
      options: { endpoint: "https://a.example", retry: { maxAttempts: 2 } },
      env: { IMS_RETRY_MAX_ATTEMPTS: "7", IMS_RETRY_BASE_DELAY_MS: "10", IMS_RETRY_MAX_ELAPSED_MS: "500" },
      config: { retry: { maxElapsedMs: 1500 } },
    });
    expect(c.retry).toEqual({ maxAttempts: 2, baseDelayMs: 10, maxElapsedMs: 1500 });
  });

  it("should read every IMS_* bound from the environment", () => {
    const c = resolveConnection({
      options: { endpoint: "https://a.example" },
      env: {
        IMS_TIMEOUT_MS: "1000",
        IMS_MAX_SCAN_PAGES: "3",
        IMS_MAX_SCAN_IMAGES: "40",
        IMS_RETRY_MAX_ATTEMPTS: "1",
        IMS_RETRY_BASE_DELAY_MS: "2",
        IMS_RETRY_MAX_DELAY_MS: "3",
        IMS_RETRY_MAX_ELAPSED_MS: "4",
      },
    });
    expect(c).toMatchObject({
      timeoutMs: 1000,
      maxScanPages: 3,
      maxScanImages: 40,
      retry: { maxAttempts: 1, baseDelayMs: 2, maxDelayMs: 3, maxElapsedMs: 4 },
    });
  });

  it("should name the variable when an environment bound is not a number, quoting what it holds", () => {
    expect(() =>
      resolveConnection({ options: { endpoint: "https://a.example" }, env: { IMS_RETRY_MAX_ATTEMPTS: "many" } }),
    ).toThrow(
      'invalid setting in the environment:\n  - IMS_RETRY_MAX_ATTEMPTS: must be a whole number, from 1 to 20 (given "many")',
    );
    expect(() =>
      resolveConnection({ options: { endpoint: "https://a.example" }, env: { IMS_TIMEOUT_MS: "abc" } }),
    ).toThrow('  - IMS_TIMEOUT_MS: must be a whole number, 1 or more (given "abc")');
    expect(() =>
      resolveConnection({ options: { endpoint: "https://a.example" }, env: { IMS_API: "extenson" } }),
    ).toThrow('  - IMS_API: must be one of native, extension (given "extenson")');
  });

  it("should leave retry unset when no source sets it", () => {
    expect(resolveConnection({ options: { endpoint: "https://a.example" }, env: {} }).retry).toBeUndefined();
  });
});

describe("the names users already have", () => {
  const endpoint = { IMS_ENDPOINT: "https://ims.example" };
  it.each([
    [
      "HW_USER_PASSWORD (Huawei Cloud's Terraform)",
      { HW_USER_NAME: "u", HW_USER_PASSWORD: "pw-hw-1", HW_AUTH_URL: "https://k.example/v3", HW_PROJECT_NAME: "p" },
      { kind: "password", password: "pw-hw-1", projectName: "p" },
    ],
    ["HW_AUTH_TOKEN", { HW_AUTH_TOKEN: "tok-hw-1" }, { kind: "token", token: "tok-hw-1" }],
    ["OS_TOKEN (Open Telekom Cloud's tools)", { OS_TOKEN: "tok-os-1" }, { kind: "token", token: "tok-os-1" }],
    [
      "OS_ACCESS_KEY / OS_SECRET_KEY / OS_SECURITY_TOKEN",
      { OS_ACCESS_KEY: "AK1", OS_SECRET_KEY: "SK-1", OS_SECURITY_TOKEN: "ST-1", OS_PROJECT_ID: "p1" },
      { kind: "aksk", accessKey: "AK1", securityToken: "ST-1", projectId: "p1" },
    ],
    [
      "HUAWEICLOUD_SDK_* (the official SDK)",
      {
        HUAWEICLOUD_SDK_AK: "AK2",
        HUAWEICLOUD_SDK_SK: "SK-2",
        HUAWEICLOUD_SDK_SECURITY_TOKEN: "ST-2",
        HUAWEICLOUD_SDK_PROJECT_ID: "p2",
      },
      { kind: "aksk", accessKey: "AK2", securityToken: "ST-2", projectId: "p2" },
    ],
    [
      "OS_USER_ID, which needs no domain",
      { OS_USER_ID: "uid-1", OS_PASSWORD: "pw-os-1", OS_AUTH_URL: "https://k.example/v3", OS_PROJECT_ID: "p3" },
      { kind: "password", userId: "uid-1", projectId: "p3" },
    ],
  ] as Array<[string, Record<string, string>, Record<string, unknown>]>)("should read %s", (_, env, auth) => {
    expect(resolveConnection({ options: {}, env: { ...endpoint, ...env } }).auth).toMatchObject(auth);
  });

  it("should not read HW_PASSWORD, which no other tool reads, and name HW_USER_PASSWORD instead", () => {
    expect(() =>
      resolveConnection({
        options: {},
        env: { ...endpoint, HW_USER_NAME: "u", HW_PASSWORD: "pw-old-1", HW_AUTH_URL: "https://k.example/v3" },
      }),
    ).toThrow(
      "incomplete credentials: a user is set but no password; HW_PASSWORD is set, but pulumi-ims reads HW_USER_PASSWORD. What to do: set the password (HW_USER_PASSWORD, OS_PASSWORD, ims:password)",
    );
  });

  it("should give HW_* before OS_* before HUAWEICLOUD_SDK_*, for every pair", () => {
    const c = resolveConnection({
      options: {},
      env: {
        ...endpoint,
        HW_REGION_NAME: "eu-de",
        OS_REGION_NAME: "eu-nl",
        OS_REGION: "eu-ch2",
        HW_ACCESS_KEY: "AK-HW",
        OS_ACCESS_KEY: "AK-OS",
        HUAWEICLOUD_SDK_AK: "AK-SDK",
        HW_SECRET_KEY: "SK-HW",
        OS_SECRET_KEY: "SK-OS",
        HW_PROJECT_ID: "p-hw",
        OS_PROJECT_ID: "p-os",
        HUAWEICLOUD_SDK_PROJECT_ID: "p-sdk",
      },
    });
    expect(c).toMatchObject({ region: "eu-de", auth: { accessKey: "AK-HW", secretKey: "SK-HW", projectId: "p-hw" } });
    expect(
      resolveConnection({ options: {}, env: { ...endpoint, OS_REGION: "eu-ch2", OS_TOKEN: "t-1234" } }).region,
    ).toBe("eu-ch2");
  });

  it("should read an hcloud / KooCLI profile named by HW_PROFILE", () => {
    const dir = mkdtempSync(join(tmpdir(), "ims-hcloud-"));
    try {
      const file = join(dir, "config.json");
      writeFileSync(
        file,
        JSON.stringify({
          current: "default",
          profiles: [
            {
              name: "default",
              mode: "AKSK",
              accessKeyId: "AK-DEF",
              secretAccessKey: "SK-DEF",
              region: "cn-north-4",
              projectId: "p-def",
            },
            {
              name: "eu",
              mode: "AKSK",
              accessKeyId: "AK-EU",
              secretAccessKey: "SK-EU",
              region: "eu-west-101",
              projectId: "p-eu",
            },
          ],
        }),
      );
      const c = resolveConnection({ options: {}, env: { HW_SHARED_CONFIG_FILE: file, HW_PROFILE: "eu" } });
      expect(c).toMatchObject({
        endpoint: "https://ims.eu-west-101.myhuaweicloud.eu",
        region: "eu-west-101",
        api: "extension",
        auth: { kind: "aksk", accessKey: "AK-EU", projectId: "p-eu" },
      });
      expect(resolveConnection({ options: {}, env: { HW_SHARED_CONFIG_FILE: file } }).auth).toMatchObject({
        accessKey: "AK-DEF",
      });
      expect(() =>
        resolveConnection({ options: {}, env: { HW_SHARED_CONFIG_FILE: file, HW_PROFILE: "nope" } }),
      ).toThrow(/profile "nope" is not in .*; it has default, eu/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("endpoints", () => {
  it("should use Huawei Cloud's Europe site domain for eu-west-101, for IMS and IAM", () => {
    expect(regionEndpoints("eu-west-101")).toEqual({
      ims: "https://ims.eu-west-101.myhuaweicloud.eu",
      iam: "https://iam.eu-west-101.myhuaweicloud.eu/v3",
    });
    expect(regionEndpoints("eu-west-0")).toEqual({
      ims: "https://ims.eu-west-0.myhuaweicloud.com",
      iam: "https://iam.eu-west-0.myhuaweicloud.com/v3",
    });
  });

  it("should take the domain from HW_CLOUD or ims:cloud", () => {
    const c = resolveConnection({
      options: {},
      env: { HW_CLOUD: "example-cloud.eu", HW_REGION_NAME: "xx-east-1", HW_AUTH_TOKEN: "t-1234" },
    });
    expect(c).toMatchObject({
      endpoint: "https://ims.xx-east-1.example-cloud.eu",
      cloud: "huaweicloud",
      api: "extension",
    });
    expect(
      resolveConnection({
        options: { token: "t-1234", region: "xx-east-1" },
        env: {},
        config: { cloud: "example-cloud.eu" },
      }).endpoint,
    ).toBe("https://ims.xx-east-1.example-cloud.eu");
    expect(() =>
      resolveConnection({ options: { token: "t-1234", region: "eu-de", cloud: "not a domain" as never }, env: {} }),
    ).toThrow(/cloud: must be huaweicloud, opentelekomcloud or a domain/);
  });

  it("should add /v3 to an auth URL without a version, and drop /v2 from an IMS endpoint", () => {
    const c = resolveConnection({
      options: {
        endpoint: "https://ims.eu-de.otc.t-systems.com/v2/",
        authUrl: "https://iam.eu-de.otc.t-systems.com",
        accessKey: "AK",
        secretKey: "SK-12",
        projectName: "eu-de",
      },
      env: {},
    });
    expect(c.endpoint).toBe("https://ims.eu-de.otc.t-systems.com");
    expect(c.auth).toMatchObject({ iamUrl: "https://iam.eu-de.otc.t-systems.com/v3" });
  });
});

describe("credential mistakes, found before any request", () => {
  const fail = (env: Record<string, string>, options = {}) => {
    try {
      resolveConnection({ options: options, env: env });
    } catch (e) {
      expect(ImsConfigError.isInstance(e)).toBe(true);
      return (e as Error).message;
    }
    throw new Error("resolveConnection accepted the settings");
  };

  it("should refuse no credentials at all for a cloud's endpoint, listing what to set", () => {
    expect(fail({ HW_REGION_NAME: "eu-de" })).toMatch(
      /^no credentials for Open Telekom Cloud, which refuses every request without them\. What to do: set a token \(IMS_TOKEN, HW_AUTH_TOKEN/,
    );
    expect(fail({ IMS_ENDPOINT: "https://ims.ap-southeast-1.myhuaweicloud.com" })).toMatch(
      /^no credentials for Huawei Cloud/,
    );
  });

  it("should let an endpoint of no known cloud be asked without credentials (the local server, a Glance without auth)", () => {
    expect(resolveConnection({ options: {}, env: { IMS_ENDPOINT: "http://127.0.0.1:9292" } }).auth).toEqual({
      kind: "none",
    });
  });

  it.each([
    [
      "a user without a password",
      { HW_REGION_NAME: "eu-de", OS_USERNAME: "u", OS_USER_DOMAIN_NAME: "acme" },
      "incomplete credentials: a user is set but no password. What to do: set the password (HW_USER_PASSWORD, OS_PASSWORD, ims:password)",
    ],
    [
      "a password without a user",
      { HW_REGION_NAME: "eu-de", OS_PASSWORD: "pw-1234" },
      "incomplete credentials: a password is set but no user. What to do: set the user name (HW_USER_NAME, OS_USERNAME, ims:username) or userId",
    ],
    [
      "HW_PASSWORD for HW_USER_PASSWORD",
      { HW_REGION_NAME: "eu-de", HW_USER_NAME: "u", HW_PASSWORD: "pw-1234" },
      "HW_PASSWORD is set, but pulumi-ims reads HW_USER_PASSWORD",
    ],
    [
      "an access key without its secret key, and gophertelekomcloud's OS_SK",
      { HW_REGION_NAME: "eu-de", OS_ACCESS_KEY: "AK", OS_SK: "SK-1234" },
      "only the access key is set; OS_SK is set, but pulumi-ims reads OS_SECRET_KEY. What to do: set secretKey (HW_SECRET_KEY, OS_SECRET_KEY, HUAWEICLOUD_SDK_SK, ims:secretKey)",
    ],
    [
      "a password without the account's domain, and HW_DOMAIN",
      { HW_REGION_NAME: "eu-de", HW_USER_NAME: "u", HW_USER_PASSWORD: "pw-1234", HW_DOMAIN: "acme" },
      "needs the account (domain) name; HW_DOMAIN is set, but pulumi-ims reads HW_DOMAIN_NAME. What to do: set userDomainName",
    ],
    [
      "a misspelt IMS_ variable",
      { HW_REGION_NAME: "eu-de", IMS_TOKNE: "t-1234" },
      "no credentials for Open Telekom Cloud, which refuses every request without them; IMS_TOKNE is set, but pulumi-ims reads IMS_TOKEN.",
    ],
  ])("should name what is missing for %s", (_, env, message) => {
    expect(fail(env)).toContain(message);
  });

  it("should not blame an unread variable when the one meant is set too", () => {
    expect(nearMisses({ HW_PASSWORD: "x", HW_USER_PASSWORD: "y", IMS_TOKNE: "t", IMS_TOKEN: "t" })).toEqual([]);
    expect(nearMisses({ HW_PASSWORD: "x", HW_USER_PASSWORD: "" })).toEqual([
      "HW_PASSWORD is set, but pulumi-ims reads HW_USER_PASSWORD",
    ]);
    expect(
      resolveConnection({ options: {}, env: { HW_REGION_NAME: "eu-de", IMS_TOKEN: "t-1234", HW_TOKEN: "t-1234" } })
        .auth,
    ).toMatchObject({ kind: "token" });
  });
});

describe("the region of an Open Telekom Cloud project name", () => {
  const password = { OS_USERNAME: "u", OS_PASSWORD: "pw-1234", OS_USER_DOMAIN_NAME: "acme" };
  it.each([
    ["the environment", {}, { ...password, OS_PROJECT_NAME: "eu-nl_myproject" }, {}],
    ["options", { projectName: "eu-nl_myproject" }, password, {}],
    ["stack config", {}, password, { projectName: "eu-nl_myproject" }],
  ])("should take eu-nl from eu-nl_myproject in %s", (_, options, env, config) => {
    const c = resolveConnection({ options: options, env: env, config: config });
    expect(c.region).toBe("eu-nl");
    expect(c.auth).toMatchObject({ authUrl: "https://iam.eu-nl.otc.t-systems.com/v3", projectName: "eu-nl_myproject" });
    expect(c.fallbackEndpoint).toBe("https://ims.eu-nl.otc.t-systems.com");
  });

  it("should keep a region that is set, and read no region from a name without one", () => {
    expect(
      resolveConnection({ options: { region: "eu-de" }, env: { ...password, OS_PROJECT_NAME: "eu-nl_x" } }).region,
    ).toBe("eu-de");
    expect(() => resolveConnection({ options: {}, env: { ...password, OS_PROJECT_NAME: "my_project" } })).toThrow(
      /password authentication needs an auth URL/,
    );
  });
});
