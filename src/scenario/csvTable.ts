// Minimal CSV reading for traces and data columns: header row, comma separated, numeric columns.
import { readFileSync } from "node:fs";
import { ScenarioError } from "./scenarioError.ts";

/** Reads numeric columns by name. A missing file, column or non-numeric cell is a ScenarioError naming the row. */
export function readNumericColumns(file: string, fieldPath: string, columns: string[]): Float64Array[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new ScenarioError(file, [{ path: fieldPath, message: `cannot read file ${file}; give a path relative to the scenario file` }]);
  }
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  if (lines.length === 0) throw new ScenarioError(file, [{ path: fieldPath, message: "file is empty; expected a header row and data rows" }]);
  const header = lines[0]!.split(",").map((h) => h.trim().replace(/^"|"$/g, ""));
  const idx = columns.map((c) => header.indexOf(c));
  idx.forEach((k, n) => {
    if (k < 0) throw new ScenarioError(file, [{ path: fieldPath, message: `column "${columns[n]}" not found; columns are ${header.join(", ")}` }]);
  });
  const out = columns.map(() => new Float64Array(lines.length - 1));
  for (let r = 1; r < lines.length; r++) {
    const cells = lines[r]!.split(",");
    for (let c = 0; c < columns.length; c++) {
      const raw = cells[idx[c]!];
      const v = raw === undefined || raw.trim() === "" ? NaN : Number(raw);
      if (!Number.isFinite(v)) {
        throw new ScenarioError(file, [
          { path: fieldPath, message: `row ${r + 1} (line ${r + 1}): ${columns[c]} is not a finite number (got ${JSON.stringify(raw ?? "")})` },
        ]);
      }
      out[c]![r - 1] = v;
    }
  }
  return out;
}
