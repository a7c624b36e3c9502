/**
 * `ims-image explain` and `ims-image values`: the answers to "why does my lookup find nothing?"
 * and "how are the images called?". Each step is an ordinary lookup, so every bound holds.
 */
import { describeFilter, FILTER_NAMES, FILTERS, type FilterSpec } from "../core/filters";
import { closestNames } from "../core/select";
import type { ImageResult } from "../lookup/imageResult";
import { lookupImages, type ConnectionSources } from "../lookup/lookups";
import { parseGetImagesArgs } from "../lookup/args";
import { usageError, withFlags, type Values, filterArgs } from "./flags";
import { VALUE_FIELDS } from "./help";
import type { Io } from "./io";
import { renderRows, type OutputChoice, type Row } from "./output";

/** Names shown when a filter leaves no image. */
const CLOSEST_SHOWN = 5;
/** Images read for names when the first filter leaves none. */
const CANDIDATES_READ = 1000;

/** Filter by filter, in the filter table's order: how many images remain after each. */
export async function explain(
  filters: Record<string, unknown>,
  from: ConnectionSources,
  output: OutputChoice,
  io: Io,
): Promise<number> {
  // Broad filters first, the ones that name an image last: the count then narrows as people expect.
  const naming: readonly string[] = ["id", "name", "nameRegex"];
  const given = FILTER_NAMES.filter((n) => filters[n] !== undefined);
  const names = [...given.filter((n) => !naming.includes(n)), ...given.filter((n) => naming.includes(n))];
  if (names.length === 0)
    throw usageError(
      "filters",
      "give the filters to explain, as for resolve (e.g. --platform Ubuntu --name-regex '^Ubuntu 22')",
    );
  const rows: Row[] = [];
  let applied: Record<string, unknown> = {};
  let previous: ImageResult[] | undefined;
  // What every lookup applies unless told otherwise (status active, ECS system-disk images) comes first.
  const defaults = FILTER_NAMES.flatMap((n) => {
    const value = (FILTERS[n] as FilterSpec).defaultValue;
    return filters[n] === undefined && value !== undefined ? describeFilter(n, value) : [];
  });
  if (defaults.length) {
    previous = await withFlags(lookupImages({}, from));
    rows.push({ filter: `${defaults.join(", ")} (defaults)`, remaining: previous.length, closest: "" });
  }
  // When the defaults leave nothing, no filter can leave less: the defaults' row is the answer.
  for (const name of previous?.length === 0 ? [] : names) {
    applied = { ...applied, [name]: filters[name] };
    const images = await withFlags(lookupImages(applied, from));
    // Described as messages describe it: from the parsed value (a regex, time conditions).
    const parsed = parseGetImagesArgs(applied) as Record<string, unknown>;
    const row: Record<string, unknown> = {
      filter: describeFilter(name, parsed[name]).join(", "),
      remaining: images.length,
      closest: "",
    };
    if (images.length === 0) {
      const target =
        typeof filters.name === "string"
          ? filters.name
          : typeof filters.nameRegex === "string"
            ? filters.nameRegex
            : String(filters[name]);
      // Nothing before this filter: the newest images at all are the candidates.
      // Distinct names: many images share one (each build of a nightly image).
      const candidates = [
        ...new Set((previous ?? (await withFlags(lookupImages({ limit: CANDIDATES_READ }, from)))).map((i) => i.name)),
      ];
      row.closest = (
        name === "name" || name === "nameRegex"
          ? closestNames(candidates, target, CLOSEST_SHOWN)
          : candidates.slice(0, CLOSEST_SHOWN)
      ).join("; ");
      rows.push(row);
      break;
    }
    rows.push(row);
    previous = images;
  }
  io.out(renderRows(output, rows, { columns: ["filter", "remaining", "closest"] }));
  const last = rows[rows.length - 1]!;
  io.err(
    last.remaining === 0
      ? `no image is left after ${String(last.filter)}`
      : `${String(last.remaining)} image(s) match every filter`,
  );
  return 0;
}

const VALUE_OF: Record<(typeof VALUE_FIELDS)[number], (i: ImageResult) => ReadonlyArray<string | number | undefined>> =
  {
    platform: (i) => [i.platform],
    osVersion: (i) => [i.osVersion],
    osType: (i) => [i.osType],
    tag: (i) => i.tags,
    imageType: (i) => [i.imageType],
    architecture: (i) => [i.architecture],
    visibility: (i) => [i.visibility],
    diskFormat: (i) => [i.diskFormat],
    minDisk: (i) => [i.minDisk],
  };

/** The distinct values of --field among the images the other filters match. */
export async function distinctValues(
  values: Values,
  from: ConnectionSources,
  output: OutputChoice,
  io: Io,
): Promise<number> {
  const field = values.field as string | undefined;
  if (!field || !(VALUE_FIELDS as readonly string[]).includes(field))
    throw usageError("--field", `must be one of ${VALUE_FIELDS.join(", ")} (given ${JSON.stringify(field ?? null)})`);
  const images = await withFlags(lookupImages(filterArgs(values), from));
  const counts = new Map<string, number>();
  for (const image of images) {
    for (const v of VALUE_OF[field as (typeof VALUE_FIELDS)[number]](image))
      if (v !== undefined && v !== "") counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  }
  const rows = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([value, count]) => ({ value, count }));
  io.out(renderRows(output, rows, { columns: ["value", "count"], valueColumns: ["value"] }));
  io.err(`${rows.length} distinct ${field} value(s) among ${images.length} image(s)`);
  return 0;
}
