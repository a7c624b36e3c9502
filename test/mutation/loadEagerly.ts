/**
 * Loads, before a test file's first test, the layers that the package loads lazily on the first
 * lookup (sdk/config.ts: lookups(), locks()). Otherwise the first test of each file loads them,
 * and StrykerJS counts the code that runs while a module loads (the filter table, help texts) as
 * covered by that one test: such a "hybrid" mutant is then run with that test alone, and survives
 * whatever the rest of the suite checks. Loaded here, that code is static, and `ignoreStatic`
 * leaves it out of the score as not measured, rather than counting it as a survivor.
 *
 * A test file that mocks a module (jest.mock) is left alone: its mocks must apply to the modules
 * it loads.
 */
import { readFileSync } from "node:fs";

const testFile = expect.getState().testPath;
if (testFile !== undefined && !/\bjest\.mock\(/.test(readFileSync(testFile, "utf8"))) {
  /* eslint-disable @typescript-eslint/no-require-imports */
  require("../../provider/lookup/lookups");
  require("../../provider/lock/lockedLookup");
  /* eslint-enable @typescript-eslint/no-require-imports */
}
