/**
 * `ims-image drift`: every ImageSelection of a `pulumi stack export` document (a file, or stdin),
 * checked against IMS without the Pulumi engine: the recorded image, the newest allowed match,
 * and the drift reason. Exit 0 when nothing drifted, 2 when something did, 1 on errors.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { ImsConfigError, ImsError } from "../core/errors";
import { SELECTION_TYPE } from "../core/vocabulary";
import { assessSelection, DRIFT_TEXT } from "../lookup/driftAssessment";
import { selectionOfState } from "../lookup/selectionState";
import type { ConnectionSources } from "../lookup/lookups";
import type { Io } from "./io";
import { renderRows, type OutputChoice, type Row } from "./output";

const exportSchema = z.looseObject({
  deployment: z.looseObject({
    resources: z
      .array(
        z.looseObject({
          urn: z.string(),
          type: z.string(),
          inputs: z.record(z.string(), z.unknown()).optional(),
          outputs: z.record(z.string(), z.unknown()).optional(),
        }),
      )
      .nullish(),
  }),
});

function readExport(source: string): z.output<typeof exportSchema> {
  let text: string;
  try {
    text = readFileSync(source === "-" ? 0 : source, "utf8");
  } catch (e) {
    throw new ImsConfigError(`cannot read ${source === "-" ? "standard input" : source}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ImsConfigError(
      `${source === "-" ? "standard input" : source} is not JSON; give the output of \`pulumi stack export\``,
    );
  }
  const parsed = exportSchema.safeParse(json);
  if (!parsed.success)
    throw new ImsConfigError(
      `${source === "-" ? "standard input" : source} is not a \`pulumi stack export\` document (no deployment.resources)`,
    );
  return parsed.data;
}

const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

export async function driftReport(
  positionals: string[],
  from: ConnectionSources,
  output: OutputChoice,
  io: Io,
  requireSelections = false,
): Promise<number> {
  if (positionals.length > 1)
    throw new ImsConfigError("give one stack export: a file, or - (the default) for standard input");
  const doc = readExport(positionals[0] ?? "-");
  const selections = (doc.deployment.resources ?? []).filter((r) => r.type === SELECTION_TYPE);
  const rows: Row[] = [];
  let errors = 0;
  let drifted = 0;
  for (const r of selections) {
    const state = { ...(r.inputs ?? {}), ...(r.outputs ?? {}) };
    const selection = selectionOfState(state);
    const base = { resource: nameOf(r.urn), urn: r.urn, recorded: state.imageId ?? null };
    if (typeof selection === "string") {
      errors++;
      rows.push({ ...base, latest: null, reason: "error", detail: selection });
      continue;
    }
    try {
      const assessed = await assessSelection(selection, from);
      if (assessed.reason) drifted++;
      rows.push({
        ...base,
        latest: assessed.latest?.id ?? null,
        reason: assessed.reason ?? "none",
        detail: assessed.reason ? DRIFT_TEXT[assessed.reason] : "up to date",
        recordedName: assessed.recorded?.name ?? null,
        latestName: assessed.latest?.name ?? null,
        ageDays: assessed.ageDays ?? null,
      });
    } catch (e) {
      if (!ImsError.isInstance(e)) throw e;
      errors++;
      rows.push({ ...base, latest: null, reason: "error", detail: e.message });
    }
  }
  io.out(
    renderRows(output, rows, {
      columns: ["resource", "reason", "recorded", "latest", "detail"],
      valueColumns: ["resource", "reason"],
    }),
  );
  if (selections.length === 0) {
    // Nothing to check is not "nothing drifted": likely the wrong stack or file.
    io.err(
      `no ImageSelection in ${positionals[0] && positionals[0] !== "-" ? positionals[0] : "the stack export on standard input"} (${(doc.deployment.resources ?? []).length} resource(s)); is it the right stack?`,
    );
    return requireSelections ? 1 : 0;
  }
  io.err(`${selections.length} ImageSelection(s): ${drifted} drifted, ${errors} could not be checked`);
  return errors > 0 ? 1 : drifted > 0 ? 2 : 0;
}
