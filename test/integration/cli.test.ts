/**
 * `ims-image` against the local IMS server: each command through the CLI's main() in this process
 * (the same argv, environment and stdout/stderr lines as the binary, so the mutation suite sees it),
 * and the built binary where the process itself is what is tested: exit codes, signals, pipes.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, type Ran } from "../helpers/runCli";
import { makeImage } from "../../provider/localServer/catalog";
import { LocalImsServer } from "../../provider/localServer/server";
import { closeAllPools } from "../../provider/transport/http";

const CLI = join(__dirname, "../../dist/provider/cli/main.js");
const TOKEN = "cli-token-abcdef123";
let server: LocalImsServer;

const OLD = "bbbbbbbb-0000-4000-8000-000000000001";
const NEW = "bbbbbbbb-0000-4000-8000-000000000002";

beforeAll(async () => {
  server = await LocalImsServer.start({
    catalog: [
      makeImage({
        id: OLD,
        created_at: "2024-01-01T00:00:00Z",
        name: "Ubuntu 22.04 server 64bit",
        __platform: "Ubuntu",
        tags: ["x86"],
      }),
      makeImage({
        id: NEW,
        created_at: "2025-01-01T00:00:00Z",
        name: "Ubuntu 22.04 server 64bit",
        __platform: "Ubuntu",
        tags: ["x86"],
      }),
      makeImage({
        id: "bbbbbbbb-0000-4000-8000-000000000003",
        created_at: "2023-01-01T00:00:00Z",
        name: "CentOS 7.9 64bit",
        __platform: "CentOS",
      }),
    ],
    auth: { tokens: [TOKEN] },
  });
});
afterAll(async () => {
  await closeAllPools();
  await server.close();
});

/** main() against the local server, with the token. */
const run = (args: string[], env: Record<string, string> = {}): Promise<Ran> =>
  runCli(args, { IMS_ENDPOINT: server.url, IMS_TOKEN: TOKEN, ...env });

