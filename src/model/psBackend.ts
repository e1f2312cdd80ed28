// State-dependent processor sharing, exact, by virtual-time finish tags: O(log n) per event.
import type { Curve } from "./curves/curve.ts";
import { FinishTagHeap } from "./finishTagHeap.ts";

/**
 * While n jobs are present each is served at rate c(t)·mu(n)/n (c: capacity multiplier).
 * Virtual time V advances at that per-job rate, so a job arriving at virtual time V with size s
 * leaves when V reaches its finish tag V + s; jobs leave in finish-tag order whatever the size
 * distribution. Only V and the heap change per event: no job is touched at every event.
 * V is reset to 0 whenever the backend empties, which keeps tags small and precise.
 */
export class PerJobRates {
  /** perJobRate[n] = mu(n)/n, filled lazily (mu evaluated once per population size). */
  private perJobRate = new Float64Array(64);
  private filled = 1;

  constructor(readonly curve: Curve) {}

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

export class PsBackend {
  n = 0;
  virtualTime = 0;
  lastTime = 0;
  capacity = 1;
  /** mu(n)/n at the current n, read from the shared table when n changes (0 while empty). */
  private rate = 0;
  readonly jobs = new FinishTagHeap();

  constructor(readonly rates: PerJobRates) {}

  /** Brings V up to time t. */
  advance(t: number): void {
    if (this.n > 0) this.virtualTime += (t - this.lastTime) * this.capacity * this.rate;
    this.lastTime = t;
  }

  /** A job of the given size joins at time t. */
  add(t: number, slot: number, size: number): void {
    this.advance(t);
    this.jobs.push(this.virtualTime + size, slot);
    this.rate = this.rates.rateFor(++this.n);
  }

  /** Time of the next departure given no further arrival (Infinity when empty or stopped). */
  nextDeparture(): number {
    if (this.n === 0 || this.capacity === 0) return Infinity;
    const remaining = this.jobs.minKey() - this.virtualTime;
    return this.lastTime + (remaining > 0 ? remaining : 0) / (this.capacity * this.rate);
  }

  /** The job with the smallest finish tag leaves at time t (its departure time); returns its slot. */
  depart(t: number): number {
    this.lastTime = t;
    this.virtualTime = this.jobs.minKey(); // exact: the tag is what V reaches at t
    const slot = this.jobs.pop();
    if (--this.n === 0) this.virtualTime = 0;
    this.rate = this.rates.rateFor(this.n);
    return slot;
  }

  setCapacity(t: number, multiplier: number): void {
    this.advance(t);
    this.capacity = multiplier;
  }
}
