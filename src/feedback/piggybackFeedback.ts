// Piggyback feedback: each response carries its backend's count at departure.
import * as z from "zod";
import { stepFromMappedRow, type HeldCountMap, type ReceivedState } from "./receivedState.ts";
import type { Scenario } from "../model/scenario.ts";
import type { Clock } from "../model/clock.ts";
import { strict } from "../input/fieldSchemas.ts";

export const piggybackFeedbackSchema = strict({ mode: z.literal("piggyback") });

/** Deliveries remembered per frontend: a frontend reads its view about once per response it gets (one per request it sends). */
const LOG = 64;

/** Piggyback mode: each response carries the backend's count at its departure; the engine delivers it. */
export class PiggybackFeedback implements ReceivedState {
  readonly countIsRead = true;
  private readonly counts: Float64Array;
  private readonly stamps: Float64Array;
  private readonly versions: Int32Array;
  private readonly B: number;
  /** Per frontend, the backend of its delivery v at frontend·LOG + (v & (LOG − 1)): its last deliveries, for changedBackends. */
  private readonly log: Int32Array;
  /**
   * heldMapped's memory: mapped[i·B + j] = mappedBy[i].of(j, count(i, j)) over the backends of
   * mappedRow[i], as of the frontend's version mappedVersion[i]. Between two DGD-LB updates a
   * frontend gets a response or so per request it sent (7 at 100 × 1,000), so an update maps those
   * pairs again, not its whole row (a curve's derivative per pair: 10^5 at each update). Made at
   * the first heldMapped.
   */
  private mapped: Float64Array | null = null;
  private readonly mappedVersion: Int32Array;
  private readonly mappedBy: (HeldCountMap | null)[];
  private readonly mappedRow: (Int32Array | null)[];

  constructor(
    scenario: Scenario,
    private readonly clock: Clock,
  ) {
    this.B = scenario.backends.length;
    const F = scenario.frontends.length;
    this.counts = new Float64Array(F * this.B);
    this.stamps = new Float64Array(F * this.B).fill(-Infinity);
    this.versions = new Int32Array(F);
    this.log = new Int32Array(F * LOG);
    this.mappedVersion = new Int32Array(F);
    this.mappedBy = new Array<HeldCountMap | null>(F).fill(null);
    this.mappedRow = new Array<Int32Array | null>(F).fill(null);
  }

  /** A response from backend reached frontend carrying count (scaled) measured at time stamp. */
  deliver(frontend: number, backend: number, scaledCount: number, stamp: number): void {
    const k = frontend * this.B + backend;
    if (stamp < this.stamps[k]!) return; // jitter may reorder responses: keep the newest state
    this.counts[k] = scaledCount;
    this.stamps[k] = stamp;
    const v = ++this.versions[frontend]!;
    this.log[frontend * LOG + (v & (LOG - 1))] = backend;
  }

  /** The backends whose responses reached the frontend since the caller's mark: its log's last entries. */
  changedBackends(frontend: number, mark: Float64Array, out: Int32Array | null, counts: Float64Array): number {
    const since = mark[0]!;
    const now = this.versions[frontend]!;
    mark[0] = now;
    if (since !== since) return -1;
    const n = now - since;
    if (out === null) return n;
    if (n > LOG || n > out.length) return -1;
    for (let c = 0; c < n; c++) {
      const j = (out[c] = this.log[frontend * LOG + ((since + 1 + c) & (LOG - 1))]!);
      counts[c] = this.counts[frontend * this.B + j]!;
    }
    return n;
  }

  count(frontend: number, backend: number): number {
    return this.counts[frontend * this.B + backend]!;
  }

  heldCounts(frontend: number, backends: Int32Array, out: Float64Array): void {
    for (let a = 0; a < backends.length; a++) out[a] = this.counts[frontend * this.B + backends[a]!]!;
  }

  heldMapped(frontend: number, backends: Int32Array, map: HeldCountMap, out: Float64Array): void {
    const mapped = this.remap(frontend, backends, map);
    const base = frontend * this.B;
    for (let a = 0; a < backends.length; a++) out[a] = mapped[base + backends[a]!]!;
  }

  /** The mapped counts with the frontend's row brought up to date: its deliveries since the last call mapped again (the whole row after more than the log holds, or for another map or row). */
  private remap(frontend: number, backends: Int32Array, map: HeldCountMap): Float64Array {
    const mapped = (this.mapped ??= new Float64Array(this.counts.length));
    const base = frontend * this.B;
    const now = this.versions[frontend]!;
    const since = this.mappedVersion[frontend]!;
    if (this.mappedBy[frontend] === map && this.mappedRow[frontend] === backends && now >= since && now - since <= LOG) {
      for (let v = since + 1; v <= now; v++) {
        const j = this.log[frontend * LOG + (v & (LOG - 1))]!;
        mapped[base + j] = map.of(j, this.counts[base + j]!);
      }
    } else {
      for (let a = 0; a < backends.length; a++) {
        const j = backends[a]!;
        mapped[base + j] = map.of(j, this.counts[base + j]!);
      }
      this.mappedBy[frontend] = map;
      this.mappedRow[frontend] = backends;
    }
    this.mappedVersion[frontend] = now;
    return mapped;
  }

  heldMappedStep(frontend: number, backends: Int32Array, map: HeldCountMap, x: Float64Array, offsets: Float64Array, scale: number, y: Float64Array): number {
    return stepFromMappedRow(x, offsets, scale, y, this.remap(frontend, backends, map), frontend * this.B, backends);
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
