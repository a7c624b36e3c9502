/**
 * The package root as a Pulumi program loads it (the built dist/, in a fresh Node process):
 * what it exports and what it loads. A program pays this on every `pulumi preview`.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const ROOT = join(__dirname, "../../dist/sdk/index.js");

function probe(code: string): unknown {
  return JSON.parse(
    execFileSync(process.execPath, ["-e", `const ims = require(${JSON.stringify(ROOT)});\n${code}`], {
      encoding: "utf8",
    }),
  );
}

describe('require("pulumi-ims")', () => {
  it("should load neither undici, zod nor yaml until the first lookup", () => {
    const loaded = probe(
      `console.log(JSON.stringify(Object.keys(require.cache).filter((f) => /node_modules[\\\\/](undici|zod|yaml)[\\\\/]/.test(f))));`,
    );
    expect(loaded).toEqual([]);
  });

  it("should export only what a Pulumi program uses", () => {
    const names = probe("console.log(JSON.stringify(Object.keys(ims).sort()));");
    expect(names).toEqual(
      [
        "ImageSelection",
        "clearCache",
        "ImsAmbiguousError",
        "ImsApiError",
        "ImsAuthError",
        "ImsBadResponseError",
        "ImsConfigError",
        "ImsError",
        "ImsLockError",
        "ImsLockMismatchError",
        "ImsNoMatchError",
        "ImsNotFoundError",
        "ImsRetryExhaustedError",
        "ImsScanLimitError",
        "ImsValidationError",
        "getImage",
        "getImageOutput",
        "getImages",
        "getImagesOutput",
      ].sort(),
    );
  });
});

describe("the package's declarations", () => {
  // zod's own declarations fail to compile without esModuleInterop or skipLibCheck, which Pulumi's
  // default project does not set: the types a program sees must never reach them.
  it("should reach no declarations of zod, undici or yaml from pulumi-ims or pulumi-ims/testing", () => {
    const seen = new Set<string>();
    const outside: string[] = [];
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, "utf8").replace(/\/\*\*[\s\S]*?\*\//g, "");
      for (const [, spec] of text.matchAll(/(?:from |import\()"([^"]+)"/g)) {
        if (spec!.startsWith(".")) walk(resolve(dirname(file), `${spec}.d.ts`));
        else outside.push(spec!);
      }
    };
    walk(join(__dirname, "../../dist/sdk/index.d.ts"));
    walk(join(__dirname, "../../dist/provider/testing/index.d.ts"));
    expect(seen.size).toBeGreaterThan(5);
    expect([...new Set(outside)].filter((m) => !m.startsWith("@pulumi/") && !m.startsWith("node:"))).toEqual([]);
  });
});
