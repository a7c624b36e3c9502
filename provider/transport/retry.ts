/** Pure retry arithmetic: exponential backoff with full jitter, and Retry-After. */
import { TUNING } from "../core/tuning";

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** No attempt starts after this much time since the first one, and no wait runs past it. */
  readonly maxElapsedMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: TUNING["retry.maxAttempts"].default,
  baseDelayMs: TUNING["retry.baseDelayMs"].default,
  maxDelayMs: TUNING["retry.maxDelayMs"].default,
  maxElapsedMs: TUNING["retry.maxElapsedMs"].default,
};

/** Delay before attempt `attempt + 1` (attempt counts from 1): uniform in [0, min(max, base * 2^(attempt-1))]. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}

/** Retry-After as delta-seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date names its day and month ("Sun, 22 Nov 2026 18:00:10 GMT").
  if (!/^[A-Za-z]{3}, /.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * The wait before the next attempt, or undefined when the policy says stop:
 * attempts used up, or the wait (Retry-After wins over backoff when longer) would end past maxElapsedMs.
 */
export function nextDelayMs(
  attempt: number,
  elapsedMs: number,
  policy: RetryPolicy,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  const delay = Math.max(backoffDelayMs(attempt, policy, random), retryAfterMs ?? 0);
  if (elapsedMs + delay >= policy.maxElapsedMs) return undefined;
  return delay;
}
