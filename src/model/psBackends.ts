// State-dependent processor sharing at every backend, exact, by virtual-time finish tags: O(log n) per event.
import type { Curve } from "./curves/curve.ts";
import { FinishTagHeap } from "./finishTagHeap.ts";

/** Fields of a backend's record in PsBackends.state (its job count is in PsBackends.n). */
const VIRTUAL_TIME = 0;
const LAST_TIME = 1;
const CAPACITY = 2;
/** μ(n)/n at the current n: the rate each present job is served at (before the capacity multiplier). */
const PER_JOB_RATE = 3;
const FIELDS = 4;

/**
 * While n jobs are present at backend j each is served at rate c(t)·μ_j(n)/n (c: capacity
 * multiplier). Virtual time V advances at that per-job rate, so a job arriving at virtual time V
 * with size s leaves when V reaches its finish tag V + s; jobs leave in finish-tag order whatever
 * the size distribution. Only V and the heap change per event: no job is touched at every event.
 * V is reset to 0 whenever the backend empties, which keeps tags small and precise.
 *
 * The backends' scalars live in one flat array, a cache line per backend (object fields holding
 * doubles would each be a separate heap box), because a fleet of 1,000 backends is touched at
 * random, one event at a time.
 */
export class PsBackends {
  private readonly state: Float64Array;
  /** Jobs present at each backend (integers: they index the rate tables). */
  private readonly n: Int32Array;
  private readonly heaps: FinishTagHeap[];
  /** perJobRate[j][n] = μ_j(n)/n, filled lazily (μ evaluated once per backend and population size). */
  private readonly perJobRate: Float64Array[];
  private readonly filled: Int32Array;

  constructor(private readonly curves: Curve[]) {
    const B = curves.length;
    this.state = new Float64Array(B * FIELDS);
    this.n = new Int32Array(B);
    for (let j = 0; j < B; j++) this.state[j * FIELDS + CAPACITY] = 1;
    this.heaps = curves.map(() => new FinishTagHeap());
    this.perJobRate = curves.map(() => new Float64Array(64));
    this.filled = new Int32Array(B).fill(1);
  }

  /** Jobs present at backend j. */
  count(j: number): number {
    return this.n[j]!;
  }

  private rateFor(j: number, n: number): number {
    if (n >= this.filled[j]!) this.fill(j, n);
    return this.perJobRate[j]![n]!;
  }

  private fill(j: number, n: number): void {
    let table = this.perJobRate[j]!;
    if (n >= table.length) {
      const t = new Float64Array(Math.max(n + 1, table.length * 2));
      t.set(table);
      this.perJobRate[j] = table = t;
    }
    const curve = this.curves[j]!;
    for (let k = this.filled[j]!; k <= n; k++) table[k] = curve.rate(k) / k;
    this.filled[j] = n + 1;
  }

  /** Brings backend j's V up to time t. */
  private advance(j: number, o: number, t: number): void {
    const s = this.state;
    if (this.n[j]! > 0) s[o + VIRTUAL_TIME]! += (t - s[o + LAST_TIME]!) * s[o + CAPACITY]! * s[o + PER_JOB_RATE]!;
    s[o + LAST_TIME] = t;
  }

  /** A job of the given size joins backend j at time t. */
  add(j: number, t: number, slot: number, size: number): void {
    const o = j * FIELDS;
    const s = this.state;
    this.advance(j, o, t);
    this.heaps[j]!.push(s[o + VIRTUAL_TIME]! + size, slot);
    const n = ++this.n[j]!;
    s[o + PER_JOB_RATE] = this.rateFor(j, n);
  }

  /** Time of backend j's next departure given no further arrival (Infinity when empty or stopped). */
  nextDeparture(j: number): number {
    const o = j * FIELDS;
    const s = this.state;
    if (this.n[j] === 0 || s[o + CAPACITY] === 0) return Infinity;
    const remaining = this.heaps[j]!.minKey() - s[o + VIRTUAL_TIME]!;
    return s[o + LAST_TIME]! + (remaining > 0 ? remaining : 0) / (s[o + CAPACITY]! * s[o + PER_JOB_RATE]!);
  }

  /** The job with the smallest finish tag leaves backend j at time t (its departure time); returns its slot. */
  depart(j: number, t: number): number {
    const o = j * FIELDS;
    const s = this.state;
    const heap = this.heaps[j]!;
    s[o + LAST_TIME] = t;
    s[o + VIRTUAL_TIME] = heap.minKey(); // exact: the tag is what V reaches at t
    const slot = heap.pop();
    const n = --this.n[j]!;
    if (n === 0) s[o + VIRTUAL_TIME] = 0;
    else s[o + PER_JOB_RATE] = this.rateFor(j, n);
    return slot;
  }

  setCapacity(j: number, t: number, multiplier: number): void {
    const o = j * FIELDS;
    this.advance(j, o, t);
    this.state[o + CAPACITY] = multiplier;
  }
}
