/**
 * The mutation scores recorded in test/mutation/stryker-incremental.json, per folder and file, as the
 * Markdown table of docs/testing.md (whose test compares the two): `node test/mutation/scores.js`.
 * The score is Stryker's: killed and timed-out mutants over those that ran; static mutants (ignored)
 * and those that did not compile or crashed at load are not counted.
 */
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

const COLUMNS = ["killed", "timeout", "survived", "no coverage", "ignored (static)", "not run (errors)"];
const COLUMN_OF = {
  Killed: "killed",
  Timeout: "timeout",
  Survived: "survived",
  NoCoverage: "no coverage",
  Ignored: "ignored (static)",
  CompileError: "not run (errors)",
  RuntimeError: "not run (errors)",
};

/** Counts of one file or folder by column. */
function emptyCounts() {
  return Object.fromEntries(COLUMNS.map((c) => [c, 0]));
}

/** Detected over detected and undetected, as Stryker computes it; undefined when nothing ran. */
function score(counts) {
  const detected = counts.killed + counts.timeout;
  const ran = detected + counts.survived + counts["no coverage"];
  return ran === 0 ? undefined : (100 * detected) / ran;
}

/** Rows of [name, score text, ...counts]: each folder (bold), then its files, then all. */
function scoreRows(report) {
  const folders = new Map();
  const all = emptyCounts();
  for (const [path, file] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    const folder = path.split("/").slice(0, -1).join("/");
    if (!folders.has(folder)) folders.set(folder, { counts: emptyCounts(), files: [] });
    const counts = emptyCounts();
    for (const mutant of file.mutants) {
      const column = COLUMN_OF[mutant.status];
      if (column === undefined) throw new Error(`${path}: mutant ${mutant.id} has status ${mutant.status}`);
      for (const c of [counts, folders.get(folder).counts, all]) c[column]++;
    }
    folders.get(folder).files.push([path.slice(folder.length + 1), counts]);
  }
  const row = (name, counts) => {
    const s = score(counts);
    return [name, s === undefined ? "n/a" : `${s.toFixed(1)}%`, ...COLUMNS.map((c) => String(counts[c]))];
  };
  const rows = [];
  for (const [folder, { counts, files }] of folders) {
    rows.push(row(`**${folder}**`, counts));
    for (const [name, fileCounts] of files) rows.push(row(name, fileCounts));
  }
  rows.push(row("**all**", all));
  return rows;
}

function markdownTable(rows) {
  const header = ["file", "score", ...COLUMNS];
  const lines = [header, header.map(() => "---"), ...rows];
  return lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

function recordedReport() {
  return JSON.parse(readFileSync(join(__dirname, "stryker-incremental.json"), "utf8"));
}

module.exports = { scoreRows, score, recordedReport };

if (require.main === module) console.log(markdownTable(scoreRows(recordedReport())));
