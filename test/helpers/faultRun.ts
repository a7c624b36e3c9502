/**
 * Lookups through a fault-injecting proxy, each compared with the truth: the first image, in
 * Glance's own newest-first order, that a plain query to Glance without faults returns and a
 * hand-written predicate accepts (no pulumi-ims code decides it). Shared by the fault-tolerance
 * test (which asserts) and `npm run bench:glance` (which prints the figures).
 */
import { performance } from "node:perf_hooks";
import { ImsError } from "../../provider/core/errors";
import { resetClients } from "../../provider/connection/clients";
import { ImsClient } from "../../provider/services/imsClient";
import type { RetryPolicy } from "../../provider/transport/retry";
import { parseGetImageArgs, type GetImageArgsInput } from "../../provider/lookup/args";
import { findImage } from "../../provider/lookup/scan";
import { resolveConnection } from "../../provider/connection/settings";
import { FaultProxy, type FaultKind, type FaultProxyOptions } from "./faultProxy";

type Json = Record<string, any>;

/** A lookup, and how to find its answer without pulumi-ims: Glance's query for the server part, a predicate for the rest. */
export interface FaultLookup {
  readonly args: GetImageArgsInput;
  readonly query: string;
  readonly keep?: (image: Json) => boolean;
}

export const FAULT_LOOKUPS: readonly FaultLookup[] = [
  { args: { platform: "Ubuntu" }, query: "__platform=Ubuntu" },
  {
    args: { platform: "CentOS", nameRegex: "^CentOS 7\\.9" },
    query: "__platform=CentOS",
    keep: (i) => i.name.startsWith("CentOS 7.9"),
  },
  { args: { osType: "Windows", imageType: "gold" }, query: "__os_type=Windows&__imagetype=gold" },
  { args: { tags: ["x86", "hardened"] }, query: "tag=x86", keep: (i) => i.tags.includes("hardened") },
  {
    args: { platform: "EulerOS", createdAt: { lt: "2024-01-01T00:00:00Z", gte: "2021-01-01T00:00:00Z" } },
    query: "__platform=EulerOS&created_at=lt:2024-01-01T00:00:00Z",
    keep: (i) => i.created_at >= "2021-01-01T00:00:00Z",
  },
  { args: { supports: { kvm: true }, platform: "Debian" }, query: "__platform=Debian&__support_kvm=true" },
  { args: { nameRegex: "^Fedora" }, query: "", keep: (i) => i.name.startsWith("Fedora") },
  {
    args: { platform: "SUSE", architecture: "x86" },
    query: "__platform=SUSE",
    keep: (i) => i.architecture !== "arm" && i.__support_arm !== "true",
  },
];

/** The expected answer, straight from Glance: active images newest first, pages read by marker until one is kept. */
async function truthOf(target: string, lookup: FaultLookup): Promise<string> {
  let marker: string | undefined;
  for (let page = 0; page < 100; page++) {
    const query = [
      lookup.query,
      "status=active",
      "sort_key=created_at",
      "sort_dir=desc",
      "limit=1000",
      marker ? `marker=${marker}` : "",
    ]
      .filter(Boolean)
      .join("&");
    const body = (await (await fetch(`${target}/v2/images?${query}`)).json()) as { images: Json[] };
    const found = body.images.find((i) => lookup.keep?.(i) ?? true);
    if (found) return found.id;
    if (body.images.length === 0) break;
    marker = body.images[body.images.length - 1]!.id;
  }
  throw new Error(`no image in Glance answers ${JSON.stringify(lookup.args)}`);
}

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
  readonly lookups?: readonly FaultLookup[];
}): Promise<FaultRunResult> {
  const lookups = options.lookups ?? FAULT_LOOKUPS;
  const lookup = (
    endpoint: string,
    args: GetImageArgsInput,
    extra: { retry?: Partial<RetryPolicy>; timeoutMs?: number } = {},
  ) => {
    resetClients();
    return findImage(
      new ImsClient(resolveConnection({ options: { endpoint, ...extra }, env: {} })),
      parseGetImageArgs({ anyOwner: true, ...args }),
    );
  };
  const truth: string[] = [];
  for (const l of lookups) truth.push(await truthOf(options.target, l));

  const proxy = await FaultProxy.start(options.target, options.proxy);
  let correct = 0;
  let wrong = 0;
  let maxMs = 0;
  const errors: Record<string, number> = {};
  try {
    for (let round = 0; round < options.rounds; round++) {
      for (const [i, { args }] of lookups.entries()) {
        const started = performance.now();
        try {
          const image = await lookup(proxy.url, args, { retry: options.retry, timeoutMs: options.timeoutMs });
          if (image.image?.id === truth[i]) correct++;
          else wrong++;
        } catch (e) {
          if (!ImsError.isInstance(e)) throw e;
          errors[e.name] = (errors[e.name] ?? 0) + 1;
        }
        maxMs = Math.max(maxMs, performance.now() - started);
      }
    }
    return {
      lookups: lookups.length * options.rounds,
      requests: proxy.requests,
      faults: proxy.faults,
      injected: { ...proxy.injected },
      correct,
      wrong,
      errors,
      maxMs,
    };
  } finally {
    await proxy.close();
  }
}
