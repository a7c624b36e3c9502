/**
 * The suite as StrykerJS runs it: the tests that exercise the code in-process. Left out are those
 * that run the built package (dist/) in another process, which no mutant reaches (the
 * dynamic-provider host, the docs' commands, the examples' scripts, the consumer-shaped package root)
 * and those that need Debian's Glance, Keystone or openstacksdk.
 */
const base = require("../../jest.config.js");

module.exports = {
  ...base,
  rootDir: "../..",
  testPathIgnorePatterns: [
    "/node_modules/",
    "/test/integration/(docsCommands|imageSelectionHost|imageUpdates|packageRoot|bootableImages)\\.test\\.ts$",
    "/test/integration/(glance|openstackClient|cloudsYaml)\\.test\\.ts$",
    // 469 cases, a fifth of them waiting for timeouts: run per mutant it costs more than the rest together.
    "/test/integration/secrets\\.test\\.ts$",
    // 90 MB of pages through the whole pipeline, for the cache's byte bound (unit-tested apart).
    "/test/integration/cacheBounds\\.test\\.ts$",
    // The docs' example test, which waits on apply() as users' tests do: with the lookup broken it hangs
    // until jest's timeout instead of failing; imageSelectionMocks.test covers the same path.
    "/test/integration/docsTestingExample\\.test\\.ts$",
    // Reads the recorded results, which StrykerJS keeps out of its sandbox; it tests the docs, not the code.
    "/test/unit/mutationScores\\.test\\.ts$",
  ],
  // What the package loads on the first lookup, loaded before each file's tests: see loadEagerly.ts.
  setupFilesAfterEnv: ["<rootDir>/test/mutation/loadEagerly.ts"],
  reporters: ["default"],
};
