// Local time here is neither UTC nor a whole hour from it (Newfoundland: UTC-3:30, with summer time),
// as on many users' machines: code that read a time without a zone as local time would pass where
// local time is UTC. The test workers inherit it.
process.env.TZ = "America/St_Johns";

/** Type checking happens once in `tsc -p test` (npm test); ts-jest only transpiles. */
module.exports = {
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "test/tsconfig.json" }] },
  testTimeout: 30000,
  // Programs under examples/ import the package by name, as a user's program does.
  moduleNameMapper: {
    "^pulumi-ims$": "<rootDir>/sdk/index.ts",
    "^pulumi-ims/testing$": "<rootDir>/provider/testing/index.ts",
  },
  // Kept inside the checkout, so a run leaves nothing in the system's temporary directory.
  cacheDirectory: "<rootDir>/node_modules/.cache/jest",
  reporters: ["default", "<rootDir>/test/helpers/skipSummary.js"],
};
