// The report's routing chart: each sample holds the shares of a few requests (every sample interval), so a
// line through the raw samples is mostly counting noise. Averaging them over windows of a fixed, round
// width (about 40 across the run) shows the routing a reader can act on: where traffic goes, and when it moves.
export interface RoutingRow {
  time: number;
  frontend: string;
  backend: string;
  share: number;
}

/** Windows across the run a chart shows: enough to see a move, few enough that each averages many samples. */
export const ROUTING_WINDOWS = 40;

/** The smallest of 1, 2, 5 × 10^k at or above x. */
export function roundUp125(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x * (1 - 1e-12)) return m * p;
  return 10 * p;
}

/** Mean share per (window, frontend, backend), one row per window stamped at its start, in the input's order. */
export function routingWindows(rows: readonly RoutingRow[], horizon: number, sampleInterval: number): { width: number; rows: RoutingRow[] } {
  const width = Math.max(sampleInterval, roundUp125(horizon / ROUTING_WINDOWS));
  const sums = new Map<string, { time: number; frontend: string; backend: string; sum: number; count: number }>();
  for (const r of rows) {
    // a sample at time t covers (t − interval, t]: it belongs to the window holding its start
    const k = Math.max(0, Math.floor((r.time - sampleInterval) / width + 1e-9));
    const key = `${k}\u0000${r.frontend}\u0000${r.backend}`;
    const cell = sums.get(key);
    if (cell) {
      cell.sum += r.share;
      cell.count += 1;
    } else sums.set(key, { time: k * width, frontend: r.frontend, backend: r.backend, sum: r.share, count: 1 });
  }
  return { width, rows: Array.from(sums.values(), (c) => ({ time: c.time, frontend: c.frontend, backend: c.backend, share: c.sum / c.count })) };
}
