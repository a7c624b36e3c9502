/**
 * Jest reporter: after the default summary, one line per reason tests were skipped, taken from
 * the "[skipped: REASON; enable: COMMAND]" that describeWithGlance puts in a skipped block's title,
 * then a closing count line ("tests: N passed, N failed, N skipped").
 *
 * Jest's own summary reporter always runs after custom ones, so the lines are written when the
 * process exits, where they are the last thing a person (or CI) sees.
 */
"use strict";
const { writeSync } = require("node:fs");

const MARK = /\[skipped: (.+?); enable: (.+?)\]/;

class SkipSummary {
  constructor(globalConfig) {
    this.namePattern = globalConfig.testNamePattern;
  }

  onRunComplete(_contexts, results) {
    const byReason = new Map();
    let unexplained = 0;
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status !== "pending") continue;
        const match = test.ancestorTitles.map((t) => MARK.exec(t)).find(Boolean);
        if (!match) {
          unexplained++;
          continue;
        }
        const key = `${match[1]}\u0000${match[2]}`;
        byReason.set(key, (byReason.get(key) ?? 0) + 1);
      }
    }
    const lines = [];
    for (const [key, count] of byReason) {
      const [reason, enable] = key.split("\u0000");
      lines.push(`${count} test(s) skipped: ${reason}. To run them: ${enable}, then npm test.`);
    }
    if (unexplained > 0) {
      lines.push(
        this.namePattern
          ? `${unexplained} test(s) not run: their names do not match -t ${JSON.stringify(this.namePattern)}.`
          : `${unexplained} test(s) skipped with it.skip/describe.skip and no reason given.`,
      );
    }
    lines.push(
      `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests + results.numTodoTests} skipped`,
    );
    process.once("exit", () => writeSync(2, `\n${lines.join("\n")}\n`));
  }
}

module.exports = SkipSummary;
