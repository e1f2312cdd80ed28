// Human-readable tables and CSV for EST figures (latencies printed in ms).
import type { Estimate } from "../stats/estimate.ts";
import { isLatencyMetric as isLatency, metricUnit } from "./metricUnit.ts";

function fmt(x: number | null, digits = 4): string {
  if (x === null || !Number.isFinite(x)) return "-";
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return x.toExponential(2);
  return Number(x.toPrecision(digits)).toString();
}

/** Aligned columns: metric, value ± half-width (unit), n, method. */
export function metricsTable(metrics: Record<string, Estimate>): string {
  const header = ["metric", "estimate", "± 95%", "unit", "n", "method"];
  const keys = Object.keys(metrics);
  // the widths first, then each row formatted again as its line: a 1,000 × 1,000 fleet has 10^6
  // metrics, and its rows kept as arrays of cells until the end filled the old generation (its
  // collection took most of a 12 s print)
  const widths = header.map((h) => h.length);
  for (const key of keys) widenTo(widths, metricCells(key, metrics[key]!));
  const lines = [alignedRow(header, widths)];
  for (const key of keys) lines.push(alignedRow(metricCells(key, metrics[key]!), widths));
  return lines.join("\n");
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
