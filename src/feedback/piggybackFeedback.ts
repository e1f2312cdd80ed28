// Piggyback feedback: each response carries its backend's count at departure.
import * as z from "zod";
import { mapHeldCounts, mappedStep, type HeldCountMap, type ReceivedState } from "./receivedState.ts";
import type { Scenario } from "../model/scenario.ts";
import type { Clock } from "../model/clock.ts";
import { strict } from "../input/fieldSchemas.ts";

export const piggybackFeedbackSchema = strict({ mode: z.literal("piggyback") });

/** Piggyback mode: each response carries the backend's count at its departure; the engine delivers it. */
export class PiggybackFeedback implements ReceivedState {
  private readonly counts: Float64Array;
  private readonly stamps: Float64Array;
  private readonly versions: Int32Array;
  private readonly B: number;

  constructor(
    scenario: Scenario,
    private readonly clock: Clock,
  ) {
    this.B = scenario.backends.length;
    const F = scenario.frontends.length;
    this.counts = new Float64Array(F * this.B);
    this.stamps = new Float64Array(F * this.B).fill(-Infinity);
    this.versions = new Int32Array(F);
  }

  /** A response from backend reached frontend carrying count (scaled) measured at time stamp. */
  deliver(frontend: number, backend: number, scaledCount: number, stamp: number): void {
    const k = frontend * this.B + backend;
    if (stamp < this.stamps[k]!) return; // jitter may reorder responses: keep the newest state
    this.counts[k] = scaledCount;
    this.stamps[k] = stamp;
    this.versions[frontend]!++;
  }

  count(frontend: number, backend: number): number {
    return this.counts[frontend * this.B + backend]!;
  }

  heldCounts(frontend: number, backends: Int32Array, out: Float64Array): void {
    for (let a = 0; a < backends.length; a++) out[a] = this.counts[frontend * this.B + backends[a]!]!;
  }

  heldMapped(frontend: number, backends: Int32Array, map: HeldCountMap, out: Float64Array): void {
    mapHeldCounts(this, frontend, backends, map, out);
  }

  heldMappedStep(frontend: number, backends: Int32Array, map: HeldCountMap, x: Float64Array, offsets: Float64Array, scale: number, y: Float64Array): number {
    return mappedStep(this, frontend, backends, map, x, offsets, scale, y);
  }

  measuredAt(frontend: number, backend: number): number {
    return this.stamps[frontend * this.B + backend]!;
  }

  version(frontend: number): number {
    return this.versions[frontend]!;
  }

  now(): number {
    return this.clock.now;
  }
}
