/**
 * Credentials held failed after IAM or IMS refused them (HTTP 401). Huawei Cloud locks an AK for
 * 5 minutes after five failed signatures in a row; sending more signed requests with a key that was
 * just refused only extends that. So a refused credential is held failed for HOLD_MS in this process:
 * every lookup that would use it fails at once with the same typed error, saying when a retry is safe.
 * Bounded: at most MAX_HELD credentials are held, the oldest dropped first.
 */
import { createHash } from "node:crypto";
import { ImsAuthError } from "../core/errors";

export const HOLD_MS = 5 * 60_000;
export const MAX_HELD = 1000;

interface Held {
  readonly until: number;
  readonly error: ImsAuthError;
}

const held = new Map<string, Held>();

/** A key that names a credential without keeping it: a hash of what identifies it. */
export function credentialKey(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

/** Throws the held error while `key` is held failed. */
export function throwIfHeld(key: string, now: number): void {
  const h = held.get(key);
  if (!h) return;
  if (h.until <= now) {
    held.delete(key);
    return;
  }
  const wait = Math.ceil((h.until - now) / 1000);
  throw new ImsAuthError(`${h.error.problem} (held failed by this process: no request was sent)`, {
    hint: `fix the credentials; a retry is safe after ${new Date(h.until).toISOString()} (in ${wait} s), when a locked access key or user is released`,
  });
}

/** Holds `key` failed for HOLD_MS from `now`. */
export function hold(key: string, error: ImsAuthError, now: number): void {
  held.delete(key);
  held.set(key, { until: now + HOLD_MS, error });
  if (held.size > MAX_HELD) held.delete(held.keys().next().value!);
}

/** Forgets every held failure (with clearCache(): the caller says the credentials changed). */
export function releaseAll(): void {
  held.clear();
}
