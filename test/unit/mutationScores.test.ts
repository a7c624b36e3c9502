/**
 * The mutation scores the docs state are the recorded ones (test/mutation/stryker-incremental.json,
 * read by test/mutation/scores.js): docs/testing.md's table, the README's per-folder numbers, and a
 * `break` threshold the recorded score passes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "../..");
// A plain Node script (it runs without a build), typed here by hand.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { scoreRows, score, recordedReport } = require("../mutation/scores.js") as {
  scoreRows: (report: unknown) => string[][];
  score: (counts: Record<string, number>) => number | undefined;
  recordedReport: () => unknown;
};
const rows = scoreRows(recordedReport());
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");

/** The cells of the table under the `| file | score |` header. */
function docsTable(markdown: string): string[][] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => /^\| file +\| score +\|/.test(l));
  expect(start).toBeGreaterThan(-1);
  const table: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    table.push(
      line
        .slice(1, -1)
        .split("|")
        .map((c) => c.trim()),
    );
  }
  return table;
}

const folderScore = (folder: string) => Number.parseFloat(rows.find((r) => r[0] === `**provider/${folder}**`)![1]!);

it("docs/testing.md should show the recorded scores, as node test/mutation/scores.js prints them", () => {
  expect(docsTable(read("docs/testing.md"))).toEqual(rows);
});

it("the README should give each folder's recorded score, rounded down", () => {
  const said = /`npm run mutate`: core (\d+)%, lookup (\d+)% and services (\d+)%/.exec(read("README.md"));
  expect(said).not.toBeNull();
  expect(said!.slice(1).map(Number)).toEqual(["core", "lookup", "services"].map((f) => Math.floor(folderScore(f))));
});

it("the break threshold should be one the recorded score passes", () => {
  const { thresholds } = JSON.parse(read("stryker.config.json")) as { thresholds: { break: number } };
  const all = Number.parseFloat(rows.at(-1)![1]!);
  expect(all).toBeGreaterThanOrEqual(thresholds.break);
});

it("the score should be Stryker's: detected over those that ran", () => {
  const counts = {
    killed: 6,
    timeout: 2,
    survived: 1,
    "no coverage": 1,
    "ignored (static)": 50,
    "not run (errors)": 3,
  };
  expect(score(counts)).toBe(80);
  expect(score({ ...counts, killed: 0, timeout: 0, survived: 0, "no coverage": 0 })).toBeUndefined();
});
