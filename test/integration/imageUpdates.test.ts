/**
 * examples/image-updates: the scheduled job that turns an out-of-date lock into a pull request, run
 * against the local IMS server with stand-in `git` and `gh` that record what they are asked (and gh
 * keeps the body it was given).
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { makeImage } from "../../provider/localServer/catalog";
import { LocalImsServer } from "../../provider/localServer/server";

const EXAMPLE = join(__dirname, "../../examples/image-updates");
const CLI = join(__dirname, "../../dist/provider/cli/main.js");
const A = "dddddddd-0000-4000-8000-000000000001";
const B = "dddddddd-0000-4000-8000-000000000002";
const ubuntu = (id: string, created: string) =>
  makeImage({ id, created_at: created, name: `Ubuntu 22.04 server 64bit (${created.slice(0, 10)})` });

let server: LocalImsServer;
let dir: string;

beforeAll(async () => {
  server = await LocalImsServer.start({ catalog: [] });
});
afterAll(() => server.close());

beforeEach(() => {
  server.catalog.splice(0, server.catalog.length, ubuntu(A, "2024-01-01T00:00:00Z"));
  dir = mkdtempSync(join(tmpdir(), "ims-updates-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  // Stand-ins: each call is a line of the log; gh pr view answers as PR_EXISTS says; gh keeps the body.
  writeFileSync(join(bin, "git"), `#!/bin/sh\necho "git $*" >> "${dir}/calls.log"\n`, { mode: 0o755 });
  writeFileSync(
    join(bin, "gh"),
    `#!/bin/sh
echo "gh $*" >> "${dir}/calls.log"
if [ "$2" = view ]; then [ "$PR_EXISTS" = 1 ]; exit; fi
while [ $# -gt 0 ]; do if [ "$1" = --body-file ]; then cp "$2" "${dir}/body.md"; fi; shift; done
`,
    { mode: 0o755 },
  );
  mkdirSync(join(dir, "repo"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(
      command,
      args,
      {
        cwd: join(dir, "repo"),
        env: {
          PATH: `${join(dir, "bin")}:${process.env.PATH ?? ""}`,
          IMS_ENDPOINT: server.url,
          IMS_IMAGE: `${process.execPath} ${CLI}`,
          ...env,
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    ),
  );
}

const lockWeb = () =>
  run(process.execPath, [
    CLI,
    "lock",
    "add",
    "web",
    "--platform",
    "Ubuntu",
    "--image-type",
    "gold",
    "--region",
    "eu-de",
  ]);
const job = (env: Record<string, string> = {}) => run("bash", [join(EXAMPLE, "update-images.sh")], env);
const calls = () => {
  try {
    return readFileSync(join(dir, "calls.log"), "utf8").trim().split("\n");
  } catch {
    return [];
  }
};
const lockText = () => readFileSync(join(dir, "repo", "ims-images.lock.json"), "utf8");

describe("examples/image-updates", () => {
  it("should do nothing while the lock is up to date", async () => {
    expect((await lockWeb()).code).toBe(0);
    const before = lockText();
    const r = await job();
    expect(r).toMatchObject({ code: 0 });
    expect(r.stderr).toContain("up to date");
    expect(calls()).toEqual([]);
    expect(lockText()).toBe(before);
  });

  it("should re-lock a newer image on a branch and open a pull request that says what changed", async () => {
    await lockWeb();
    server.catalog.push(ubuntu(B, "2025-06-01T00:00:00Z"));
    const r = await job();
    expect(r.stderr).toBe(
      "1 locked image(s) in ims-images.lock.json: 1 to update, 0 could not be checked\n1 locked image(s) updated in ims-images.lock.json\n",
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(lockText()).entries.web.regions["eu-de"].id).toBe(B);
    expect(calls()).toEqual([
      "git switch -C ims-image-updates",
      "git add -- ims-images.lock.json",
      expect.stringMatching(
        /^git -c user\.name=.* commit -m Update IMS images in ims-images\.lock\.json -- ims-images\.lock\.json$/,
      ),
      "git push --force origin ims-image-updates",
      "gh pr view ims-image-updates --json number",
      expect.stringMatching(
        /^gh pr create --base main --head ims-image-updates --title Update IMS images --body-file /,
      ),
    ]);
    const body = readFileSync(join(dir, "body.md"), "utf8");
    expect(body).toContain("### IMS images updated in `ims-images.lock.json`");
    expect(body).toContain(`| web | eu-de | \`${A}\`<br>Ubuntu 22.04 server 64bit (2024-01-01) | \`${B}\``);
    expect(body).toContain("| web | eu-de | newerImage |");
    // Once updated, the next run finds nothing to do.
    expect((await job()).stderr).toContain("up to date");
  });

  it("should update the open pull request instead of opening another", async () => {
    await lockWeb();
    server.catalog.push(ubuntu(B, "2025-06-01T00:00:00Z"));
    expect((await job({ PR_EXISTS: "1", BASE: "trunk" })).code).toBe(0);
    expect(calls().at(-1)).toMatch(/^gh pr edit ims-image-updates --body-file /);
  });

  it("should exit 2 without a branch when a locked image is too old and nothing newer exists", async () => {
    await lockWeb();
    const r = await job({ MAX_AGE_DAYS: "30" });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("| web | eu-de | tooOld |");
    expect(r.stderr).toContain("no newer image to lock");
    expect(calls()).toEqual([]);
  });

  it("should exit 1 without a branch when an entry matches nothing any more", async () => {
    await lockWeb();
    server.catalog[0]!.json.__platform = "Ubuntu-retired";
    const r = await job();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("web (eu-de): no image matches");
    expect(calls()).toEqual([]);
  });

  it("should be what the GitHub Actions workflow runs, on a schedule, allowed to push and open pull requests", () => {
    const workflow = parse(readFileSync(join(EXAMPLE, "image-updates.yml"), "utf8")) as {
      on: { schedule: Array<{ cron: string }> };
      permissions: Record<string, string>;
      jobs: { update: { steps: Array<{ run?: string; env?: Record<string, string> }> } };
    };
    expect(workflow.on.schedule[0]!.cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    expect(workflow.permissions).toEqual({ contents: "write", "pull-requests": "write" });
    const step = workflow.jobs.update.steps.find((s) => s.run?.includes("update-images.sh"))!;
    expect(step.env).toHaveProperty("GH_TOKEN");
  });
});
