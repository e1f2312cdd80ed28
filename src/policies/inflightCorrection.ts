// DGD-LB's labelled in-flight correction: a frontend's own requests not yet seen in the state it holds.
import { SendLog } from "./sendLog.ts";
import { sumAsStepped, type HeldCountMap, type ReceivedState } from "../feedback/receivedState.ts";
import type { Scenario } from "../model/scenario.ts";

/**
 * n̂_ij is raised by the requests frontend i sent to j after (measuredAt − d_ij): sent, but not
 * there when j's held state was measured. Most pairs have none in that window (a frontend sends a
 * few requests between updates, over a thousand backends), so only the pairs with a send still
 * logged are visited at an update: the rest keep map.of(j, n̂), which the feedback maps once per
 * publication and backend (heldMapped). Before, every pair's log was searched and its map
 * evaluated at every update: 3× the time of the plain update at 100 × 1,000. The same doubles:
 * a pair with no unseen send had n̂ + 0·(1/N) = n̂.
 */
export class InflightCorrection {
  /** Per frontend, per position in its allowed set: the send times, made at the pair's first send. */
  private readonly logs: (SendLog | null)[][];
  /** Per frontend, the positions whose log may hold a send (activeCount[i] of them), each once. */
  private readonly active: Int32Array[];
  private readonly activeCount: Int32Array;
  private readonly listed: Uint8Array[];
  private readonly B: number;
  private readonly unit: number;

  constructor(private readonly scenario: Scenario) {
    this.B = scenario.backends.length;
    this.unit = 1 / scenario.scale;
    this.logs = scenario.frontends.map((f) => new Array<SendLog | null>(f.allowed.length).fill(null));
    this.active = scenario.frontends.map((f) => new Int32Array(f.allowed.length));
    this.activeCount = new Int32Array(scenario.frontends.length);
    this.listed = scenario.frontends.map((f) => new Uint8Array(f.allowed.length));
  }

  /** Frontend i sent a request to position a of its allowed set at time t. */
  record(i: number, a: number, t: number): void {
    let log = this.logs[i]![a];
    if (!log) log = this.logs[i]![a] = new SendLog();
    log.record(t);
    if (this.listed[i]![a] === 0) {
      this.listed[i]![a] = 1;
      this.active[i]![this.activeCount[i]!++] = a;
    }
  }

  /**
   * After a row stepper: y holds x − offsets − scale·map.of(j, n̂_ij) and `sum` their sum. Where
   * frontend i has unseen sends to j = allowed[a], y[a] = x[a] − offsets[a] − scale·map.of(j,
   * n̂_ij + unseen·(1/N)); returns Σy as stepFromMapped adds it (the stepper's own sum where nothing
   * changed). The same doubles as correct() followed by stepFromMapped.
   */
  correctStep(i: number, allowed: Int32Array, state: ReceivedState, map: HeldCountMap, x: Float64Array, offsets: Float64Array, scale: number, y: Float64Array, sum: number): number {
    if (this.activeCount[i] === 0) return sum;
    const n = this.correct(i, allowed, state, map, y);
    if (n === 0) return sum;
    // y[a] holds the corrected map.of at the n positions listed first: the step there
    const list = this.active[i]!;
    for (let k = 0; k < n; k++) {
      const a = list[k]!;
      y[a] = x[a]! - offsets[a]! - scale * y[a]!;
    }
    return sumAsStepped(y, allowed.length);
  }

  /**
   * y[a] = map.of(j, n̂_ij + unseen sends·(1/N)) where frontend i has unseen sends to j = allowed[a];
   * y holds map.of(j, n̂_ij) on entry (and keeps it elsewhere). Forgets sends now seen. Returns how
   * many positions it wrote: the list's first that many.
   */
  correct(i: number, allowed: Int32Array, state: ReceivedState, map: HeldCountMap, y: Float64Array): number {
    const list = this.active[i]!;
    const listed = this.listed[i]!;
    const logs = this.logs[i]!;
    const oneWay = this.scenario.oneWay;
    const base = i * this.B;
    let n = this.activeCount[i]!;
    for (let k = 0; k < n;) {
      const a = list[k]!;
      const j = allowed[a]!;
      const unseen = logs[a]!.countAfter(state.measuredAt(i, j) - oneWay[base + j]!);
      if (unseen === 0) {
        // every send seen: off the list until the next (the order of the list does not matter)
        listed[a] = 0;
        list[k] = list[--n]!;
        continue;
      }
      y[a] = map.of(j, state.count(i, j) + unseen * this.unit);
      k++;
    }
    this.activeCount[i] = n;
    return n;
  }
}
