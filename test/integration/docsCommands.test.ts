/**
 * The commands of README.md and docs/, run as a reader would paste them: a block marked
 * `<!-- test: run -->` runs in bash (set -euo pipefail) in an empty directory, with `npx ims-image`
 * being this checkout's built CLI, and must succeed; a block marked `<!-- test: stdout -->` after it
 * is what it must print. (`<!-- test: transcript -->` blocks: docsTranscripts.test.ts.)
 */
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { markedBlocks, PAGES, ROOT, type MarkedBlock } from "../helpers/docs";

const CLI = join(ROOT, "dist/provider/cli/main.js");
/**
 * `npx ims-image` as it works in a project that installed pulumi-ims (anything else npx would
 * fetch): a program on PATH that becomes the CLI (exec), so `$!` of `npx ims-image serve &` is the
 * server, as npx forwards signals to it.
 */
const NPX = `#!/usr/bin/env bash
if [ "$1" = ims-image ]; then shift; exec node "$CLI" "$@"; fi
echo "not in this test: npx $*" >&2; exit 127
`;

function bash(
  script: string,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), "ims-docs-"));
  mkdirSync(join(dir, "bin"));
  writeFileSync(join(dir, "bin", "npx"), NPX);
  chmodSync(join(dir, "bin", "npx"), 0o755);
  mkdirSync(join(dir, "work"));
  return new Promise((resolve) => {
    execFile(
      "bash",
      ["-c", `set -euo pipefail\n${script}`],
      {
        cwd: join(dir, "work"),
        env: { PATH: `${join(dir, "bin")}:${process.env.PATH ?? ""}`, HOME: dir, CLI, ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        rmSync(dir, { recursive: true, force: true });
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

const marked = PAGES.flatMap((page) =>
  markedBlocks(readFileSync(join(ROOT, page), "utf8")).map((block, i, all) => ({ page, block, next: all[i + 1] })),
);
const runs = marked.filter((m) => m.block.mark === "run");

describe("commands in the docs", () => {
  it("should include the README's quick start", () => {
    expect(runs.map((r) => r.page)).toContain("README.md");
  });

  it.each(runs.map((r) => [`${r.page}:${r.block.line}`, r.block, r.next] as const))(
    "%s should run as written",
    async (_, block: MarkedBlock, next: MarkedBlock | undefined) => {
      const r = await bash(block.code);
      expect({ code: r.code, stderr: r.code ? r.stderr : "" }).toEqual({ code: 0, stderr: "" });
      if (next?.mark === "stdout") expect(r.stdout).toBe(next.code);
    },
  );
});
