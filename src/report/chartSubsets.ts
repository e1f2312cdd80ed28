// What the report's charts and latency table show of a large fleet: a readable few, the rest summed or left to the scenario file.
import type { RoutingRow } from "./routingWindows.ts";

/** Frontends the routing chart facets (and the recorder keeps), and the latency table's rows and columns. */
export const CHART_FRONTENDS = 12;
/** Backends drawn as their own line; the rest are one "others" line (routing) or left out (queues). */
export const CHART_BACKENDS = 10;
/** Rows and columns of the one-way latency table. */
export const TABLE_LIMIT = 40;

/** The frontends the routing chart facets, in the fleet's order (the recorder keeps only theirs). */
export function chartedFrontends(frontends: readonly { id: string }[]): string[] {
  return frontends.slice(0, CHART_FRONTENDS).map((f) => f.id);
}

/** The CHART_BACKENDS names of largest total, ties by name. */
function largest(totals: Map<string, number>): Set<string> {
  return new Set(
    [...totals.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, CHART_BACKENDS)
      .map(([b]) => b),
  );
}

/**
 * Routing rows with the CHART_BACKENDS backends of most total share kept and every other backend
 * summed per (time, frontend) into one row named `others`: a color per backend stops being
 * readable past ten, and Vega's scale over 1,000 names overflows its stack.
 */
export function topBackendRows(rows: readonly RoutingRow[], order: readonly string[]): { rows: RoutingRow[]; kept: string[]; others: string | null; summed: number } {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.backend, (totals.get(r.backend) ?? 0) + r.share);
  if (totals.size <= CHART_BACKENDS) return { rows: [...rows], kept: order.filter((b) => totals.has(b)), others: null, summed: 0 };
  const top = largest(totals);
  const others = `others (${totals.size - top.size} backends)`;
  const kept: RoutingRow[] = [];
  const summed = new Map<string, RoutingRow>();
  for (const r of rows) {
    if (top.has(r.backend)) kept.push(r);
    else {
      const key = `${r.time}\u0000${r.frontend}`;
      const cell = summed.get(key);
      if (cell) cell.share += r.share;
      else summed.set(key, { time: r.time, frontend: r.frontend, backend: others, share: r.share });
    }
  }
  return { rows: [...kept, ...summed.values()], kept: order.filter((b) => top.has(b)), others, summed: totals.size - top.size };
}

/** The CHART_BACKENDS backends with the most requests present on average over the series, in the fleet's order. */
export function busiestBackends(series: readonly { backend: string; inSystem: number }[], order: readonly string[]): Set<string> {
  const totals = new Map<string, number>();
  for (const r of series) totals.set(r.backend, (totals.get(r.backend) ?? 0) + r.inSystem);
  const top = largest(totals);
  return new Set(order.filter((b) => top.has(b)));
}
