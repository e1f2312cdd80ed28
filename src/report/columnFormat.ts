// Numbers in a table column share their decimals, so rows line up and compare at a glance: the column's
// largest magnitude gets four significant digits and every other row (and every half-width) follows it.
import type { Estimate } from "../stats/estimate.ts";

const MAX_DECIMALS = 6;

/** Decimals that give the column's largest |value| four significant digits (0 for thousands and up). */
export function columnDecimals(values: Iterable<number | null | undefined>): number {
  let largest = 0;
  for (const v of values) if (v !== null && v !== undefined && Number.isFinite(v)) largest = Math.max(largest, Math.abs(v));
  if (largest === 0) return 0;
  return Math.min(MAX_DECIMALS, Math.max(0, 3 - Math.floor(Math.log10(largest))));
}

/** x with exactly `decimals` decimals and thousands separators; "–" for a missing figure. */
export function fixed(x: number | null | undefined, decimals: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  return x.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/**
 * A formatter for a column of estimates "e ± h unit", all with the column's decimals. A positive
 * half-width that would round to zero says so ("< 0.05") instead of printing a false "± 0.0".
 */
export function estimateColumn(column: readonly (Estimate | undefined)[], scale = 1, unit = ""): (e: Estimate | undefined) => string {
  const d = columnDecimals(column.map((e) => (e?.estimate == null ? null : e.estimate * scale)));
  const floor = 0.5 * 10 ** -d;
  return (e) => {
    if (!e || e.estimate === null) return "–";
    const h = e.halfWidth === null ? null : e.halfWidth * scale;
    const half = h === null ? "–" : h > 0 && h < floor ? `< ${fixed(floor, d + 1)}` : fixed(h, d);
    return `${fixed(e.estimate * scale, d)} ± ${half}${unit}`;
  };
}

/** A formatter for a column of plain numbers (rates, sizes, latencies), all with the column's decimals. */
export function numberColumn(column: readonly (number | null | undefined)[]): (x: number | null | undefined) => string {
  const d = columnDecimals(column);
  return (x) => fixed(x, d);
}
