// mu(n)/n for a service curve, tabulated lazily: what each job of n present is served at.
import type { Curve } from "./curves/curve.ts";

export class PerJobRates {
  /** perJobRate[n] = mu(n)/n, filled lazily (mu evaluated once per population size). */
  private perJobRate = new Float64Array(64);
  private filled = 1;

  constructor(readonly curve: Curve) {
    // stored twice, so that V8 holds the field as mutable from the start: optimised code reading a
    // field that has only ever held one value embeds that value, and the table's first growth (past
    // 64 jobs, some 10^5 requests into an M/M/1 run at load 0.9) then threw the whole optimised
    // event loop away
    this.perJobRate = new Float64Array(64);
  }

  rateFor(n: number): number {
    if (n >= this.filled) this.fill(n);
    return this.perJobRate[n]!;
  }

  private fill(n: number): void {
    if (n >= this.perJobRate.length) {
      const t = new Float64Array(Math.max(n + 1, this.perJobRate.length * 2));
      t.set(this.perJobRate);
      this.perJobRate = t;
    }
    for (let k = this.filled; k <= n; k++) this.perJobRate[k] = this.curve.rate(k) / k;
    this.filled = n + 1;
  }
}
