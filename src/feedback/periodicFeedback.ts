// Periodic feedback: every backend publishes its count every Δ seconds; reports arrive after d_ji.
import * as z from "zod";
import { mappedStep, type HeldCountMap, type ReceivedState, type RowStep } from "./receivedState.ts";
import type { Scenario } from "../model/scenario.ts";
import type { Clock } from "../model/clock.ts";
import { positive, strict } from "../input/fieldSchemas.ts";
import { RememberedBacks } from "./rememberedBacks.ts";
import { NextReport } from "./nextReport.ts";
import { mapToFloat64 } from "../math/mapToFloat64.ts";

export const periodicFeedbackSchema = strict({
  mode: z.literal("periodic"),
  interval: positive("Δ_report: seconds between a backend's publications"),
});

/**
 * Periodic mode (docs/model.md section 2, implementation note): every backend publishes its count
 * at times kΔ; frontend i holds, at time t, publication k = floor(t/Δ − d_ji/Δ) (+1e-12, so a report due now is held). Publications are
 * kept in a ring of rows (one row of B counts per k), deep enough for the largest response
 * latency, so a report costs O(B) per interval and no event per (backend, frontend) pair.
 * Jitter is not applied to reports (documented approximation: reports travel at the fixed
 * latency d_ji).
 */
export class PeriodicFeedback implements ReceivedState {
  /** Publication k's counts in row k mod depth; row `depth` stays 0 (held before any publication arrived). */
  private readonly rows: Float64Array;
  private readonly depth: number;
  private published = 0; // number of publications made so far
  private readonly versions: Int32Array;
  private readonly nextChange: Float64Array;
  private readonly B: number;
  /** d_ji / Δ per pair (i·B + j): the held publication is floor(now/Δ + ε − d_ji/Δ), a subtraction per pair and no division. */
  private readonly lag: Float64Array;
  /** heldCounts' scratch: rowAt[p − k] = the offset of the row that holds publication k, for the current p (rowStepper may swap in its own). */
  private rowAt: Int32Array;
  /** Which publication each ring row holds (−1 for the zero row). */
  private readonly rowPublication: Int32Array;
  /** heldMapped's rows: mappedRows[r·B + j] = map.of(j, rows[r·B + j]) for the publication in mappedPublication[r] (−2: none; rowStepper may swap in its own). */
  private mappedRows: Float64Array;
  private readonly mappedPublication: Int32Array;
  private mappedBy: HeldCountMap | null = null;
  /** The clock and publication count mapHeldRows last mapped at (with mappedBy): every frontend of an update asks for the same rows. */
  private mappedAt = NaN;
  private mappedAfter = -1;
  /** Whether the ring is shallow enough for RememberedBacks' bytes (rowStepper). */
  private readonly backsFit: boolean;
  private readonly maxLag: number;
  /** When each frontend's next report arrives and what changed (version, changedBackends): see reports(). */
  private nextReport: NextReport | null = null;

  constructor(
    private readonly scenario: Scenario,
    private readonly clock: Clock,
    readonly interval: number,
  ) {
    this.B = scenario.backends.length;
    let maxDelay = 0;
    for (const d of scenario.back) if (d > maxDelay) maxDelay = d;
    this.depth = Math.ceil(maxDelay / interval) + 3;
    this.rows = new Float64Array((this.depth + 1) * this.B);
    this.versions = new Int32Array(scenario.frontends.length);
    this.nextChange = new Float64Array(scenario.frontends.length); // 0: recompute on first use
    this.lag = lagsOf(scenario, interval);
    this.rowAt = new Int32Array(this.depth + 2);
    this.rowPublication = new Int32Array(this.depth + 1).fill(-1);
    this.mappedRows = new Float64Array(this.rows.length);
    this.mappedPublication = new Int32Array(this.depth + 1).fill(-2);
    this.backsFit = this.rowAt.length <= 256;
    this.maxLag = maxDelay / interval;
  }

  /** Records publication number `published` (made at time k·interval) from the true counts. */
  publish(counts: Float64Array, scale: number): void {
    const row = this.published % this.depth;
    const base = row * this.B;
    for (let j = 0; j < this.B; j++) this.rows[base + j] = counts[j]! / scale;
    this.rowPublication[row] = this.published;
    this.published++;
    this.nextChange.fill(0); // a publication at the current time may already be visible (d_ji = 0)
  }