/** The built binary in its own process. */
function runBinary(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { PATH: process.env.PATH ?? "", IMS_ENDPOINT: server.url, IMS_TOKEN: TOKEN, ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

describe("ims-image", () => {
  // Its own process, with no main() beside it: a test that ran main() too would run, for nothing, with every mutant it covers.
  it("the binary should print to stdout and stderr and exit with 0, 1 or 2 as main() says", async () => {
    const value = await runBinary(["resolve", "--platform", "Ubuntu", "--image-type", "gold", "--format", "value"]);
    expect(value).toEqual({ code: 0, stdout: `${NEW}\n`, stderr: "" });
    const missing = await runBinary(["show", "cccccccc-0000-4000-8000-000000000000"]);
    expect(missing).toEqual({
      code: 1,
      stdout: "",
      stderr: expect.stringMatching(
        /^ims-image show: image cccccccc-0000-4000-8000-000000000000 was not found \(HTTP 404/,
      ),
    });
    const newer = await runBinary(["check", "--expect", OLD, "--platform", "Ubuntu", "--image-type", "gold"]);
    expect(newer).toEqual({
      code: 2,
      stdout: expect.stringMatching(/^a newer image matches the filters:\n/),
      stderr: "",
    });
  });

  it("resolve should print the newest match", async () => {
    const r = await run(["resolve", "--platform", "Ubuntu", "--image-type", "gold", "--name-regex", "^Ubuntu 22"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^id +${NEW}\\nname +Ubuntu 22.04 server 64bit\\ncreated +2025-01-01T00:00:00Z`),
    );
  });

  it("resolve --json should print the full result", async () => {
    const r = await run(["resolve", "--platform", "Ubuntu", "--image-type", "gold", "--json"]);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: NEW, platform: "Ubuntu", raw: { __platform: "Ubuntu" } });
  });

  it("list should print a table, and --json an array", async () => {
    const table = await run(["list", "--tag", "x86"]);
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^id +name +createdAt +platform +imageType$/);
    // Data on stdout, the count on stderr.
    expect(table.stderr).toBe("2 image(s)\n");
    const json = await run(["list", "--sort-key", "name", "--sort-dir", "asc", "--json"]);
    expect(JSON.parse(json.stdout).map((i: { name: string }) => i.name)).toEqual([
      "CentOS 7.9 64bit",
      "Ubuntu 22.04 server 64bit",
      "Ubuntu 22.04 server 64bit",
    ]);
  });

  it("show should print one image, and fail with 1 for an unknown id", async () => {
    expect((await run(["show", OLD])).stdout).toContain(`id                  ${OLD}`);
    const missing = await run(["show", "cccccccc-0000-4000-8000-000000000000"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^ims-image show: image cccccccc-0000-4000-8000-000000000000 was not found \(HTTP 404/,
    );
  });

  it("should print no progress when stderr is not a terminal, and accept --quiet", async () => {
    for (const args of [
      ["resolve", "--platform", "Ubuntu", "--image-type", "gold"],
      ["resolve", "--platform", "Ubuntu", "--image-type", "gold", "--quiet"],
      ["list", "-q", "--platform", "Ubuntu", "--image-type", "gold"],
    ]) {
      const r = await run(args);
      expect({ args, code: r.code, stderr: r.stderr.replace(/^\d+ image\(s\)\n$/, "") }).toEqual({
        args,
        code: 0,
        stderr: "",
      });
    }
  });

  it("check should exit 0 when the expected image is still the newest", async () => {
    const r = await run(["check", "--expect", NEW, "--platform", "Ubuntu", "--image-type", "gold"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`up to date: ${NEW}`);
  });

  it("check should exit 2 with a diff when a newer image exists", async () => {
    const r = await run(["check", "--expect", OLD, "--platform", "Ubuntu", "--image-type", "gold"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(
      `a newer image matches the filters:\n- expected  ${OLD}  Ubuntu 22.04 server 64bit  created 2024-01-01T00:00:00Z\n+ latest    ${NEW}  Ubuntu 22.04 server 64bit  created 2025-01-01T00:00:00Z\n`,
    );
    const json = await run(["check", "--expect", OLD, "--platform", "Ubuntu", "--image-type", "gold", "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      upToDate: false,
      expected: OLD,
      expectedMatches: true,
      current: { id: OLD },
      latest: { id: NEW },
    });
  });

  it("check should say so when the expected image no longer matches the filters", async () => {
    const r = await run([
      "check",
      "--expect",
      "bbbbbbbb-0000-4000-8000-000000000003",
      "--platform",
      "Ubuntu",
      "--image-type",
      "gold",
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(
      /^the expected image bbbbbbbb-0000-4000-8000-000000000003 no longer matches the filters; the newest match is:\n- expected {2}bbbbbbbb-0000-4000-8000-000000000003 {2}CentOS 7.9 64bit/,
    );
    const json = await run([
      "check",
      "--expect",
      "bbbbbbbb-0000-4000-8000-000000000003",
      "--platform",
      "Ubuntu",
      "--image-type",
      "gold",
      "--json",
    ]);
    expect(JSON.parse(json.stdout)).toMatchObject({ upToDate: false, expectedMatches: false, latest: { id: NEW } });
  });

  it("check should exit 2 when the expected image was deleted", async () => {
    const r = await run([
      "check",
      "--expect",
      "dddddddd-0000-4000-8000-000000000000",
      "--platform",
      "Ubuntu",
      "--image-type",
      "gold",
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("the expected image dddddddd-0000-4000-8000-000000000000 no longer exists");
  });

  it.each([
    [["check", "--platform", "Ubuntu", "--image-type", "gold"], /--expect: is required/],
    [
      ["resolve", "--image-type", "golden"],
      /--image-type: must be one of gold, private, shared, market \(given "golden"\)/,
    ],
    [["resolve", "--min-disk", "big"], /--min-disk: must be a whole number \(given "big"\)/],
    [["resolve", "--platfrom", "Ubuntu"], /Unknown option '--platfrom'/],
    [["drift", "/nonexistent/stack.json"], /cannot read \/nonexistent\/stack.json/],
    [["resolve", "--platform", "Nope", "--image-type", "gold"], /no image matches/],
    [["frobnicate"], /unknown command "frobnicate"/],
  ])("should exit 1 with a clear message for %j", async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
  });

  it("should exit 1 on a refused token without printing it", async () => {
    const r = await run(["resolve", "--image-type", "gold"], { IMS_TOKEN: "wrong-token-999999" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/IMS refused the credentials/);
    expect(r.stderr).not.toContain("wrong-token-999999");
  });

  it("should take the retry budget from --retry-* flags and IMS_RETRY_* variables, and name them in its hint", async () => {
    server.resetRequests();
    server.injectFault({ kind: "status", status: 503 }, { times: 10 });
    const flagged = await run([
      "resolve",
      "--platform",
      "Ubuntu",
      "--image-type",
      "gold",
      "--retry-max-attempts",
      "2",
      "--retry-base-delay-ms",
      "1",
    ]);
    expect(flagged.code).toBe(1);
    expect(flagged.stderr).toMatch(/failed after 2 attempt\(s\)/);
    expect(flagged.stderr).toContain(
      "retry.maxAttempts (ims:retry.maxAttempts, IMS_RETRY_MAX_ATTEMPTS, --retry-max-attempts)",
    );
    expect(server.imageRequests).toHaveLength(2);
    server.resetRequests();
    const fromEnv = await run(["resolve", "--platform", "Ubuntu", "--image-type", "gold"], {
      IMS_RETRY_MAX_ATTEMPTS: "3",
      IMS_RETRY_MAX_DELAY_MS: "1",
    });
    expect(fromEnv.stderr).toMatch(/failed after 3 attempt\(s\)/);
    expect(server.imageRequests).toHaveLength(3);
    server.clearFaults();
    const bad = await run(["resolve", "--platform", "Ubuntu", "--image-type", "gold", "--retry-max-attempts", "0"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--retry-max-attempts: /);
  });

  it("resolve --api extension should ask GET /v2/cloudimages, and --flavor-id on the native API should say it is not available", async () => {
    server.resetRequests();
    const r = await run(["resolve", "--platform", "Ubuntu", "--image-type", "gold", "--api", "extension", "--json"]);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: NEW });
    expect(server.imageRequests.map((q) => q.path)).toEqual(["/v2/cloudimages"]);
    const refused = await run(["resolve", "--flavor-id", "c7.large.2", "--image-type", "gold"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--flavor-id: the native API \(GET \/v2\/images\) cannot filter by ECS flavor/);
  });

  it("--format value should print just the id, --columns pick fields, markdown a table", async () => {
    const value = await run(["resolve", "--platform", "Ubuntu", "--image-type", "gold", "--format", "value"]);
    expect(value.stdout).toBe(`${NEW}\n`);
    const picked = await run([
      "list",
      "--image-type",
      "gold",
      "--columns",
      "name,id",
      "-f",
      "value",
      "--sort-key",
      "name",
      "--sort-dir",
      "asc",
    ]);
    expect(picked.stdout.split("\n")[0]).toBe(`CentOS 7.9 64bit bbbbbbbb-0000-4000-8000-000000000003`);
    const md = await run(["list", "--platform", "Ubuntu", "--format", "markdown", "--columns", "id,createdAt"]);
    expect(md.stdout).toBe(
      `| id | createdAt |\n| --- | --- |\n| ${NEW} | 2025-01-01T00:00:00Z |\n| ${OLD} | 2024-01-01T00:00:00Z |\n`,
    );
    const json = await run(["list", "--platform", "Ubuntu", "--format", "json", "--columns", "id"]);
    expect(JSON.parse(json.stdout)).toEqual([{ id: NEW }, { id: OLD }]);
    const bad = await run(["list", "--format", "yaml"]);
    expect(bad.stderr).toMatch(/--format: must be one of table, json, value, markdown \(given "yaml"\)/);
    const unknownColumn = await run(["list", "--columns", "id,colour"]);
    expect(unknownColumn.stderr).toMatch(/--columns: unknown column\(s\) colour/);
  });

  it("should suggest the flag or command meant, print its version, and print help with no command", async () => {
    expect((await run(["resolve", "--platfrom", "Ubuntu"])).stderr).toMatch(
      /Unknown option '--platfrom'.*; did you mean --platform\?/,
    );
    expect((await run(["reslove"])).stderr).toMatch(/unknown command "reslove"; did you mean resolve\?/);
    const version = await run(["--version"]);
    const { version: packageVersion } = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")) as {
      version: string;
    };
    expect(version.stdout).toBe(`ims-image ${packageVersion}\n`);
    const none = await run([]);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/^ims-image: pick IMS boot images[\s\S]*Exit codes: 0 ok, 1 error/);
  });

  it("explain should count what each filter leaves and name the closest names when one leaves none", async () => {
    const r = await run(["explain", "--platform", "Ubuntu", "--name", "Ubuntu 22.04 server", "--format", "json"]);
    expect(JSON.parse(r.stdout)).toEqual([
      { filter: 'status="active", virtualEnvType="FusionCompute" (defaults)', remaining: 3, closest: "" },
      { filter: 'platform="Ubuntu"', remaining: 2, closest: "" },
      { filter: 'name="Ubuntu 22.04 server"', remaining: 0, closest: "Ubuntu 22.04 server 64bit" },
    ]);
    expect(r.stderr).toMatch(/no image is left after name="Ubuntu 22.04 server"/);
  });

  it("values should list the distinct values of a field with counts", async () => {
    const r = await run(["values", "--field", "platform", "--format", "value"]);
    expect(r.stdout).toBe("Ubuntu\nCentOS\n");
    const counted = await run(["values", "--field", "platform", "--format", "json"]);
    expect(JSON.parse(counted.stdout)).toEqual([
      { value: "Ubuntu", count: 2 },
      { value: "CentOS", count: 1 },
    ]);
    expect((await run(["values", "--field", "colour"])).stderr).toMatch(/--field: must be one of platform, osVersion/);
  });

  it("check --max-age-days should fail an expected image that is too old", async () => {
    const r = await run([
      "check",
      "--expect",
      NEW,
      "--platform",
      "Ubuntu",
      "--image-type",
      "gold",
      "--max-age-days",
      "30",
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(new RegExp(`^the expected image ${NEW} is \\d+ days old, older than --max-age-days 30:`));
    expect(
      (await run(["check", "--expect", NEW, "--platform", "Ubuntu", "--image-type", "gold", "--max-age-days", "36500"]))
        .code,
    ).toBe(0);
  });

  it("should explain a missing endpoint", async () => {
    const r = await run(["resolve", "--image-type", "gold"], { IMS_ENDPOINT: "" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no IMS endpoint: set endpoint/);
  });

  it("serve should run a local IMS server until stopped", async () => {
    const child = spawn(process.execPath, [CLI, "serve", "--count", "50", "--token", "serve-token"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const endpoint = await new Promise<string>((resolve) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        // Lines a shell takes as they are.
        const m = /^export IMS_ENDPOINT=(http:\/\/127\.0\.0\.1:\d+)\nexport IMS_TOKEN=serve-token$/m.exec(out);
        if (m) resolve(m[1]!);
      });
    });
    const listed = await run(["list", "--limit", "3", "--json"], { IMS_ENDPOINT: endpoint, IMS_TOKEN: "serve-token" });
    expect(JSON.parse(listed.stdout)).toHaveLength(3);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it.each(["resolve", "list", "show", "check", "drift", "explain", "values"])(
    "%s --help should describe every flag and exit code",
    async (command) => {
      const r = await run([command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: ims-image ${command}`));
      expect(r.stdout).toContain("--endpoint URL (IMS_ENDPOINT)");
      for (const flag of [
        "--format (-f) table|json|value|markdown",
        "--columns (-c)",
        "--json",
        "--quiet (-q)",
        "--help (-h)",
      ])
        expect(r.stdout).toContain(flag);
      expect(r.stdout).toMatch(/Exit codes: 0 ok, 1 error/);
      if (command === "check" || command === "drift") expect(r.stdout).toMatch(/; 2 /);
    },
  );

  it("serve on a port in use should fail with a typed message, no stack trace", async () => {
    const port = Number(new URL(server.url).port);
    const r = await run(["serve", "--port", String(port)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `ims-image serve: port ${port} on 127.0.0.1 is already in use. What to do: choose another --port, or 0 for any free port\n`,
    );
  });
});

describe("ims-image, as a new user meets it", () => {
  let big: LocalImsServer;
  beforeAll(async () => {
    big = await LocalImsServer.start({ catalog: { count: 3000, seed: 7 } });
  });
  afterAll(() => big.close());

  /** A shell pipeline, as a user types it, with pipefail: the exit code is the pipeline's. */
  function pipeline(command: string): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        "bash",
        ["-c", `set -o pipefail; ${command}`],
        { env: { PATH: process.env.PATH ?? "", IMS_ENDPOINT: big.url, CLI } },
        (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
      );
    });
  }

  it.each(["table", "json", "value", "markdown"])(
    "list --format %s | head -1 should end quietly with 0 when head closes the pipe",
    async (format) => {
      big.resetRequests();
      // Over 64 KiB of output, so that the writer meets the closed pipe.
      const r = await pipeline(`node "$CLI" list --limit 3000 --format ${format} | head -1`);
      expect(big.imageRequests.length).toBeGreaterThan(0);
      expect(r.stdout.split("\n")).toHaveLength(2);
      expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
      expect(r.code).toBe(0);
    },
  );

  it("serve --write-env should write the settings whole once it listens, and remove them when it stops", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ims-serve-"));
    try {
      const file = join(dir, "ims.env");
      const child = spawn(
        process.execPath,
        [CLI, "serve", "--count", "20", "--token", "env-token", "--write-env", file],
        {
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      // The stderr line comes after the file is in place.
      await new Promise<void>((resolve) => {
        let err = "";
        child.stderr.on("data", (d: Buffer) => {
          err += d.toString();
          if (err.includes("Ctrl-C stops it")) resolve();
        });
      });
      const text = readFileSync(file, "utf8");
      expect(text).toMatch(/^export IMS_ENDPOINT=http:\/\/127\.0\.0\.1:\d+\nexport IMS_TOKEN=env-token\n$/);
      // Nothing else in the directory: the temporary file was renamed into place.
      expect(readdirSync(dir)).toEqual(["ims.env"]);
      const endpoint = /IMS_ENDPOINT=(\S+)/.exec(text)![1]!;
      const listed = await run(["list", "--limit", "2", "--json"], { IMS_ENDPOINT: endpoint, IMS_TOKEN: "env-token" });
      expect(JSON.parse(listed.stdout)).toHaveLength(2);
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(existsSync(file)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the serve --help recipe should source the settings without a race, verbatim", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ims-recipe-"));
    try {
      const help = (await run(["serve", "--help"])).stdout;
      const recipe = help
        .split("\n")
        .filter((l) => l.startsWith("  ") && /ims\.env/.test(l))
        .map((l) => l.trim().replace(/\bims-image /g, 'node "$CLI" '));
      expect(recipe).toHaveLength(2);
      const r = await pipeline(
        `unset IMS_ENDPOINT; cd "${dir}"; ${recipe.join("\n")}\nnode "$CLI" list --limit 1 --format value; kill "$server"; wait "$server"`,
      );
      expect(r.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
      expect(r.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--format value with no match should print nothing at all", async () => {
    const r = await run(["list", "--name", "no such image", "--format", "value"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("0 image(s)\n");
  });

  it("a time filter without an operator should be an error that shows the op:time form, before any request", async () => {
    server.resetRequests();
    const r = await run(["list", "--created-at", "2026-01-01T00:00:00Z"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      '--created-at: needs an operator, as "op:time": gte:2026-01-01T00:00:00Z (since), lt:2026-01-01T00:00:00Z (before)',
    );
    expect(server.imageRequests).toHaveLength(0);
  });

  it("drift over an export without ImageSelection should say so, and fail with --require-selections", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ims-drift-"));
    try {
      const file = join(dir, "stack.json");
      writeFileSync(
        file,
        JSON.stringify({ deployment: { resources: [{ urn: "urn:x::y", type: "pulumi:pulumi:Stack" }] } }),
      );
      const quiet = await run(["drift", file]);
      expect(quiet.code).toBe(0);
      expect(quiet.stderr).toBe(`no ImageSelection in ${file} (1 resource(s)); is it the right stack?\n`);
      const strict = await run(["drift", file, "--require-selections"]);
      expect(strict.code).toBe(1);
      expect(strict.stderr).toContain("no ImageSelection in");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("show should refuse an id that would change the request's path or query, before any request", async () => {
    server.resetRequests();
    for (const id of ["../v2/images", "abc?limit=1", "a b", ".hidden"]) {
      const r = await run(["show", id]);
      expect({ id, code: r.code, stderr: r.stderr }).toEqual({
        id,
        code: 1,
        stderr: `ims-image show: invalid image id:\n  - imageId: must be an image id of letters, digits, '-', '.', '_' (given ${JSON.stringify(id)})\n`,
      });
    }
    expect(server.imageRequests).toHaveLength(0);
  });

  it("check --columns should be refused before any request", async () => {
    server.resetRequests();
    const r = await run(["check", "--expect", NEW, "--image-type", "gold", "--columns", "id"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--columns: check prints a verdict, not image columns; use --format json");
    expect(server.imageRequests).toHaveLength(0);
  });

  it("should print the version after a command too, and -v", async () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")) as { version: string };
    for (const args of [["resolve", "--version"], ["-v"], ["list", "-v"]]) {
      const r = await run(args);
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 0, stdout: `ims-image ${version}\n` });
    }
  });

  it("help COMMAND should print that command's help", async () => {
    const r = await run(["help", "resolve"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe((await run(["resolve", "--help"])).stdout);
  });

  it("a value that starts with a dash should get a plain message, not Node's", async () => {
    const r = await run(["check", "--expect", NEW, "--max-age-days", "-5"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      '--max-age-days: needs a value, and the next word "-5" reads as a flag; a value that starts with "-" is written --max-age-days=-5',
    );
    expect(r.stderr).not.toMatch(/ambiguous|Did you forget/);
  });

  it("--token should point to IMS_TOKEN: secrets come from the environment", async () => {
    const r = await run(["resolve", "--token", "t-1234"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--token: secrets are read from the environment only");
    expect(r.stderr).toContain("set IMS_TOKEN");
  });

  it("an invalid value from the environment should name its variable, in plain words", async () => {
    const r = await run(["resolve", "--image-type", "gold"], { IMS_API: "extenson", IMS_TIMEOUT_MS: "abc" });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'ims-image resolve: invalid setting in the environment:\n  - IMS_API: must be one of native, extension (given "extenson")\n  - IMS_TIMEOUT_MS: must be a whole number, 1 or more (given "abc")\n',
    );
  });

  it("no credentials for a cloud's endpoint should be an error before any request", async () => {
    server.resetRequests();
    const r = await run(["resolve", "--image-type", "gold"], { IMS_TOKEN: "", HW_CLOUD: "opentelekomcloud" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no credentials for Open Telekom Cloud, which refuses every request without them/);
    expect(server.imageRequests).toHaveLength(0);
  });

  it("explain should list distinct closest names", async () => {
    const r = await run(["explain", "--name", "Ubuntu 22.04", "--format", "json"]);
    const closest = (JSON.parse(r.stdout) as Array<{ closest: string }>).at(-1)!.closest.split("; ");
    expect(closest).toContain("Ubuntu 22.04 server 64bit");
    expect(new Set(closest).size).toBe(closest.length);
  });
});
