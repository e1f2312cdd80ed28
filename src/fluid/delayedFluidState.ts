// What frontend i holds about backend j in the fluid model: q_j at the time its report left j.
import { mapHeldCounts, mappedStep, type HeldCountMap, type ReceivedState } from "../feedback/receivedState.ts";
import type { Scenario } from "../model/scenario.ts";
import type { History } from "./history.ts";

/**
 * The state at t − d_ji, for either feedback mode, as docs/model.md section 3 defines the fluid model.
 * (Periodic feedback's hold, on average Δ/2 older, is a stochastic-model detail the fluid model
 * leaves out; keep Δ small against the loop delay when comparing the two.) Values are per unit
 * of scale (q = n/N), which is what policies read.
 */
export class DelayedFluidState implements ReceivedState {
  time = 0;
  private tick = 0;
  private readonly B: number;

  constructor(
    private readonly scenario: Scenario,
    private readonly queues: History,
  ) {
    this.B = scenario.backends.length;
  }

  advance(time: number): void {
    this.time = time;
    this.tick++;
  }

  measuredAt(frontend: number, backend: number): number {
    return this.time - this.scenario.back[frontend * this.B + backend]!;
  }

  count(frontend: number, backend: number): number {
    return this.queues.at(this.measuredAt(frontend, backend), backend);
  }

  heldCounts(frontend: number, backends: Int32Array, out: Float64Array): void {
    for (let a = 0; a < backends.length; a++) out[a] = this.count(frontend, backends[a]!);
  }

  heldMapped(frontend: number, backends: Int32Array, map: HeldCountMap, out: Float64Array): void {
    mapHeldCounts(this, frontend, backends, map, out);
  }

  heldMappedStep(frontend: number, backends: Int32Array, map: HeldCountMap, x: Float64Array, offsets: Float64Array, scale: number, y: Float64Array): number {
    return mappedStep(this, frontend, backends, map, x, offsets, scale, y);
  }

  version(_frontend: number): number {
    return this.tick;
  }

  now(): number {
    return this.time;
  }
}
