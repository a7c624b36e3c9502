// Real Renovate against a lock file: `lock feed` writes the custom datasource's file, Renovate
// (--platform=local) finds the locked image and proposes the newer one, Renovate's own auto-replace
// (the code that writes a branch's files; the local platform only looks up) applies the proposal, and
// `lock check` / `lock update` take it from there. Run by test/renovate/run.sh on Node 24.
//
//   node renovateRun.mjs RENOVATE_DIR   (RENOVATE_DIR: where node_modules/renovate is installed)
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const renovateDir = process.argv[2];
if (!renovateDir) throw new Error("usage: node renovateRun.mjs RENOVATE_DIR");
const renovate = join(renovateDir, "node_modules/renovate");
const require = createRequire(import.meta.url);
const { LocalImsServer } = require(join(root, "dist/provider/localServer/server.js"));
const { makeImage } = require(join(root, "dist/provider/localServer/catalog.js"));
const cli = join(root, "dist/provider/cli/main.js");

const A = "eeeeeeee-0000-4000-8000-00000000000a";
const B = "eeeeeeee-0000-4000-8000-00000000000b";
const image = (id, created, name) => makeImage({ id, created_at: created, name });

function check(condition, what, detail = "") {
  if (!condition) {
    console.error(`FAIL: ${what}${detail ? `\n${detail}` : ""}`);
    process.exitCode = 1;
    throw new Error(what);
  }
  console.log(`ok: ${what}`);
}

const server = await LocalImsServer.start({
  catalog: [image(A, "2026-01-10T08:00:00Z", "Ubuntu 22.04 server 64bit (20260110)")],
});
const repo = mkdtempSync(join(tmpdir(), "ims-renovate-"));
const env = { ...process.env, IMS_ENDPOINT: server.url };
/** A command run without blocking: the server answers in this process. */
const spawned = (file, args, options) =>
  new Promise((resolve) =>
    execFile(file, args, { ...options, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ status: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    ),
  );
const ims = (...args) => spawned(process.execPath, [cli, ...args], { cwd: repo, env });
try {
  execFileSync("git", ["init", "-q", repo]);
  copyFileSync(join(root, "examples/renovate/renovate.json"), join(repo, "renovate.json"));
  const added = await ims("lock", "add", "web", "--platform", "Ubuntu", "--image-type", "gold", "--region", "eu-de");
  check(added.status === 0, "lock add web", added.stderr);

  // A newer image appears; the feed (what Renovate's custom datasource reads) lists it.
  server.catalog.push(image(B, "2026-03-02T09:30:00Z", "Ubuntu 22.04 server 64bit (20260302)"));
  mkdirSync(join(repo, ".ims-feeds/web"), { recursive: true });
  const feed = await ims("lock", "feed", "web", "--region", "eu-de");
  check(feed.status === 0, "lock feed web --region eu-de", feed.stderr);
  writeFileSync(join(repo, ".ims-feeds/web/eu-de.json"), feed.stdout);
  // The local platform lists the repository's files with git.
  execFileSync("git", ["add", "-A"], { cwd: repo });

  const report = join(repo, "..", `${repo.split("/").pop()}-report.json`);
  const run = await spawned(
    process.execPath,
    [join(renovate, "dist/renovate.js"), "--platform=local", "--report-type=file", `--report-path=${report}`],
    { cwd: repo, env: { ...env, LOG_LEVEL: "warn", RENOVATE_CACHE_DIR: join(repo, "..", "renovate-cache") } },
  );
  check(run.status === 0, "renovate --platform=local exits 0", run.stdout + run.stderr);
  const version = JSON.parse(readFileSync(join(renovate, "package.json"), "utf8")).version;
  const files = JSON.parse(readFileSync(report, "utf8")).repositories.local.packageFiles.regex ?? [];
  rmSync(report, { force: true });
  const dep = files
    .flatMap((f) => f.deps.map((d) => ({ ...d, packageFile: f.packageFile, config: f })))
    .find((d) => d.packageName === "web/eu-de");
  check(
    dep?.currentDigest === A && dep.currentValue === "2026-01-10T08:00:00Z",
    `Renovate ${version} reads the locked image of web in eu-de`,
  );
  const update = dep.updates?.[0];
  check(
    update?.newDigest === B && update.newValue === "2026-03-02T09:30:00Z",
    "Renovate proposes the newer image (digest = its id)",
  );

  // Renovate's own file update, as it writes a branch: the lock's id and createdAt change.
  const { GlobalConfig } = await import(pathToFileURL(join(renovate, "dist/config/global.js")).href);
  const { doAutoReplace } = await import(
    pathToFileURL(join(renovate, "dist/workers/repository/update/branch/auto-replace.js")).href
  );
  GlobalConfig.set({ localDir: repo });
  const lockFile = join(repo, "ims-images.lock.json");
  const before = readFileSync(lockFile, "utf8");
  const { config, ...depFields } = dep;
  delete depFields.updates;
  const written = await doAutoReplace(
    { ...config, ...depFields, ...update, manager: "regex", depIndex: 0, packageFile: "ims-images.lock.json" },
    before,
    false,
  );
  writeFileSync(lockFile, written);
  const locked = JSON.parse(written).entries.web.regions["eu-de"];
  check(
    locked.id === B && locked.createdAt === "2026-03-02T09:30:00Z",
    "Renovate's auto-replace writes the new id and createdAt",
  );
  check(
    locked.name === "Ubuntu 22.04 server 64bit (20260110)",
    "the other fields are the old image's until lock update",
  );

  const stale = await ims("lock", "check", "--format", "value");
  check(stale.status === 2 && stale.stdout.trim() === "web eu-de lockStale", "lock check: 2, lockStale");
  check((await ims("lock", "update")).status === 0, "lock update completes the entry");
  const done = JSON.parse(readFileSync(lockFile, "utf8")).entries.web.regions["eu-de"];
  check(done.id === B && done.name === "Ubuntu 22.04 server 64bit (20260302)", "the lock holds the new image's fields");
  check((await ims("lock", "check")).status === 0, "lock check: 0");
} finally {
  await server.close();
  rmSync(repo, { recursive: true, force: true });
  rmSync(join(repo, "..", "renovate-cache"), { recursive: true, force: true });
}
