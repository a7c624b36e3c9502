/**
 * README.md and the pages of docs/: every ```ts block is a whole program for Pulumi's default
 * TypeScript project (the `pulumi new typescript` tsconfig: CommonJS, strict), type-checked as its
 * own index.ts, importing "pulumi-ims" as a program does, with @pulumi/pulumi and @pulumi/openstack;
 * every relative link leads to a file, and the README links every page. Their commands are run by
 * test/integration/docsCommands.test.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { markedBlocks, PAGES, ROOT } from "../helpers/docs";
import { dirname, join } from "node:path";
import * as ts from "typescript";

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
  paths: { "pulumi-ims": ["sdk/index.ts"], "pulumi-ims/testing": ["provider/testing/index.ts"] },
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
function typeErrors(blocks: readonly Block[], page = "README.md"): string[] {
  const files = new Map(blocks.map((b) => [join(ROOT, `${page}.block-at-line-${b.line}.ts`), b.code]));
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
      return `${page}:${blockLine + line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
  });
}

/** Relative links of a page, as written: [text](target) without a scheme, fragment dropped. */
function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((t) => !/^[a-z]+:/.test(t) && !t.startsWith("#"))
    .map((t) => t.replace(/#.*$/, ""));
}

describe.each(PAGES)("%s", (page) => {
  const markdown = readFileSync(join(ROOT, page), "utf8");

  it("should have TypeScript examples that compile as Pulumi programs", () => {
    expect(typeErrors(typeScriptBlocks(markdown), page)).toEqual([]);
  });

  it("should show exactly the files that blocks marked `test: file PATH` say they are (which npm test runs)", () => {
    for (const block of markedBlocks(markdown).filter((b) => b.mark === "file"))
      expect({ file: block.argument, code: block.code }).toEqual({
        file: block.argument,
        code: readFileSync(join(ROOT, block.argument!), "utf8"),
      });
  });

  it("should link only to files that exist", () => {
    const missing = relativeLinks(markdown).filter((t) => !existsSync(join(ROOT, dirname(page), t)));
    expect(missing).toEqual([]);
  });
});

describe("README.md", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");

  it("should stay short and link every page of docs/", () => {
    expect(readme.split("\n").length).toBeLessThan(200);
    for (const page of PAGES.filter((p) => p.startsWith("docs/"))) expect(readme).toContain(`](${page})`);
  });

  it("should give the install line that package.json's repository names", () => {
    const { repository } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      repository: { url: string };
    };
    expect(readme).toContain(`npm install ${repository.url}`);
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

  it("should catch a link to a page that is not there", () => {
    expect(relativeLinks("see [x](docs/nope.md#a), [y](https://example.com), [z](#here)")).toEqual(["docs/nope.md"]);
  });
});
