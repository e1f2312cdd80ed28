// Human-readable tables and CSV for EST figures (latencies printed in ms).
import type { Estimate } from "../stats/estimate.ts";
import { isLatencyMetric as isLatency, metricUnit } from "./metricUnit.ts";
import { metricsRecord, type MetricColumns } from "../experiment/summarize.ts";
import { distinctKeys } from "./columnsJson.ts";

function fmt(x: number | null, digits = 4): string {
  if (x === null || !Number.isFinite(x)) return "-";
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return x.toExponential(2);
  return Number(x.toPrecision(digits)).toString();
}

const HEADER = ["metric", "estimate", "± 95%", "unit", "n", "method"];

/** Aligned columns: metric, value ± half-width (unit), n, method. */
export function metricsTable(metrics: Record<string, Estimate>): string {
  const keys = Object.keys(metrics);
  // the widths first, then each row formatted again as its line: a 1,000 × 1,000 fleet has 10^6
  // metrics, and its rows kept as arrays of cells until the end filled the old generation (its
  // collection took most of a 12 s print)
  const widths = HEADER.map((h) => h.length);
  for (const key of keys) widenTo(widths, metricCells(key, metrics[key]!));
  const lines = [alignedRow(HEADER, widths)];
  for (const key of keys) lines.push(alignedRow(metricCells(key, metrics[key]!), widths));
  return lines.join("\n");
}

/**
 * metricsTable of the columns' dictionary (metricsRecord), line by line, read from the columns: no
 * object, array of cells or kept line a metric. A 1,000 × 1,000 fleet's 10^6 metrics went through
 * their dictionary and one string of the whole table in 9 s and 1.1 GB (the JSON of the same run,
 * twice the bytes, in 3.9 s). Where ids with dots spell one name twice, the dictionary's table.
 */
export function* metricsTableLines(c: MetricColumns): Generator<string, void, void> {
  if (!distinctKeys(c.keys)) {
    yield metricsTable(metricsRecord(c));
    return;
  }
  const M = c.keys.length;
  // as in metricsTable, each cell is made twice (for the widths, then for its line) rather than kept
  const widths = HEADER.map((h) => h.length);
  for (let m = 0; m < M; m++) {
    const key = c.keys[m]!;
    const ms = isLatency(key);
    const f = ms ? 1000 : 1;
    widths[0] = Math.max(widths[0]!, key.length);
    widths[1] = Math.max(widths[1]!, fmt(c.estimate[m]! * f).length);
    widths[2] = Math.max(widths[2]!, fmt(c.halfWidth[m]! * f, 2).length);
    widths[3] = Math.max(widths[3]!, ms ? 2 : metricUnit(key).length);
    widths[4] = Math.max(widths[4]!, String(c.n[m]!).length);
  }
  widths[5] = Math.max(widths[5]!, M > 0 ? c.method.length : 0);
  yield alignedRow(HEADER, widths);
  const method = c.method.padStart(widths[5]!);
  for (let m = 0; m < M; m++) {
    const key = c.keys[m]!;
    const ms = isLatency(key);
    const f = ms ? 1000 : 1;
    // alignedRow's line, written out: NaN (the dictionary's null) formats as "-" in both number cells
    const line = `${key.padEnd(widths[0]!)}  ${fmt(c.estimate[m]! * f).padStart(widths[1]!)}  ${fmt(c.halfWidth[m]! * f, 2).padStart(widths[2]!)}  ${(ms ? "ms" : metricUnit(key)).padStart(widths[3]!)}  ${String(c.n[m]!).padStart(widths[4]!)}  ${method}`;
    yield line.trimEnd();
  }
}

function metricCells(key: string, e: Estimate): string[] {
  const ms = isLatency(key);
  const f = ms ? 1000 : 1;
  return [key, fmt(e.estimate === null ? null : e.estimate * f), e.halfWidth === null ? "-" : fmt(e.halfWidth * f, 2), ms ? "ms" : metricUnit(key), String(e.n), e.method];
}

export function alignColumns(rows: string[][]): string {
  const widths = rows[0]!.map(() => 0);
  for (const r of rows) widenTo(widths, r);
  return rows.map((r) => alignedRow(r, widths)).join("\n");
}

/** Widens each column to its cell in row r: a loop over rows, not Math.max(...column), since a 1,000 × 1,000 fleet has 10^6 rows, more arguments than a call may take. */
function widenTo(widths: number[], r: string[]): void {
  for (let c = 0; c < widths.length; c++) widths[c] = Math.max(widths[c]!, r[c]!.length);
}

/** The first cell padded on the right (names), the others on the left (numbers), two spaces apart. */
function alignedRow(r: string[], widths: number[]): string {
  return r
    .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
    .join("  ")
    .trimEnd();
}

/** One CSV row's numeric cells: estimate,halfWidth,level,n,method (empty where null). */
export const numericCells = (estimate: number | null, halfWidth: number | null, level: number, n: number, method: string) => `${estimate ?? ""},${halfWidth ?? ""},${level},${n},${method}`;

/** numericCells of an estimate. */
export const estimateCells = (e: Estimate) => numericCells(e.estimate, e.halfWidth, e.level, e.n, e.method);
