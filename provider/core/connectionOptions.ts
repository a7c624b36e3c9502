/**
 * How a program, the CLI or the provider connects to IMS: the public shape, free of zod so it
 * compiles in any consumer project. settings.ts validates it; a compile-time check there keeps
 * its schema and this interface the same.
 */
import type { Api, Cloud } from "./vocabulary";

export interface RetryOptions {
  /** Attempts in all, the first included (1 to 20; default 5). */
  maxAttempts?: number;
  /** First backoff, before jitter (default 250). */
  baseDelayMs?: number;
  /** Longest single backoff (default 8000). */
  maxDelayMs?: number;
  /** No attempt starts after this much time since the first one (default 60000). */
  maxElapsedMs?: number;
}

/** A domain such as `myhuaweicloud.eu`. */
export type CloudDomain = `${string}.${string}`;

export interface ConnectionOptions {
  /** IMS endpoint, e.g. https://ims.eu-de.otc.t-systems.com (`IMS_ENDPOINT`, `ims:endpoint`). */
  endpoint?: string;
  /** Region, e.g. eu-de or cn-north-4: gives the endpoint and, for password auth, the project. */
  region?: string;
  /**
   * Which cloud: "huaweicloud" or "opentelekomcloud", or the domain of Huawei Cloud's endpoints for
   * another site (`myhuaweicloud.eu`, as Terraform's `HW_CLOUD`). Unset: from the endpoint's or the auth URL's
   * host, else from the region when the region gives the endpoints.
   */
  cloud?: Cloud | CloudDomain;
  /**
   * The list API: "native" (GET /v2/images) or "extension" (GET /v2/cloudimages). Unset: Huawei Cloud
   * uses the extension API it recommends, Open Telekom Cloud and an endpoint of unknown cloud the native one
   * (`IMS_API`, `ims:api`, `--api`).
   */
  api?: Api;
  projectId?: string;
  projectName?: string;
  /** AK/SK signing (SDK-HMAC-SHA256). */
  accessKey?: string;
  /** Secret: never logged, never in state. */
  secretKey?: string;
  /** With temporary AK/SK. Secret. */
  securityToken?: string;
  /** An IAM/Keystone token, sent as X-Auth-Token. Secret. */
  token?: string;
  /** IAM/Keystone v3 URL for password auth, e.g. https://iam.eu-de.otc.t-systems.com/v3. */
  authUrl?: string;
  username?: string;
  /** The user by id instead of name (`OS_USER_ID`, `HW_USER_ID`); needs no domain. */
  userId?: string;
  /** Secret. */
  password?: string;
  userDomainName?: string;
  userDomainId?: string;
  projectDomainName?: string;
  projectDomainId?: string;
  /** The domain (account) name for both user and project when neither is set (`OS_DEFAULT_DOMAIN`, as Open Telekom Cloud's tools). */
  defaultDomain?: string;
  /** An entry of clouds.yaml (`OS_CLOUD`). */
  osCloud?: string;
  /** clouds.yaml to read instead of the usual search path (`OS_CLIENT_CONFIG_FILE`). */
  cloudsYamlPath?: string;
  /** secure.yaml, merged over clouds.yaml as openstacksdk does (`OS_CLIENT_SECURE_FILE`). */
  secureYamlPath?: string;
  /** Per-attempt timeout of a request. */
  timeoutMs?: number;
  /**
   * At most this many pages read by one lookup (default 100; `IMS_MAX_SCAN_PAGES`, `ims:maxScanPages`,
   * `--max-scan-pages`). A lookup that would read more ends in ImsScanLimitError, saying what it read.
   */
  maxScanPages?: number;
  /** At most this many images read by one lookup (default 100000; `IMS_MAX_SCAN_IMAGES`, `ims:maxScanImages`, `--max-scan-images`). */
  maxScanImages?: number;
  retry?: RetryOptions;
}
