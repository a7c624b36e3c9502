/** The pages a newcomer reads (README.md and docs/*.md), and the blocks in them that tests run. */
import { readdirSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(__dirname, "../..");

/** README.md and docs/*.md, relative to the repository. */
export const PAGES = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

export interface MarkedBlock {
  /** The marker's word: `<!-- test: run -->` before a block is "run". */
  readonly mark: string;
  /** What follows the word, if anything: `<!-- test: file PATH -->` names a file. */
  readonly argument?: string;
  readonly line: number;
  readonly code: string;
}

/**
 * Fenced blocks that an HTML comment `<!-- test: MARK -->` (on the line before, blank lines
 * between allowed) marks for a test; a page shows no such comment when rendered.
 */
export function markedBlocks(markdown: string): MarkedBlock[] {
  return [...markdown.matchAll(/^<!-- test: ([a-z]+)(?: (\S+))? -->\n+```[a-z]*\n([\s\S]*?)^```$/gm)].map((m) => ({
    mark: m[1]!,
    argument: m[2],
    line: markdown.slice(0, m.index).split("\n").length,
    code: m[3]!,
  }));
}
