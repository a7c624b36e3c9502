/**
 * `ims-image lock add|check|update|promote|feed`: the lock file from the command line. Exit codes as
 * `check`'s: 0 ok, 2 something to update (lock check), 1 errors.
 */
import type { ConnectionSources } from "../lookup/lookups";
import {
  LOCK_REASON_TEXT,
  lockAdd,
  lockCheck,
  lockFeed,
  lockPromote,
  lockUpdate,
  type LockedRow,
} from "../lock/lockCommands";
import type { RegionLock } from "../lock/lockFile";
import { ageInDays } from "../lookup/driftAssessment";
import { lockFilePath, shownPath } from "../lock/lockSettings";
import { filterArgs, toBool, toInt, usageError, withFlags, type Values } from "./flags";
import type { Io } from "./io";
import { renderRows, type OutputChoice, type Row } from "./output";

const list = (v: Values[string]): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [String(v)]);

/** `--lock-file`, then IMS_LOCK_FILE, then ims-images.lock.json. */
function lockPath(values: Values, env: Readonly<Record<string, string | undefined>>): string {
  return lockFilePath({ lockFile: values["lock-file"] as string | undefined, env });
}

function oneName(positionals: readonly string[], usage: string): string {
  if (positionals.length !== 1) throw usageError("NAME", `give exactly one entry name: ${usage}`);
  return positionals[0]!;
}

const imageCells = (i: RegionLock | undefined) => ({
  id: i?.id ?? null,
  name: i?.name ?? null,
  createdAt: i?.createdAt ?? null,
});

/** Rows of add and promote: what each region now holds. */
function lockedRows(rows: readonly LockedRow[]): Row[] {
  return rows.map((r) => ({ entry: r.entry, region: r.region, change: r.change, ...imageCells(r.image) }));
}

/** `lock add`'s lookup: its filter flags, --any-owner, --deny-image-id and --most-recent. */
export function lockAddArgs(values: Values): Record<string, unknown> {
  return {
    ...filterArgs(values),
    ...(values["any-owner"] === true ? { anyOwner: true } : {}),
    ...(values["deny-image-id"] !== undefined ? { denyImageIds: list(values["deny-image-id"]) } : {}),
    ...(values["most-recent"] !== undefined
      ? { mostRecent: toBool("most-recent", values["most-recent"] as string) }
      : {}),
  };
}

