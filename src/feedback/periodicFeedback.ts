// Periodic feedback: every backend publishes its count every Δ seconds; reports arrive after d_ji.
import * as z from "zod";
import type { ReceivedState } from "./receivedState.ts";
import type { Scenario } from "../model/scenario.ts";
import type { Clock } from "../model/clock.ts";
import { positive, strict } from "../input/fieldSchemas.ts";

export const periodicFeedbackSchema = strict({
  mode: z.literal("periodic"),
  interval: positive("Δ_report: seconds between a backend's publications"),
});

/**
 * Periodic mode (docs/model.md section 2, implementation note): every backend publishes its count
 * at times kΔ; frontend i holds, at time t, publication k = floor((t − d_ji)/Δ). Publications are
 * kept in a ring of rows (one row of B counts per k), deep enough for the largest response
 * latency, so a report costs O(B) per interval and no event per (backend, frontend) pair.
 * Jitter is not applied to reports (documented approximation: reports travel at the fixed
 * latency d_ji).
 */
export class PeriodicFeedback implements ReceivedState {
  private readonly rows: Float64Array;
  private readonly depth: number;
  private published = 0; // number of publications made so far
  private readonly versions: Int32Array;
  private readonly nextChange: Float64Array;
  private readonly B: number;

  constructor(
    private readonly scenario: Scenario,
    private readonly clock: Clock,
    readonly interval: number,
  ) {
    this.B = scenario.backends.length;
    let maxDelay = 0;
    for (const d of scenario.back) if (d > maxDelay) maxDelay = d;
    this.depth = Math.ceil(maxDelay / interval) + 3;
    this.rows = new Float64Array(this.depth * this.B);
    this.versions = new Int32Array(scenario.frontends.length);
    this.nextChange = new Float64Array(scenario.frontends.length); // 0: recompute on first use
  }

  /** Records publication number `published` (made at time k·interval) from the true counts. */
  publish(counts: Float64Array, scale: number): void {
    const base = (this.published % this.depth) * this.B;
    for (let j = 0; j < this.B; j++) this.rows[base + j] = counts[j]! / scale;
    this.published++;
    this.nextChange.fill(0); // a publication at the current time may already be visible (d_ji = 0)
  }

  private index(frontend: number, backend: number): number {
    const d = this.scenario.back[frontend * this.B + backend]!;
    const k = Math.floor((this.clock.now - d) / this.interval + 1e-12);
    return Math.min(k, this.published - 1);
  }

  count(frontend: number, backend: number): number {
    const k = this.index(frontend, backend);
    return k < 0 ? 0 : this.rows[(k % this.depth) * this.B + backend]!;
  }

  /** count() over a row in one pass: the same arithmetic, without a call and its lookups per pair. */
  heldCounts(frontend: number, backends: Int32Array, out: Float64Array): void {
    const now = this.clock.now;
    const interval = this.interval;
    const latest = this.published - 1;
    const back = this.scenario.back;
    const rows = this.rows;
    const B = this.B;
    const base = frontend * B;
    for (let a = 0; a < backends.length; a++) {
      const j = backends[a]!;
      let k = Math.floor((now - back[base + j]!) / interval + 1e-12);
      if (k > latest) k = latest;
      out[a] = k < 0 ? 0 : rows[(k % this.depth) * B + j]!;
    }
  }

  measuredAt(frontend: number, backend: number): number {
    const k = this.index(frontend, backend);
    return k < 0 ? -Infinity : k * this.interval;
  }

  version(frontend: number): number {
    const now = this.clock.now;
    if (now >= this.nextChange[frontend]!) {
      this.versions[frontend]!++;
      let next = Infinity;
      const allowed = this.scenario.frontends[frontend]!.allowed;
      for (let a = 0; a < allowed.length; a++) {
        const d = this.scenario.back[frontend * this.B + allowed[a]!]!;
        const k = Math.floor((now - d) / this.interval + 1e-12);
        const t = (k + 1) * this.interval + d;
        if (t < next) next = t;
      }
      this.nextChange[frontend] = next;
    }
    return this.versions[frontend]!;
  }

  now(): number {
    return this.clock.now;
  }
}
