/**
 * This package's version, from its package.json: for the User-Agent of every request and
 * `ims-image --version`. The file is found by walking up from here, so it is the same from the
 * built package (dist/provider/core) and from the sources (provider/core, under ts-jest).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The version in the first package.json of pulumi-ims found from `start` up (five levels at most). */
export function packageVersionIn(start: string): string {
  for (let dir = start, up = 0; up < 5; dir = dirname(dir), up++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "pulumi-ims" && typeof pkg.version === "string") return pkg.version;
    } catch {
      // No package.json here: one level up.
    }
  }
  return "unknown";
}

export const PACKAGE_VERSION = packageVersionIn(__dirname);
