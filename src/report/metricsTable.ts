// Human-readable tables and CSV for EST figures (latencies printed in ms).
import type { Estimate } from "../stats/estimate.ts";
import { isLatencyMetric as isLatency, metricUnit } from "./metricUnit.ts";
import { metricsRecord, type MetricColumns } from "../experiment/summarize.ts";
import { distinctKeys } from "./columnsJson.ts";

function fmt(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return "-";
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
  for (const key of keys) widenTo(widths, estimateCellsOf(key, metrics[key]!));
  const lines = [alignedRow(HEADER, widths)];
  for (const key of keys) lines.push(alignedRow(estimateCellsOf(key, metrics[key]!), widths));
  return lines.join("\n");
}

/**
 * metricsTable of the columns' dictionary (metricsRecord), line by line, read from the columns: no
 * object a metric, and no line kept. A 1,000 × 1,000 fleet's 10^6 metrics went through their
 * dictionary and one string of the whole table in 9 s and 1.1 GB (the JSON of the same run, twice
 * the bytes, in 3.9 s). Where ids with dots spell one name twice, the dictionary's table.
 */
export function* metricsTableLines(c: MetricColumns): Generator<string, void, void> {
  if (!distinctKeys(c.keys)) {
    yield metricsTable(metricsRecord(c));
    return;
  }
  const M = c.keys.length;
  const cells = (m: number) => metricCells(c.keys[m]!, c.estimate[m]!, c.halfWidth[m]!, c.n[m]!, c.method);
  // as in metricsTable, each row's cells are made twice (for the widths, then for its line) rather than kept
  const widths = HEADER.map((h) => h.length);
  for (let m = 0; m < M; m++) widenTo(widths, cells(m));
  yield alignedRow(HEADER, widths);
  for (let m = 0; m < M; m++) yield alignedRow(cells(m), widths);
}

/** A metric's row: latencies in ms; an estimate or half-width that is NaN (null in the dictionary) as "-". */
function metricCells(key: string, estimate: number, halfWidth: number, n: number, method: string): string[] {
  const ms = isLatency(key);
  const f = ms ? 1000 : 1;
  return [key, fmt(estimate * f), fmt(halfWidth * f, 2), ms ? "ms" : metricUnit(key), String(n), method];
}

/** metricCells of a dictionary's estimate. */
const estimateCellsOf = (key: string, e: Estimate) => metricCells(key, e.estimate ?? NaN, e.halfWidth ?? NaN, e.n, e.method);

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
