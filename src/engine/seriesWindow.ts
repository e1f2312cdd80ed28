// The time series' window counters: what happened since the last sample, handed to the SeriesSink at each.
import type { Scenario } from "../model/scenario.ts";
import type { SeriesSink } from "./sinks.ts";
import type { ServiceFleet } from "./serviceFleet.ts";
import type { Policy } from "../policies/policy.ts";

/** Allocated only when a series is recorded (else every request would write to an F×B array for nothing). */
export class SeriesWindow {
  private readonly F: number;
  private readonly B: number;
  private readonly departures: Float64Array;
  private readonly routed: Float64Array;
  private readonly shares: Float64Array;
  private readonly latencySum: Float64Array;
  private readonly completions: Float64Array;

  constructor(
    private readonly scenario: Scenario,
    private readonly sink: SeriesSink,
  ) {
    this.F = scenario.frontends.length;
    this.B = scenario.backends.length;
    this.departures = new Float64Array(this.B);
    this.routed = new Float64Array(this.F * this.B);
    this.shares = new Float64Array(this.B);
    this.latencySum = new Float64Array(this.F);
    this.completions = new Float64Array(this.F);
  }

  routedTo(pair: number): void {
    this.routed[pair]!++;
  }

  departed(j: number): void {
    this.departures[j]!++;
  }

  completed(i: number, latency: number): void {
    this.latencySum[i]! += latency;
    this.completions[i]!++;
  }

  /**
   * Closes the window ending at t: each backend's population and throughput, each route's share of
   * its frontend's requests (the policy's own distribution where none was routed), and the mean
   * latency per frontend and overall.
   */
  close(t: number, fleet: ServiceFleet, policy: Policy): void {
    const s = this.scenario;
    const sink = this.sink;
    const dt = s.sampleInterval;
    const B = this.B;
    for (let j = 0; j < B; j++) {
      sink.backend(t, s.backends[j]!.id, fleet.at(j).n, this.departures[j]! / dt);
      this.departures[j] = 0;
    }
    for (let i = 0; i < this.F; i++) {
      const allowed = s.frontends[i]!.allowed;
      let total = 0;
      for (const j of allowed) total += this.routed[i * B + j]!;
      if (total === 0 || sink.policyRouting) policy.shares(i, this.shares);
      sink.policyRouting?.(t, i, this.shares);
      for (const j of allowed) {
        const share = total > 0 ? this.routed[i * B + j]! / total : this.shares[j]!;
        sink.routing(t, s.frontends[i]!.id, s.backends[j]!.id, share);
        this.routed[i * B + j] = 0;
      }
    }
    let sum = 0;
    let count = 0;
    for (let i = 0; i < this.F; i++) {
      const n = this.completions[i]!;
      sink.latency?.(t, s.frontends[i]!.id, n > 0 ? this.latencySum[i]! / n : NaN, n);
      sum += this.latencySum[i]!;
      count += n;
      this.latencySum[i] = 0;
      this.completions[i] = 0;
    }
    sink.latency?.(t, null, count > 0 ? sum / count : NaN, count);
  }
}
