/**
 * The `<!-- test: transcript -->` blocks of README.md and docs/: `$ npx ims-image ...` lines, each
 * followed by what it prints (stdout, then stderr, as `2>&1` shows them), against
 * `ims-image serve --seed 7` as the pages say. Each line is split into words by bash, as a reader's
 * shell would, and run through the CLI's main() in this process (cli.test.ts holds the binary to
 * main()), so that the mutation suite sees every help text and message the pages show.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lineIo } from "../../provider/cli/io";
import { main } from "../../provider/cli/main";
import { LocalImsServer } from "../../provider/localServer/server";
import { closeAllPools } from "../../provider/transport/http";
import { markedBlocks, PAGES, ROOT } from "../helpers/docs";

const transcripts = PAGES.flatMap((page) =>
  markedBlocks(readFileSync(join(ROOT, page), "utf8"))
    .filter((block) => block.mark === "transcript")
    .map((block) => [`${page}:${block.line}`, block.code] as const),
);

/** The words bash makes of a command line: quotes and escapes as a reader's shell reads them. */
function shellWords(line: string): string[] {
  const out = execFileSync("bash", ["-c", `printf '%s\\0' ${line}`], { encoding: "utf8" });
  return out.split("\0").slice(0, -1);
}

let server: LocalImsServer;
let home: string;
beforeAll(async () => {
  server = await LocalImsServer.start({ catalog: { count: 2000, seed: 7 } });
  home = mkdtempSync(join(tmpdir(), "ims-transcript-"));
});
afterAll(async () => {
  await closeAllPools();
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

it("the pages should hold transcripts, the CLI reference among them", () => {
  expect(transcripts.map(([where]) => where)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^docs\/cli\.md:/),
      expect.stringMatching(/^docs\/cli-reference\.md:/),
    ]),
  );
});

it.each(transcripts)("%s should print what it shows", async (_, code) => {
  const steps = code.split(/^\$ /m).filter((s) => s.trim() !== "");
  expect(steps.length).toBeGreaterThan(0);
  for (const step of steps) {
    const [command, ...shown] = step.split("\n");
    const [npx, cli, ...args] = shellWords(command!);
    expect({ command, program: [npx, cli] }).toEqual({ command, program: ["npx", "ims-image"] });
    // Both streams in the order written, as `2>&1` shows them.
    let printed = "";
    await main(
      args,
      lineIo((_, text) => (printed += text)),
      { PATH: process.env.PATH ?? "", HOME: home, IMS_ENDPOINT: server.url },
    );
    expect({ command, printed }).toEqual({ command, printed: shown.join("\n") });
  }
});