  /** now/Δ, raised by 1e-12 so a report due now is held despite rounding. */
  private periods(): number {
    return this.clock.now / this.interval + 1e-12;
  }

  /** The publication frontend holds from backend (never one not yet made; < 0: none arrived yet). */
  private index(frontend: number, backend: number): number {
    const k = Math.floor(this.periods() - this.lag[frontend * this.B + backend]!);
    return Math.min(k, this.published - 1);
  }

  count(frontend: number, backend: number): number {
    const k = this.index(frontend, backend);
    return k < 0 ? 0 : this.rows[(k % this.depth) * this.B + backend]!;
  }

  /**
   * count() over a row in one pass, the same arithmetic: every pair's publication lies within
   * depth of p = floor(now/Δ + ε), so the ring row of each is looked up in rowAt, built once per
   * call, instead of a floor-division and a modulo per pair (DGD-LB reads F × B pairs per update).
   */
  heldCounts(frontend: number, backends: Int32Array, out: Float64Array): void {
    this.readRows(this.rows, this.fillRowAt(), frontend, backends, out);
  }

  /** heldCounts' walk over mapped rows, each row mapped once for the publication it holds. */
  heldMapped(frontend: number, backends: Int32Array, map: HeldCountMap, out: Float64Array): void {
    this.readRows(this.mappedRows, this.mapHeldRows(map), frontend, backends, out);
  }

  heldMappedStep(frontend: number, backends: Int32Array, map: HeldCountMap, x: Float64Array, offsets: Float64Array, scale: number, y: Float64Array): number {
    return mappedStep(this, frontend, backends, map, x, offsets, scale, y);
  }

  /**
   * heldMapped and stepFromMapped's arithmetic in one pass, as a closure over x, offsets, y and this
   * feedback's rows (see ReceivedState.rowStepper): the held rows read in place (the same doubles,
   * no intermediate row), which publication each pair holds from RememberedBacks (a byte a pair, not
   * its 8-byte lag and a floor), and a frontend allowed every backend reads no backend list: the
   * update streams 10^5 pairs. Compiled for its very arrays, the loop reads them without checking
   * each one's map and reloading its length and base on every pass (1.3 against 2.5 ns a pair at
   * 100 × 1,000), four pairs a pass. Null for a ring too deep for bytes (heldMappedStep then).
   *
   * A policy that leases its x, offsets and y from an earlier run in this thread (GradientWorkspace)
   * gets that run's stepper back, the same closure over the same arrays: this feedback then takes
   * the stepper's scratch rows and bytes as its own (every one is written before it is read), and
   * the stepper reads this feedback and its remembered backs through `reader`. So x belongs to one
   * run at a time: the stepper an earlier feedback got for it serves this one from now on.
   */
  rowStepper(x: Float64Array, offsets: Float64Array, y: Float64Array): RowStep | null {
    if (!this.backsFit) return null;
    const kept = steppers.get(x);
    if (kept && kept.offsets === offsets && kept.y === y && kept.rowAt.length === this.rowAt.length && kept.mappedRows.length === this.mappedRows.length) {
      this.rowAt = kept.rowAt;
      this.mappedRows = kept.mappedRows;
      this.mappedPublication.fill(-2); // rows this feedback mapped so far are in the array it gave up
      this.mappedAt = NaN;
      kept.reader.serve(this, new RememberedBacks(this.scenario.frontends.length, this.B, this.lag, this.maxLag, kept.backs));
      return kept.step;
    }
    const remembered = new RememberedBacks(this.scenario.frontends.length, this.B, this.lag, this.maxLag);
    const reader = new StepperReader();
    reader.serve(this, remembered);
    const { rowAt, mappedRows, B } = this;
    const backs = remembered.backs;
    const heldRowStep: RowStep = (frontend, backends, map, start, scale) => {
      const identity = reader.remembered!.update(frontend, backends, reader.feedback!.mapHeldRows(map));
      // locals: read once a call where the closure is compiled for no particular arrays
      const X = x;
      const O = offsets;
      const Y = y;
      const K = backs;
      const R = rowAt;
      const M = mappedRows;
      const base = frontend * B;
      const m = backends.length;
      let even = 0;
      let odd = 0;
      let a = 0;
      if (identity) {
        for (; a + 3 < m; a += 4) {
          const at = start + a;
          const y0 = X[at]! - O[at]! - scale * M[R[K[base + a]!]! + a]!;
          const y1 = X[at + 1]! - O[at + 1]! - scale * M[R[K[base + a + 1]!]! + a + 1]!;
          const y2 = X[at + 2]! - O[at + 2]! - scale * M[R[K[base + a + 2]!]! + a + 2]!;
          const y3 = X[at + 3]! - O[at + 3]! - scale * M[R[K[base + a + 3]!]! + a + 3]!;
          Y[a] = y0;
          Y[a + 1] = y1;
          Y[a + 2] = y2;
          Y[a + 3] = y3;
          even += y0;
          odd += y1;
          even += y2;
          odd += y3;
        }
      }
      for (; a + 1 < m; a += 2) {
        const j0 = backends[a]!;
        const j1 = backends[a + 1]!;
        const y0 = X[start + a]! - O[start + a]! - scale * M[R[K[base + j0]!]! + j0]!;
        const y1 = X[start + a + 1]! - O[start + a + 1]! - scale * M[R[K[base + j1]!]! + j1]!;
        Y[a] = y0;
        Y[a + 1] = y1;
        even += y0;
        odd += y1;
      }
      if (a < m) {
        const j = backends[a]!;
        const v = X[start + a]! - O[start + a]! - scale * M[R[K[base + j]!]! + j]!;
        Y[a] = v;
        even += v;
      }
      return even + odd;
    };
    if (!kept) steppers.set(x, { offsets, y, rowAt, mappedRows, backs, reader, step: heldRowStep });
    return heldRowStep;
  }

