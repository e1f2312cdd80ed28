// Numeric columns of a CSV table (header row, comma separated): traces and size columns.
import { ScenarioError } from "./scenarioError.ts";

/**
 * Parses the named columns of `text` into Float64Arrays, scanning line by line (no array of
 * lines, no per-row arrays). A missing column or a non-numeric cell is a ScenarioError naming the
 * file, the field path, the column and the row.
 */
export function parseNumericColumns(text: string, file: string, fieldPath: string, columns: string[]): Float64Array[] {
  const fail = (message: string): never => {
    throw new ScenarioError(file, [{ code: "file", path: fieldPath, message }]);
  };
  let pos = 0;
  const nextLine = (): string | null => {
    if (pos >= text.length) return null;
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    let line = text.slice(pos, end);
    if (line.endsWith("\r")) line = line.slice(0, -1);
    pos = end + 1;
    return line;
  };
  const headerLine = nextLine();
  if (headerLine === null || headerLine.trim() === "") fail("file is empty; expected a header row and data rows");
  const header = headerLine!.split(",").map((h) => h.trim().replace(/^"|"$/g, ""));
  const idx = columns.map((c) => header.indexOf(c));
  idx.forEach((k, n) => {
    if (k < 0) fail(`column "${columns[n]!.slice(0, 80)}" not found; columns are ${header.join(", ").slice(0, 200)}`);
  });
  const wanted = Math.max(...idx);
  let capacity = 1024;
  let out = columns.map(() => new Float64Array(capacity));
  let rows = 0;
  let lineNo = 1;
  for (let line = nextLine(); line !== null; line = nextLine()) {
    lineNo++;
    if (line.trim() === "") continue;
    if (rows === capacity) {
      capacity *= 2;
      out = out.map((a) => {
        const b = new Float64Array(capacity);
        b.set(a);
        return b;
      });
    }
    // walk the cells once, picking the wanted ones
    let cell = 0;
    let start = 0;
    for (let k = 0; k <= line.length && cell <= wanted; k++) {
      if (k === line.length || line.charCodeAt(k) === 44 /* , */) {
        for (let c = 0; c < columns.length; c++) {
          if (idx[c] !== cell) continue;
          const raw = line.slice(start, k);
          const v = raw.trim() === "" ? NaN : Number(raw);
          if (!Number.isFinite(v)) fail(`row ${lineNo} (line ${lineNo}): ${columns[c]} is not a finite number (got ${JSON.stringify(raw.slice(0, 40))})`);
          out[c]![rows] = v;
        }
        cell++;
        start = k + 1;
      }
    }
    if (cell <= wanted) fail(`row ${lineNo} (line ${lineNo}): has ${cell} cells, fewer than the header's ${header.length}`);
    rows++;
  }
  return out.map((a) => a.slice(0, rows));
}
