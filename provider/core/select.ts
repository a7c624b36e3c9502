/**
 * Pure selection: one small function per local criterion, the newest-first order
 * (created_at, then id, both descending, which is the order IMS itself returns),
 * and name suggestions for "no match" errors. Nothing here mutates its input.
 */
import type { RawImage } from "./imsSchema";
import { timeSatisfies, type TimeCondition } from "./timeFilter";

export function matchesNameRegex(image: RawImage, regex: RegExp): boolean {
  return regex.test(image.name ?? "");
}

export function hasAllTags(image: RawImage, tags: readonly string[]): boolean {
  return tags.every((t) => (image.tags ?? []).includes(t));
}

const X86_NAMES = new Set(["x86", "x86_64", "amd64", "x64", "i386", "i686"]);
const ARM_NAMES = new Set(["arm", "aarch64", "arm64"]);

/**
 * `architecture` when the image says it (the names used for x86 and 64-bit ARM read as "x86"
 * and "arm"; any other, such as armv7l, ppc64le or s390x, as it was given), else `__support_arm`, else x86.
 */
export function architectureOf(image: RawImage): string {
  const declared = typeof image.architecture === "string" ? image.architecture : "";
  if (declared) {
    const name = declared.toLowerCase();
    return X86_NAMES.has(name) ? "x86" : ARM_NAMES.has(name) ? "arm" : declared;
  }
  return image.__support_arm === "true" ? "arm" : "x86";
}

export function matchesArchitecture(image: RawImage, architecture: "x86" | "arm"): boolean {
  return architectureOf(image) === architecture;
}

export function matchesTimes(time: string | null | undefined, conditions: readonly TimeCondition[]): boolean {
  return conditions.every((c) => timeSatisfies(time ?? undefined, c));
}

/** Edit distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The literal text of a simple regex (`^Ubuntu 22\.04` -> `Ubuntu 22.04`), to compare names against. */
export function regexText(source: string): string {
  return source
    .replace(/\\(.)/g, "$1")
    .replace(/[\^$*+?()[\]{}|]/g, "")
    .replace(/\.(?=[^0-9]|$)/g, " ")
    .trim();
}

/**
 * Up to `count` distinct names closest to `target`: edit distance of the name's first
 * target-length characters ignoring case, then with case, then of the whole name.
 */
export function closestNames(names: Iterable<string>, target: string, count = 5): string[] {
  const folded = target.toLowerCase();
  const scored = [...new Set(names)].map((n) => {
    const head = n.slice(0, target.length);
    return {
      n,
      key: [editDistance(head.toLowerCase(), folded), editDistance(head, target), editDistance(n, target)] as const,
    };
  });
  scored.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2] || a.n.localeCompare(b.n));
  return scored.slice(0, count).map((x) => x.n);
}