  /** out[a] = source's entry for backends[a] in the ring row the frontend holds (rowAt filled for `periods`), for a < n. */
  private readRows(source: Float64Array, periods: number, frontend: number, backends: Int32Array, out: Float64Array, n = backends.length): void {
    const p = Math.floor(periods);
    const { rowAt, lag, B } = this;
    const base = frontend * B;
    for (let a = 0; a < n; a++) {
      const j = backends[a]!;
      out[a] = source[rowAt[p - Math.floor(periods - lag[base + j]!)]! + j]!;
    }
  }

  /** Fills rowAt for now and maps every row it names by map (unless done for that publication); returns now/Δ + ε. */
  private mapHeldRows(map: HeldCountMap): number {
    // the rows and rowAt depend on nothing else: a fleet of many frontends with few backends each
    // spent most of an update here, once a frontend (1,000 × 10: 7 ring rows walked for 10 pairs)
    if (this.clock.now === this.mappedAt && this.published === this.mappedAfter && map === this.mappedBy) return this.periods();
    const periods = this.fillRowAt();
    // another map (a run's first call: null before it) leaves every mapped row stale. A pass every
    // call takes, not a branch: only a run's first call would take the branch, before V8 collects
    // type feedback, and the next run's would throw the compiled update away
    const stale = map !== this.mappedBy;
    this.mappedBy = map;
    const done = this.mappedPublication;
    for (let r = 0; r < done.length; r++) done[r] = stale ? -2 : done[r]!;
    for (let back = 0; back < this.rowAt.length; back++) this.mapRow(this.rowAt[back]! / this.B, map);
    this.mappedAt = this.clock.now;
    this.mappedAfter = this.published;
    return periods;
  }

  /** Maps ring row r for the publication it holds now, unless that was done. */
  private mapRow(r: number, map: HeldCountMap): void {
    const publication = this.rowPublication[r]!;
    if (this.mappedPublication[r] === publication) return;
    const { rows, mappedRows, B } = this;
    for (let j = 0, o = r * B; j < B; j++, o++) mappedRows[o] = map.of(j, rows[o]!);
    this.mappedPublication[r] = publication;
  }

