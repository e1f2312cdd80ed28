// Numeric columns of a CSV table (header row, comma separated): traces and size columns.
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { ScenarioError } from "../input/scenarioError.ts";

/** Bytes read at a time: the text is never held whole, so memory follows the numeric columns. */
const CHUNK_BYTES = 1 << 20;

/** Largest input file lbsim reads (a trace of 10^8 rows is about 4 GB). */
export const MAX_INPUT_BYTES = 8 * 2 ** 30;

/** Only regular files of bounded size: /dev/zero or a FIFO would be read until memory runs out. */
export function assertRegularFile(path: string): void {
  const st = statSync(path);
  if (!st.isFile()) throw new InputFileError("is not a regular file");
  if (st.size > MAX_INPUT_BYTES) throw new InputFileError(`is ${(st.size / 2 ** 30).toFixed(1)} GiB, more than the ${MAX_INPUT_BYTES / 2 ** 30} GiB lbsim reads`);
}

/** Why an input file was not read; the caller names the field and the file. */
export class InputFileError extends Error {}

/** The lines of a file, streamed from disk in chunks (a line may span chunks; "\r\n" is accepted). */
export function* fileLines(path: string): Generator<string> {
  assertRegularFile(path);
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
  // a UTF-8 byte-order mark (spreadsheets write one) is not part of the first column's name
  const header = csvCells(headerLine!.replace(/^\uFEFF/, "")).map((h) => h.trim());
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
    if (line.includes('"')) {
      // quoted cells (RFC 4180, as lbsim writes them): the general parser, off the fast path
      const cells = csvCells(line);
      if (cells.length <= wanted) fail(`row ${lineNo} (line ${lineNo}): has ${cells.length} cells, fewer than the header's ${header.length}`);
      for (let c = 0; c < columns.length; c++) {
        const raw = cells[idx[c]!]!;
        const v = raw.trim() === "" ? NaN : Number(raw);
        if (!Number.isFinite(v)) fail(`row ${lineNo} (line ${lineNo}): ${columns[c]} is not a finite number (got ${JSON.stringify(raw.slice(0, 40))})`);
        out[c]![rows] = v;
      }
      rows++;
      continue;
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

/**
 * The cells of one CSV line (RFC 4180): a cell in double quotes may hold commas, and "" inside
 * it is one quote. (A quoted line break is not supported: the reader works line by line.)
 */
export function csvCells(line: string): string[] {
  const cells: string[] = [];
  let k = 0;
  for (;;) {
    if (line.charCodeAt(k) === 34 /* " */) {
      let text = "";
      k++;
      for (;;) {
        const q = line.indexOf('"', k);
        if (q < 0) {
          text += line.slice(k);
          k = line.length;
          break;
        }
        text += line.slice(k, q);
        if (line.charCodeAt(q + 1) === 34) {
          text += '"';
          k = q + 2;
        } else {
          k = q + 1;
          break;
        }
      }
      const comma = line.indexOf(",", k);
      cells.push(text + line.slice(k, comma < 0 ? line.length : comma));
      if (comma < 0) return cells;
      k = comma + 1;
    } else {
      const comma = line.indexOf(",", k);
      cells.push(line.slice(k, comma < 0 ? line.length : comma));
      if (comma < 0) return cells;
      k = comma + 1;
    }
  }
}
