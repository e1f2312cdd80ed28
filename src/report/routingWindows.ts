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

/** The width of the windows a run of this horizon, sampled every sampleInterval, is averaged over. */
export function routingWindowWidth(horizon: number, sampleInterval: number): number {
  return Math.max(sampleInterval, roundUp125(horizon / ROUTING_WINDOWS));
}

/**
 * Sums of the shares sampled in each (window, frontend, backend) cell, added as a run records them.
 * Flat arrays, one block of frontends × backends a window: a 12 × 1,000 chart sampled 100 times had
 * 1.2 million row objects kept to the end of the run and a dictionary of half a million string keys
 * (about 130 MB); these blocks are 40 × 12 × 1,000 numbers.
 */
export class RoutingWindowSums {
  readonly width: number;
  private readonly frontendIndex = new Map<string, number>();
  private readonly backendIndex = new Map<string, number>();
  private readonly sums: Float64Array[] = [];
  private readonly counts: Int32Array[] = [];
  /** Cells in the order of their first sample (window, then the order the run gives its pairs). */
  private order = new Int32Array(1024);
  private cells = 0;

  constructor(
    horizon: number,
    private readonly sampleInterval: number,
    private readonly frontends: readonly string[],
    private readonly backends: readonly string[],
  ) {
    this.width = routingWindowWidth(horizon, sampleInterval);
    frontends.forEach((f, c) => this.frontendIndex.set(f, c));
    backends.forEach((b, j) => this.backendIndex.set(b, j));
  }

  /** One sample of a frontend's share to a backend; frontends not named at construction are not kept. */
  add(time: number, frontend: string, backend: string, share: number): void {
    const c = this.frontendIndex.get(frontend);
    const j = this.backendIndex.get(backend);
    if (c === undefined || j === undefined) return;
    // a sample at time t covers (t − interval, t]: it belongs to the window holding its start
    const k = Math.max(0, Math.floor((time - this.sampleInterval) / this.width + 1e-9));
    const B = this.backends.length;
    const block = this.frontends.length * B;
    while (this.sums.length <= k) {
      this.sums.push(new Float64Array(block));
      this.counts.push(new Int32Array(block));
    }
    const cell = c * B + j;
    if (this.counts[k]![cell] === 0) {
      if (this.cells === this.order.length) {
        const grown = new Int32Array(2 * this.cells);
        grown.set(this.order);
        this.order = grown;
      }
      this.order[this.cells++] = k * block + cell;
    }
    this.sums[k]![cell] += share;
    this.counts[k]![cell] += 1;
  }

  /** Mean share per sampled cell, one row per window stamped at its start, in the order of first samples. */
  rows(): RoutingRow[] {
    const B = this.backends.length;
    const block = this.frontends.length * B;
    const rows: RoutingRow[] = [];
    for (let n = 0; n < this.cells; n++) {
      const at = this.order[n]!;
      const k = Math.floor(at / block);
      const cell = at - k * block;
      const c = Math.floor(cell / B);
      rows.push({ time: k * this.width, frontend: this.frontends[c]!, backend: this.backends[cell - c * B]!, share: this.sums[k]![cell]! / this.counts[k]![cell]! });
    }
    return rows;
  }
}