export async function lockCommand(
  sub: string,
  values: Values,
  positionals: string[],
  from: ConnectionSources,
  output: OutputChoice,
  io: Io,
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const path = lockPath(values, env);
  const regions = list(values.region);
  switch (sub) {
    case "add": {
      const name = oneName(positionals, "ims-image lock add NAME [filters] [--region R]...");
      const { rows, dropped } = await withFlags(lockAdd(name, lockAddArgs(values), regions, from, path));
      io.out(
        renderRows(output, lockedRows(rows), {
          columns: ["entry", "region", "change", "id", "name", "createdAt"],
          valueColumns: ["id"],
        }),
      );
      if (dropped.length)
        io.err(
          `the filters changed: the images locked for ${dropped.join(", ")} were dropped; lock them again with --region`,
        );
      io.err(`locked ${JSON.stringify(name)} in ${shownPath(path)}`);
      return 0;
    }
    case "check": {
      const maxAgeDays = toInt("max-age-days", values["max-age-days"] as string | undefined);
      const rows = await withFlags(lockCheck(positionals, from, path, { maxAgeDays }));
      io.out(
        renderRows(
          output,
          rows.map((r) => ({
            entry: r.entry,
            region: r.region,
            reason: r.error !== undefined ? "error" : (r.reason ?? "none"),
            locked: r.locked.id,
            latest: r.latest?.id ?? null,
            detail: r.error ?? (r.reason ? LOCK_REASON_TEXT[r.reason] : "up to date"),
            lockedName: r.locked.name,
            latestName: r.latest?.name ?? null,
            ageDays: r.ageDays ?? null,
          })),
          {
            columns: ["entry", "region", "reason", "locked", "latest", "detail"],
            valueColumns: ["entry", "region", "reason"],
          },
        ),
      );
      const errors = rows.filter((r) => r.error !== undefined).length;
      const outdated = rows.filter((r) => r.reason !== null).length;
      io.err(
        `${rows.length} locked image(s) in ${shownPath(path)}: ${outdated} to update, ${errors} could not be checked`,
      );
      return errors > 0 ? 1 : outdated > 0 ? 2 : 0;
    }
    case "update": {
      const now = Date.now();
      const { rows, errors } = await withFlags(lockUpdate(positionals, from, path, new Date(now)));
      const changed = rows.filter((r) => r.change !== "unchanged");
      io.out(
        output.format === "markdown" && !output.columns
          ? pullRequestBody(changed, shownPath(path), now)
          : renderRows(output, updateRows(changed, now), {
              columns: ["entry", "region", "change", "from", "to", "name", "created", "age"],
              valueColumns: ["entry", "region", "to"],
              json: changed,
            }),
      );
      for (const e of errors) io.err(`${e.entry} (${e.region}): ${e.error}`);
      io.err(
        changed.length
          ? `${changed.length} locked image(s) updated in ${shownPath(path)}`
          : `nothing to update in ${shownPath(path)} (${rows.length} locked image(s))`,
      );
      return errors.length ? 1 : 0;
    }
    case "promote": {
      const name = oneName(positionals, "ims-image lock promote NAME --from OTHER.lock.json");
      const source = values.from as string | undefined;
      if (!source) throw usageError("--from", "is required: the lock file to promote from (staging's)");
      const rows = await withFlags(lockPromote(name, lockFilePath({ lockFile: source, env: {} }), regions, from, path));
      io.out(
        renderRows(output, lockedRows(rows), {
          columns: ["entry", "region", "change", "id", "name", "createdAt"],
          valueColumns: ["id"],
        }),
      );
      io.err(`promoted ${JSON.stringify(name)} from ${source} into ${shownPath(path)}`);
      return 0;
    }
    case "feed": {
      const name = oneName(positionals, "ims-image lock feed NAME [--region R]");
      if (regions.length > 1) throw usageError("--region", "give one region: a feed is one region's images");
      const feed = await withFlags(lockFeed(name, regions[0], from, path));
      // The datasource's JSON unless another format is asked for: Renovate reads this output.
      const json = values.format === undefined ? !output.columns : output.format === "json" && !output.columns;
      if (json) io.out(JSON.stringify({ releases: feed.releases }, null, 2));
      else
        io.out(
          renderRows(output, feed.releases as unknown as Row[], {
            columns: ["version", "digest"],
            valueColumns: ["digest"],
          }),
        );
      io.err(`${feed.releases.length} release(s) of ${JSON.stringify(name)} in ${feed.region}`);
      return 0;
    }
    default:
      throw new Error(`unknown lock command ${sub}`);
  }
}

function updateRows(rows: readonly LockedRow[], now: number): Row[] {
  return rows.map((r) => ({
    entry: r.entry,
    region: r.region,
    change: r.change,
    from: r.previous?.id ?? null,
    to: r.image.id,
    name: r.previous && r.previous.name !== r.image.name ? `${r.previous.name} -> ${r.image.name}` : r.image.name,
    created: r.previous ? `${r.previous.createdAt} -> ${r.image.createdAt}` : r.image.createdAt,
    age: r.previous
      ? `${ageInDays(r.previous.createdAt, now)}d -> ${ageInDays(r.image.createdAt, now)}d`
      : `${ageInDays(r.image.createdAt, now)}d`,
  }));
}

/** `lock update --format markdown`: a pull request's body, what a reviewer needs to approve the change. */
function pullRequestBody(rows: readonly LockedRow[], file: string, now: number): string {
  if (rows.length === 0) return "";
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const lines = [
    `### IMS images updated in \`${file}\``,
    "",
    "| entry | region | from | to | created | age |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows.map((r) => {
      const from = r.previous ? `\`${r.previous.id}\`<br>${cell(r.previous.name)}` : "(none)";
      const created = r.previous ? `${r.previous.createdAt} → ${r.image.createdAt}` : r.image.createdAt;
      const age = `${r.previous ? `${ageInDays(r.previous.createdAt, now)} → ` : ""}${ageInDays(r.image.createdAt, now)} days`;
      return `| ${cell(r.entry)} | ${r.region} | ${from} | \`${r.image.id}\`<br>${cell(r.image.name)} | ${created} | ${age} |`;
    }),
    "",
    `Written by \`ims-image lock update\`. \`pulumi preview\` on this branch shows the servers that take the new images.`,
  ];
  return lines.join("\n");
}
