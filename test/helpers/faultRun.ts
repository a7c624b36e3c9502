/**
 * Lookups through a fault-injecting proxy, each compared with the answer Glance gives
 * without faults. Shared by the fault-tolerance test (which asserts) and
 * `npm run bench:glance` (which prints the figures).
 */
import { performance } from "node:perf_hooks";
import { ImsError } from "../../provider/core/errors";
import { resetClients } from "../../provider/connection/clients";
import { ImsClient } from "../../provider/services/imsClient";
import type { RetryPolicy } from "../../provider/transport/retry";
import { parseGetImageArgs, type GetImageArgsInput } from "../../provider/lookup/args";
import { findImage } from "../../provider/lookup/find";
import { resolveConnection } from "../../provider/connection/settings";
import { FaultProxy, type FaultKind, type FaultProxyOptions } from "./faultProxy";

export const FAULT_LOOKUPS: readonly GetImageArgsInput[] = [
  { platform: "Ubuntu" },
  { platform: "CentOS", nameRegex: "^CentOS 7\\.9" },
  { osType: "Windows", imageType: "gold" },
  { tags: ["x86", "hardened"] },
  { platform: "EulerOS", createdAt: { lt: "2024-01-01T00:00:00Z", gte: "2021-01-01T00:00:00Z" } },
  { supports: { kvm: true }, platform: "Debian" },
  { nameRegex: "^Fedora" },
  { platform: "SUSE", architecture: "x86" },
];

export interface FaultRunResult {
  readonly lookups: number;
  readonly requests: number;
  readonly faults: number;
  readonly injected: Readonly<Record<FaultKind, number>>;
  readonly correct: number;
  readonly wrong: number;
  /** Typed errors by class name. */
  readonly errors: Readonly<Record<string, number>>;
  readonly maxMs: number;
}

export async function faultRun(options: {
  readonly target: string;
  readonly rounds: number;
  readonly retry: Partial<RetryPolicy>;
  readonly timeoutMs: number;
  readonly proxy: FaultProxyOptions;
  readonly lookups?: readonly GetImageArgsInput[];
}): Promise<FaultRunResult> {
  const lookups = options.lookups ?? FAULT_LOOKUPS;
  const lookup = (endpoint: string, args: GetImageArgsInput, extra: { retry?: Partial<RetryPolicy>; timeoutMs?: number } = {}) => {
    resetClients();
    return findImage(new ImsClient(resolveConnection({ endpoint, ...extra }, {})), parseGetImageArgs(args));
  };
  const truth: string[] = [];
  for (const args of lookups) truth.push((await lookup(options.target, args)).id);

  const proxy = await FaultProxy.start(options.target, options.proxy);
  let correct = 0;
  let wrong = 0;
  let maxMs = 0;
  const errors: Record<string, number> = {};
  try {
    for (let round = 0; round < options.rounds; round++) {
      for (const [i, args] of lookups.entries()) {
        const started = performance.now();
        try {
          const image = await lookup(proxy.url, args, { retry: options.retry, timeoutMs: options.timeoutMs });
          if (image.id === truth[i]) correct++;
          else wrong++;
        } catch (e) {
          if (!ImsError.isInstance(e)) throw e;
          errors[e.name] = (errors[e.name] ?? 0) + 1;
        }
        maxMs = Math.max(maxMs, performance.now() - started);
      }
    }
    return { lookups: lookups.length * options.rounds, requests: proxy.requests, faults: proxy.faults, injected: { ...proxy.injected }, correct, wrong, errors, maxMs };
  } finally {
    await proxy.close();
  }
}
