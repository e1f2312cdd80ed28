// Numeric columns of a CSV table (header row, comma separated): traces and size columns.
import { closeSync, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { ScenarioError } from "../schema/scenarioError.ts";

/** Bytes read at a time: the text is never held whole, so memory follows the numeric columns. */
const CHUNK_BYTES = 1 << 20;

/** The lines of a file, streamed from disk in chunks (a line may span chunks; "\r\n" is accepted). */
export function* fileLines(path: string): Generator<string> {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const decoder = new StringDecoder("utf8");
    let carry = "";
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      const text = carry + (n > 0 ? decoder.write(buffer.subarray(0, n)) : decoder.end());
      let start = 0;
      for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) {
        const line = text.slice(start, end);
        yield line.endsWith("\r") ? line.slice(0, -1) : line;
        start = end + 1;
      }
      carry = text.slice(start);
      if (n === 0) break;
    }
    if (carry.length > 0) yield carry.endsWith("\r") ? carry.slice(0, -1) : carry;
  } finally {
    closeSync(fd);
  }
}

/**
 * The named columns of a CSV file as Float64Arrays, streamed line by line (no text held whole, no
 * per-row arrays). A missing column or a non-numeric cell is a ScenarioError naming the file, the
 * field path, the column and the row.
 */
export function readNumericColumns(path: string, fieldPath: string, columns: string[]): Float64Array[] {
  return numericColumns(fileLines(path), path, fieldPath, columns);
}

function numericColumns(lines: Iterator<string>, file: string, fieldPath: string, columns: string[]): Float64Array[] {
  const fail = (message: string): never => {
    throw new ScenarioError(file, [{ code: "file", path: fieldPath, message }]);
  };
  const nextLine = (): string | null => {
    const r = lines.next();
    return r.done ? null : r.value;
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
