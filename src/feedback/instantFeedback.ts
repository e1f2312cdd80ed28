// Instant feedback: every frontend reads every backend's current count (the JSQ / power-of-d literature).
import * as z from "zod";
import { stepFromMappedRow, type HeldCountMap, type ReceivedState } from "./receivedState.ts";
import type { Scenario } from "../model/scenario.ts";
import type { Clock } from "../model/clock.ts";
import { strict } from "../input/fieldSchemas.ts";

export const instantFeedbackSchema = strict({ mode: z.literal("instant") });

/**
 * Instant mode: every frontend reads every backend's current count with no delay (the
 * assumption of the JSQ and power-of-d literature). The engine calls changed() on each arrival
 * at and departure from a backend: O(1) per state change, no publication and no scan.
 */
export class InstantFeedback implements ReceivedState {
  readonly sameForEveryFrontend = true;
  readonly countIsRead = true;
  private readonly counts: Float64Array;
  private changes = 0;
  /** The backend of change c at c & (length − 1): the last changes, for changedBackends. */
  private readonly log: Int32Array;
  /**
   * heldMapped's memory: mapped[j] = mappedBy.of(j, counts[j]) as of change mappedChanges. Every
   * frontend reads the same counts, so a DGD-LB update maps each backend once, and only those that
   * changed since the last (a curve's derivative per pair before: F × B at each update). Made at
   * the first heldMapped.
   */
  private mapped: Float64Array | null = null;
  private mappedBy: HeldCountMap | null = null;
  private mappedChanges = 0;

  constructor(
    scenario: Scenario,
    private readonly clock: Clock,
  ) {
    const B = scenario.backends.length;
    this.counts = new Float64Array(B);
    let length = 64;
    while (length < B) length *= 2;
    this.log = new Int32Array(length);
  }

  changed(backend: number, scaledCount: number): void {
    this.counts[backend] = scaledCount;
    this.changes++;
    this.log[this.changes & (this.log.length - 1)] = backend;
  }

  /** The backends changed since the caller's mark (every frontend sees every change): the log's last entries. */
  changedBackends(_frontend: number, mark: Float64Array, out: Int32Array | null, counts: Float64Array): number {
    const since = mark[0]!;
    const now = this.changes;
    mark[0] = now;
    if (since !== since) return -1;
    const n = now - since;
    const log = this.log;
    if (out === null) return n;
    if (n > log.length || n > out.length) return -1;
    for (let c = 0; c < n; c++) {
      const j = (out[c] = log[(since + 1 + c) & (log.length - 1)]!);
      counts[c] = this.counts[j]!;
    }
    return n;
  }

  count(_frontend: number, backend: number): number {
    return this.counts[backend]!;
  }

  heldCounts(_frontend: number, backends: Int32Array, out: Float64Array): void {
    for (let a = 0; a < backends.length; a++) out[a] = this.counts[backends[a]!]!;
  }

  heldMapped(_frontend: number, backends: Int32Array, map: HeldCountMap, out: Float64Array): void {
    const mapped = this.remap(map);
    for (let a = 0; a < backends.length; a++) out[a] = mapped[backends[a]!]!;
  }

  /** The mapped counts brought up to date: the backends changed since the last call mapped again (every backend after more changes than that, or for another map). */
  private remap(map: HeldCountMap): Float64Array {
    const counts = this.counts;
    const mapped = (this.mapped ??= new Float64Array(counts.length));
    const now = this.changes;
    const since = this.mappedChanges;
    if (now === since && this.mappedBy === map) return mapped;
    const log = this.log;
    if (this.mappedBy === map && now - since <= Math.min(log.length, counts.length)) {
      for (let c = since + 1; c <= now; c++) {
        const j = log[c & (log.length - 1)]!;
        mapped[j] = map.of(j, counts[j]!);
      }
    } else {
      for (let j = 0; j < counts.length; j++) mapped[j] = map.of(j, counts[j]!);
      this.mappedBy = map;
    }
    this.mappedChanges = now;
    return mapped;
  }

  heldMappedStep(_frontend: number, backends: Int32Array, map: HeldCountMap, x: Float64Array, offsets: Float64Array, scale: number, y: Float64Array): number {
    return stepFromMappedRow(x, offsets, scale, y, this.remap(map), 0, backends);
  }

  measuredAt(_frontend: number, _backend: number): number {
    return this.clock.now;
  }

  version(_frontend: number): number {
    return this.changes;
  }

  now(): number {
    return this.clock.now;
  }
}
