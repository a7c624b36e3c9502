/**
 * The settings that bound time and scans, one row each with every name it goes by: the
 * ConnectionOptions path, the stack config key (`retry.*` live in the `ims:retry` object, set with
 * `pulumi config set --path ims:retry.maxAttempts 3`), the environment variable and the CLI flag.
 * Config, environment, flags, help and error hints are all read from here.
 */

export const TUNING = {
  timeoutMs: { env: "IMS_TIMEOUT_MS", flag: "timeout-ms", metavar: "MS", default: 30_000 },
  maxScanPages: { env: "IMS_MAX_SCAN_PAGES", flag: "max-scan-pages", metavar: "N", default: 100 },
  maxScanImages: { env: "IMS_MAX_SCAN_IMAGES", flag: "max-scan-images", metavar: "N", default: 100_000 },
  "retry.maxAttempts": { env: "IMS_RETRY_MAX_ATTEMPTS", flag: "retry-max-attempts", metavar: "N", default: 5 },
  "retry.baseDelayMs": { env: "IMS_RETRY_BASE_DELAY_MS", flag: "retry-base-delay-ms", metavar: "MS", default: 250 },
  "retry.maxDelayMs": { env: "IMS_RETRY_MAX_DELAY_MS", flag: "retry-max-delay-ms", metavar: "MS", default: 8_000 },
  "retry.maxElapsedMs": {
    env: "IMS_RETRY_MAX_ELAPSED_MS",
    flag: "retry-max-elapsed-ms",
    metavar: "MS",
    default: 60_000,
  },
} as const satisfies Record<string, { env: string; flag: string; metavar: string; default: number }>;

export type TuningPath = keyof typeof TUNING;
export const TUNING_PATHS = Object.keys(TUNING) as TuningPath[];

/** Sets `path` (`retry.maxAttempts` goes into `retry`) on an options object being built. */
export function setTuning(target: Record<string, unknown>, path: TuningPath, value: unknown): void {
  const [head, leaf] = path.split(".") as [string, string | undefined];
  if (leaf === undefined) {
    target[head] = value;
    return;
  }
  const nested = (target[head] ??= {}) as Record<string, unknown>;
  nested[leaf] = value;
}

/** Every name of a setting, for a hint that holds wherever the user is: "retry.maxAttempts (ims:retry.maxAttempts, IMS_RETRY_MAX_ATTEMPTS, --retry-max-attempts)". */
export function tuningNames(path: TuningPath): string {
  const { env, flag } = TUNING[path];
  return `${path} (ims:${path}, ${env}, --${flag})`;
}
