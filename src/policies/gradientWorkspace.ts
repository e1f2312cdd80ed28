// DGD-LB's arrays and the loops compiled over them, kept per scenario for this thread's next run of it.
import type { Scenario } from "../model/scenario.ts";
import { allowedRowStarts } from "../model/scenario.ts";
import { rowBuilder, type InversionSampler } from "./inversionSampler.ts";
import { thresholdOn } from "./simplexProjection.ts";

/**
 * The update's inner loops are closures over their arrays (rowBuilder, thresholdOn, and the
 * feedback's rowStepper): V8 compiles a closure for the very arrays it holds, but only while its
 * site has made a single closure. A new policy per replication made new closures at the thread's
 * second replication: the update and the event loop, compiled for the first ones, were thrown
 * away, and every later replication ran the closures compiled for no particular arrays (at 100 ×
 * 1,000: 2.5 against 1.3 ns a pair). So a run leases the arrays and closures of the last run of
 * the same scenario in this thread, and gives them back when it ends (Policy.release). Every
 * array a run reads is written by it first (x_i and its sums at the start, the rest at each
 * update), so what a run leaves behind changes no result. A workspace still leased (two runs of a
 * scenario interleaved, or two DGD-LB blocks in one fleet) is not shared: the second run gets
 * arrays of its own.
 */
export class GradientWorkspace {
  private leased = true;
  /** Row offsets of the frontends' allowed sets in xs, sums and latencySteps. */
  readonly start: Int32Array;
  /** Every frontend's routing x_i, row after row. */
  readonly xs: Float64Array<ArrayBuffer>;
  /** Every frontend's sampler sums, row after row. */
  readonly sums: Float64Array<ArrayBuffer>;
  /** η·Δ·(d_ij + d_ji), row after row. */
  readonly latencySteps: Float64Array<ArrayBuffer>;
  /** One frontend's y = x_i − η·Δ·g_i over E_i, the projection's input (the longest row). */
  readonly gradient: Float64Array<ArrayBuffer>;
  /** The projection's τ for gradient's first m entries, whose sum is given. */
  readonly threshold: (m: number, sum: number) => number;
  /** Rebuilds a frontend's x_i and sampler from gradient and τ, at its row's start. */
  readonly buildRow: (sampler: InversionSampler, start: number, tau: number) => void;

  private constructor(scenario: Scenario) {
    const B = scenario.backends.length;
    this.start = allowedRowStarts(scenario.frontends);
    const pairs = this.start[scenario.frontends.length]!;
    this.xs = new Float64Array(pairs);
    this.sums = new Float64Array(pairs);
    this.latencySteps = new Float64Array(pairs);
    this.gradient = new Float64Array(B);
    this.threshold = thresholdOn(this.gradient, new Float64Array(B));
    this.buildRow = rowBuilder(this.gradient, this.xs, this.sums);
  }

  /** The workspace of the scenario's last run in this thread if it has ended, else a new one. */
  static lease(scenario: Scenario): GradientWorkspace {
    const kept = keptFor.get(scenario);
    if (kept && !kept.leased) {
      kept.leased = true;
      return kept;
    }
    const made = new GradientWorkspace(scenario);
    if (!kept) keptFor.set(scenario, made);
    return made;
  }

  /** The run has ended: the scenario's next run may lease these arrays. */
  release(): void {
    this.leased = false;
  }
}

const keptFor = new WeakMap<Scenario, GradientWorkspace>();
