/**
 * Every ```ts block of README.md is a whole program for Pulumi's default TypeScript project
 * (the `pulumi new typescript` tsconfig: CommonJS, strict): each is type-checked as its own
 * index.ts, importing "pulumi-ims" as a program does, with @pulumi/pulumi and @pulumi/openstack.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";

const ROOT = join(__dirname, "../..");

/** The compiler options of Pulumi's TypeScript template, plus where "pulumi-ims" is in this checkout. */
const PULUMI_PROJECT_OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  experimentalDecorators: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  forceConsistentCasingInFileNames: true,
  noEmit: true,
  baseUrl: ROOT,
  paths: { "pulumi-ims": ["sdk/index.ts"], "pulumi-ims/testing": ["provider/localServer/index.ts"] },
};

interface Block {
  readonly line: number;
  readonly code: string;
}

function typeScriptBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  for (const m of markdown.matchAll(/^```(?:ts|typescript)\n([\s\S]*?)^```$/gm)) {
    blocks.push({ line: markdown.slice(0, m.index).split("\n").length, code: m[1]! });
  }
  return blocks;
}

/** Type errors of each block, compiled as a separate program file beside the package. */
function typeErrors(blocks: readonly Block[]): string[] {
  const files = new Map(blocks.map((b) => [join(ROOT, `README.md.block-at-line-${b.line}.ts`), b.code]));
  const host = ts.createCompilerHost(PULUMI_PROJECT_OPTIONS);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (f) => files.has(f) || ts.sys.fileExists(f);
  host.readFile = (f) => files.get(f) ?? readFile(f);
  host.getSourceFile = (f, lang, ...rest) =>
    files.has(f) ? ts.createSourceFile(f, files.get(f)!, lang, true) : getSourceFile(f, lang, ...rest);
  const program = ts.createProgram([...files.keys()], PULUMI_PROJECT_OPTIONS, host);
  return [...files.keys()].flatMap((f) => {
    const source = program.getSourceFile(f)!;
    return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => {
      const { line } = source.getLineAndCharacterOfPosition(d.start ?? 0);
      const blockLine = Number(/line-(\d+)/.exec(f)![1]);
      return `README.md:${blockLine + line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
  });
}

describe("README.md", () => {
  const blocks = typeScriptBlocks(readFileSync(join(ROOT, "README.md"), "utf8"));

  it("should have TypeScript examples", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  it("should have examples that compile as Pulumi programs", () => {
    expect(typeErrors(blocks)).toEqual([]);
  });

  it("should catch what a CommonJS program cannot do", () => {
    const errors = typeErrors([
      {
        line: 1,
        code: 'import * as ims from "pulumi-ims";\nconst image = await ims.getImage({ platform: "Ubuntu" });\nexport const n = image.length;\n',
      },
    ]);
    expect(errors.join("\n")).toMatch(/README.md:3: .*'await' expressions are only allowed/);
    expect(errors.join("\n")).toMatch(/README.md:4: Property 'length' does not exist/);
  });
});
