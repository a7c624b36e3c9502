/**
 * The package root as a Pulumi program loads it (the built dist/, in a fresh Node process):
 * what it exports and what it loads. A program pays this on every `pulumi preview`.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "../../dist/sdk/index.js");

function probe(code: string): unknown {
  return JSON.parse(execFileSync(process.execPath, ["-e", `const ims = require(${JSON.stringify(ROOT)});\n${code}`], { encoding: "utf8" }));
}

describe('require("pulumi-ims")', () => {
  it("should load neither undici, zod nor yaml until the first lookup", () => {
    const loaded = probe(`console.log(JSON.stringify(Object.keys(require.cache).filter((f) => /node_modules[\\\\/](undici|zod|yaml)[\\\\/]/.test(f))));`);
    expect(loaded).toEqual([]);
  });

  it("should export only what a Pulumi program uses", () => {
    const names = probe("console.log(JSON.stringify(Object.keys(ims).sort()));");
    expect(names).toEqual(
      [
        "ImageSelection", "clearCache",
        "ImsAmbiguousError", "ImsApiError", "ImsAuthError", "ImsBadResponseError", "ImsConfigError", "ImsError",
        "ImsNoMatchError", "ImsNotFoundError", "ImsRetryExhaustedError", "ImsScanLimitError", "ImsValidationError",
        "getImage", "getImageOutput", "getImages", "getImagesOutput",
      ].sort(),
    );
  });
});
