/**
 * Real OpenStack Glance (Debian's glance-api, Zed) and Keystone for fidelity tests:
 * started on 127.0.0.1 by the project's scripts in test/glance/, seeded straight into
 * sqlite (created_at is read-only in the API), stopped after the tests.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve, sep } from "node:path";
import { promisify } from "node:util";
import type { StoredImage } from "../../provider/localServer/catalog";

const run = promisify(execFile);
// This file also runs compiled, from dist/test/helpers (npm run bench:glance).
const ROOT = resolve(__dirname, __dirname.split(sep).includes("dist") ? "../../.." : "../..");
const SCRIPTS = join(ROOT, "test/glance");

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export interface Service {
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export async function startGlance(
  options: { auth?: "noauth" | "headers" | "keystone"; port?: number; env?: Record<string, string> } = {},
): Promise<Service> {
  const port = options.port ?? (await freePort());
  const dataDir = mkdtempSync(join(tmpdir(), "ims-glance-"));
  await run("bash", [join(SCRIPTS, "start.sh"), String(port), dataDir], {
    env: { ...process.env, GLANCE_AUTH: options.auth ?? "noauth", ...options.env },
  });
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    stop: async () => {
      await run("bash", [join(SCRIPTS, "stop.sh"), dataDir]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startKeystone(
  port: number,
  glanceUrl: string,
): Promise<Service & { projectIds: Record<string, string> }> {
  const dataDir = mkdtempSync(join(tmpdir(), "ims-keystone-"));
  await run("bash", [join(SCRIPTS, "keystone-start.sh"), String(port), dataDir], {
    env: { ...process.env, GLANCE_URL: glanceUrl },
  });
  const projectIds = Object.fromEntries(
    readFileSync(join(dataDir, "project-ids"), "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split("=") as [string, string]),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    projectIds,
    stop: async () => {
      await run("bash", [join(SCRIPTS, "stop.sh"), dataDir, "keystone"]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const COLUMNS = new Set([
  "id",
  "name",
  "size",
  "status",
  "created_at",
  "updated_at",
  "disk_format",
  "container_format",
  "checksum",
  "owner",
  "min_disk",
  "min_ram",
  "protected",
  "virtual_size",
  "visibility",
]);
/** Fields Glance computes itself. */
const COMPUTED = new Set(["schema", "self", "file", "tags"]);

const sql = (v: unknown) =>
  v === null || v === undefined
    ? "NULL"
    : typeof v === "number"
      ? String(v)
      : typeof v === "boolean"
        ? v
          ? "1"
          : "0"
        : `'${(typeof v === "string" ? v : JSON.stringify(v)).replace(/'/g, "''")}'`;
/** Glance keeps microseconds: 'YYYY-MM-DD HH:MM:SS.ffffff'. */
const time = (iso: unknown, micros = 0) =>
  sql(`${String(iso).replace("T", " ").replace("Z", "")}.${String(micros).padStart(6, "0")}`);

/**
 * Writes the images into Glance's sqlite DB in one transaction: columns, properties
 * (every other field, as strings), tags, and a membership of `memberProject` for shared images.
 */
export async function seedGlance(
  dataDir: string,
  images: readonly StoredImage[],
  memberProject: string,
): Promise<void> {
  const lines = ["PRAGMA busy_timeout=10000;", "BEGIN;"];
  for (const { json: j, memberStatus, createdAtMicros } of images) {
    const c = time(j.created_at, createdAtMicros);
    const u = time(j.updated_at ?? j.created_at);
    lines.push(
      `INSERT INTO images (id,name,size,status,created_at,updated_at,deleted_at,deleted,disk_format,container_format,checksum,owner,min_disk,min_ram,protected,virtual_size,visibility,os_hidden,os_hash_algo,os_hash_value) VALUES (${[
        sql(j.id),
        sql(j.name),
        sql(j.size),
        sql(j.status),
        c,
        u,
        "NULL",
        "0",
        sql(j.disk_format),
        sql(j.container_format),
        sql(j.checksum),
        sql(j.owner),
        sql(j.min_disk ?? 0),
        sql(j.min_ram ?? 0),
        sql(j.protected ?? false),
        "NULL",
        sql(j.visibility),
        "0",
        "NULL",
        "NULL",
      ].join(",")});`,
    );
    for (const [k, v] of Object.entries(j)) {
      if (COLUMNS.has(k) || COMPUTED.has(k) || v === null || v === undefined) continue;
      lines.push(
        `INSERT INTO image_properties (image_id,name,value,created_at,updated_at,deleted) VALUES (${sql(j.id)},${sql(k)},${sql(typeof v === "string" ? v : JSON.stringify(v))},${c},${c},0);`,
      );
    }
    for (const t of (j.tags as string[] | undefined) ?? []) {
      lines.push(
        `INSERT INTO image_tags (image_id,value,created_at,updated_at,deleted) VALUES (${sql(j.id)},${sql(t)},${c},${c},0);`,
      );
    }
    if (memberStatus) {
      lines.push(
        `INSERT INTO image_members (image_id,member,can_share,created_at,updated_at,deleted_at,deleted,status) VALUES (${sql(j.id)},${sql(memberProject)},0,${c},${c},NULL,0,${sql(memberStatus)});`,
      );
    }
  }
  lines.push("COMMIT;");
  await new Promise<void>((resolveSeed, reject) => {
    const child = spawn("sqlite3", ["-bail", join(dataDir, "glance.sqlite")], { stdio: ["pipe", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (code) => (code === 0 ? resolveSeed() : reject(new Error(`sqlite3 exited ${code}: ${err}`))));
    child.stdin.end(lines.join("\n"));
  });
}