  /** rowAt for the current time; returns now/Δ + ε (every pair's publication lies within depth of its floor). */
  private fillRowAt(): number {
    const periods = this.periods();
    const p = Math.floor(periods);
    const latest = this.published - 1;
    const { rowAt, B, depth } = this;
    for (let back = 0; back < rowAt.length; back++) {
      const k = Math.min(p - back, latest);
      rowAt[back] = (k < 0 ? depth : k % depth) * B;
    }
    return periods;
  }

  measuredAt(frontend: number, backend: number): number {
    const k = this.index(frontend, backend);
    return k < 0 ? -Infinity : k * this.interval;
  }

  version(frontend: number): number {
    const now = this.clock.now;
    if (now >= this.nextChange[frontend]!) {
      this.versions[frontend]!++;
      this.nextChange[frontend] = this.reports().after(frontend, this.periods());
    }
    return this.versions[frontend]!;
  }

  /**
   * Pairs change what they hold when P − λ crosses an integer: between the caller's last call and
   * now, the pairs whose lag phase lies in that stretch of phases (NextReport.changedBetween), and,
   * once a publication was made since, the pairs with a lag so small that they held the newest
   * publication made (the clamp in index()).
   */
  changedBackends(frontend: number, mark: Float64Array, out: Int32Array | null, counts: Float64Array): number {
    const periods = this.periods();
    const before = mark[0]!;
    const publishedBefore = mark[1]!;
    mark[0] = periods;
    mark[1] = this.published;
    if (before !== before) return -1;
    // a pair clamped at the last call had floor(before − λ) >= publishedBefore: λ at most before − publishedBefore
    const clampedLag = publishedBefore === this.published ? -Infinity : before - publishedBefore;
    const n = this.reports().changedBetween(frontend, before, periods, clampedLag, out);
    if (out !== null && n > 0) this.readRows(this.rows, this.fillRowAt(), frontend, out, counts, n);
    return n;
  }

  now(): number {
    return this.clock.now;
  }

  /** The frontends' pairs by lag phase, made at the first call that needs them. */
  private reports(): NextReport {
    return (this.nextReport ??= nextReportOf(this.scenario, this.lag, this.interval, this.maxLag));
  }
}

/**
 * What a row stepper reads that changes from run to run: the feedback it serves and that run's
 * remembered backs. Both start empty and are set by serve(), so V8 sees them change from the first
 * run on: a field of an object the compiled stepper holds, seen set only once, would be compiled in
 * as a constant, and the next run's change would throw the stepper away mid-run (at 100 × 1,000 its
 * loops then ran unoptimised for a while, 500 MB of boxed doubles).
 */
class StepperReader {
  feedback: PeriodicFeedback | null = null;
  remembered: RememberedBacks | null = null;

  serve(feedback: PeriodicFeedback, remembered: RememberedBacks): void {
    this.feedback = feedback;
    this.remembered = remembered;
  }
}

/** A row stepper and the arrays it was made over, kept by the x it steps (see rowStepper). */
interface KeptStepper {
  offsets: Float64Array;
  y: Float64Array;
  rowAt: Int32Array;
  mappedRows: Float64Array;
  backs: Uint8Array;
  reader: StepperReader;
  step: RowStep;
}

const steppers = new WeakMap<Float64Array, KeptStepper>();

/** d_ji/Δ of every pair, made by a scenario's first run in this thread and then shared (read only) while Δ is the same. */
function lagsOf(scenario: Scenario, interval: number): Float64Array {
  const kept = lags.get(scenario);
  if (kept?.interval === interval) return kept.lag;
  const lag = mapToFloat64(scenario.back, (d) => d / interval);
  lags.set(scenario, { interval, lag });
  return lag;
}
const lags = new WeakMap<Scenario, { interval: number; lag: Float64Array }>();

/** A scenario's NextReport, made once a thread for the lags it was made over (they are shared while Δ is the same). */
function nextReportOf(scenario: Scenario, lag: Float64Array, interval: number, maxLag: number): NextReport {
  let kept = nextReports.get(lag);
  if (!kept) nextReports.set(lag, (kept = new NextReport(scenario, lag, scenario.back, interval, maxLag)));
  return kept;
}
const nextReports = new WeakMap<Float64Array, NextReport>();
