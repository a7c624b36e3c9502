/**
 * ims-image's output formats, as `openstack` and `aws` offer them: `table` for people, `json` for
 * tools, `value` (just the values, one row a line, space-separated) for shell pipelines, `markdown`
 * for a pull-request comment; `--columns` picks and orders the columns. Data only: counts, hints
 * and progress go to stderr.
 */
import { formatTable } from "../core/formatTable";
import { usageError, type Values } from "./flags";

export const FORMATS = ["table", "json", "value", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

export interface OutputChoice {
  readonly format: Format;
  /** Column names the user asked for, in their order. */
  readonly columns?: readonly string[];
}

/** --format (and --json, its old spelling) and --columns. */
export function outputChoice(values: Values): OutputChoice {
  const given = values.format as string | undefined;
  if (given !== undefined && !(FORMATS as readonly string[]).includes(given))
    throw usageError("--format", `must be one of ${FORMATS.join(", ")} (given ${JSON.stringify(given)})`);
  const format = (given as Format | undefined) ?? (values.json === true ? "json" : "table");
  const columnsText = values.columns as string | undefined;
  const columns = columnsText
    ?.split(",")
    .map((c) => c.trim())
    .filter(Boolean);
  return { format, columns: columns?.length ? columns : undefined };
}

export type Row = Readonly<Record<string, unknown>>;

function cell(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map(cell).join(",");
  // One line per row: a multi-line message would break the table.
  if (typeof value === "string") return value.replace(/\s*\n\s*/g, " ");
  return JSON.stringify(value) ?? "";
}

function markdownTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const escape = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  return [
    `| ${headers.join(" | ")} |`,
    `| ${headers.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(escape).join(" | ")} |`),
  ].join("\n");
}

/**
 * Rows in the chosen format. `columns` are the defaults (table, markdown), `valueColumns` those of
 * `--format value` (default: the same); `json` is the whole data when given, else the rows.
 */
export function renderRows(
  choice: OutputChoice,
  rows: readonly Row[],
  defaults: { columns: readonly string[]; valueColumns?: readonly string[]; json?: unknown },
): string {
  if (choice.format === "json" && !choice.columns) return JSON.stringify(defaults.json ?? rows, null, 2);
  const columns =
    choice.columns ?? (choice.format === "value" ? (defaults.valueColumns ?? defaults.columns) : defaults.columns);
  const known = new Set(rows.flatMap((r) => Object.keys(r)).concat(defaults.columns));
  const unknown = columns.filter((c) => !known.has(c));
  if (rows.length > 0 && unknown.length)
    throw usageError("--columns", `unknown column(s) ${unknown.join(", ")}; columns: ${[...known].join(", ")}`);
  if (choice.format === "json")
    return JSON.stringify(
      rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))),
      null,
      2,
    );
  const cells = rows.map((r) => columns.map((c) => cell(r[c])));
  switch (choice.format) {
    case "value":
      return cells.map((r) => r.join(" ")).join("\n");
    case "markdown":
      return markdownTable(columns, cells);
    case "table":
      return formatTable(columns, cells);
  }
}
