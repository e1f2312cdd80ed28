// A frontend's held counts read a row at a time (DGD-LB's update) equal the pair-by-pair reads, in every feedback mode.
import { describe, expect, it } from "vitest";
import { scenarioFrom } from "../helpers.ts";
import { PeriodicFeedback } from "../../src/feedback/periodicFeedback.ts";
import { PiggybackFeedback } from "../../src/feedback/piggybackFeedback.ts";
import { InstantFeedback } from "../../src/feedback/instantFeedback.ts";
import { stepFromMapped, type HeldCountMap, type ReceivedState, type RowStep } from "../../src/feedback/receivedState.ts";
import type { Clock } from "../../src/model/clock.ts";

// 2 frontends × 5 backends with distinct return delays (0 to 130 ms), frontend 1 allowed 3 of them
const s = scenarioFrom({
  horizon: 10,
  frontends: [
    { id: "f0", arrivals: { kind: "poisson", rate: 1 } },
    { id: "f1", arrivals: { kind: "poisson", rate: 1 }, backends: ["b4", "b1", "b2"] },
  ],
  backends: [0, 1, 2, 3, 4].map((j) => ({ id: `b${j}`, curve: { kind: "linear-capped", rate: 1, slots: 4 } })),
  latency: { unit: "ms", oneWay: { f0: { b0: 0, b1: 30, b2: 55, b3: 80, b4: 130 }, f1: { b0: 12, b1: 44, b2: 9, b3: 61, b4: 100 } } },
  policy: { kind: "random" },
});

/** heldMapped must give map.of of every held count, whatever it remembers. */
const squares: HeldCountMap = { of: (j, n) => 10 * j + n * n };

function expectRowsMatch(state: ReceivedState): void {
  for (let i = 0; i < 2; i++) {
    const allowed = s.frontends[i]!.allowed;
    const out = new Float64Array(allowed.length);
    state.heldCounts(i, allowed, out);
    expect(Array.from(out)).toEqual(Array.from(allowed, (j) => state.count(i, j)));
    state.heldMapped(i, allowed, squares, out);
    expect(Array.from(out)).toEqual(Array.from(allowed, (j) => squares.of(j, state.count(i, j))));
    // the fused step gives the very doubles of heldMapped then stepFromMapped, and the same sum
    const x = Float64Array.from(allowed, (j) => 0.1 + j / 7);
    const offsets = Float64Array.from(allowed, (j) => j / 3 - 0.2);
    const y = new Float64Array(allowed.length);
    const sum = state.heldMappedStep(i, allowed, squares, x, offsets, 0.37, y);
    expect(Object.is(sum, stepFromMapped(x, offsets, 0.37, out, allowed.length))).toBe(true);
    expect(Array.from(y)).toEqual(Array.from(out));
    // the row stepper, the rows placed at an offset in longer arrays: the same doubles
    const stepRow = rowSteppers.get(state);
    if (stepRow) {
      rowX.set(x, 3);
      rowOffsets.set(offsets, 3);
      rowY.fill(NaN);
      expect(Object.is(stepRow(i, allowed, squares, 3, 0.37), sum)).toBe(true);
      expect(Array.from(rowY.subarray(0, allowed.length))).toEqual(Array.from(out));
    }
  }
}

const rowX = new Float64Array(12);
const rowOffsets = new Float64Array(12);
const rowY = new Float64Array(8);
/** Each state's row stepper over rowX, rowOffsets and rowY (made once, as DGD-LB makes it). */
const rowSteppers = {
  made: new Map<ReceivedState, RowStep | null>(),
  get(state: ReceivedState): RowStep | null {
    if (!this.made.has(state)) this.made.set(state, state.rowStepper?.(rowX, rowOffsets, rowY) ?? null);
    return this.made.get(state)!;
  },
};

describe("ReceivedState.heldCounts", () => {
  it("periodic: equals count() pair by pair before the first publication, across publications and past the ring's depth", () => {
    const clock: Clock = { now: 0 };
    const state = new PeriodicFeedback(s, clock, 0.05);
    expect(rowSteppers.get(state)).not.toBeNull();
    expectRowsMatch(state); // nothing published: all 0
    const counts = new Float64Array(5);
    for (let k = 0; k < 200; k++) {
      clock.now = k * 0.05;
      expectRowsMatch(state); // publication k is due but not made: the zero-delay pair holds k − 1
      for (let j = 0; j < 5; j++) counts[j] = (k * 7 + j * 3) % 11;
      state.publish(counts, 1);
      for (const dt of [0, 0.013, 0.031, 0.049]) {
        clock.now = k * 0.05 + dt;
        expectRowsMatch(state);
      }
    }
  });

  it("periodic: held rows equal count() when reads repeat the clock's phase (remembered lags), land on a pair's phase, or jump", () => {
    const clock: Clock = { now: 0 };
    const state = new PeriodicFeedback(s, clock, 0.05);
    const counts = new Float64Array(5);
    let seed = 12345;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let k = 0; k < 400; k++) {
      for (let j = 0; j < 5; j++) counts[j] = (k * 5 + j * 7) % 13;
      clock.now = k * 0.05;
      state.publish(counts, 1);
      // 0.03 and 0.012 put the clock's phase on pairs' phases (30 ms and 12 ms at Δ = 50 ms), the others near or between them
      for (const dt of [0.001, 0.03, 0.03 + 1e-13, 0.03 - 1e-13, 0.012, 0.0249, 0.049999, random() * 0.05]) {
        clock.now = k * 0.05 + dt;
        expectRowsMatch(state);
      }
    }
  });

  it("periodic: a ring deeper than a byte counts (Δ = 0.4 ms, 130 ms delays) reads each pair's publication from its lag", () => {
    const clock: Clock = { now: 0 };
    const state = new PeriodicFeedback(s, clock, 0.0004);
    const counts = new Float64Array(5);
    for (let k = 0; k < 800; k++) {
      for (let j = 0; j < 5; j++) counts[j] = (k * 3 + j) % 17;
      clock.now = k * 0.0004;
      state.publish(counts, 1);
      if (k % 50 !== 0) continue;
      for (const dt of [0, 0.0001, 0.00033]) {
        clock.now = k * 0.0004 + dt;
        expectRowsMatch(state);
      }
    }
  });

  it("periodic: heldMapped evaluates the map once per backend and publication, not per frontend and read", () => {
    const clock: Clock = { now: 0 };
    const state = new PeriodicFeedback(s, clock, 0.05);
    let calls = 0;
    const mapOnly: HeldCountMap = { of: (j, n) => (calls++, j + n) };
    const row = new Float64Array(5);
    const published = new Float64Array(5).fill(2);
    for (let k = 0; k < 40; k++) {
      clock.now = k * 0.05;
      state.publish(published, 1);
      for (let read = 0; read < 3; read++) for (let i = 0; i < 2; i++) state.heldMapped(i, s.frontends[i]!.allowed, mapOnly, row);
    }
    expect(calls).toBeLessThanOrEqual(5 * (40 + 1 + 6)); // each publication once, the zero row once, plus rows mapped before they were reached
  });

  it("piggyback and instant: equal count() pair by pair", () => {
    const clock: Clock = { now: 1 };
    const piggyback = new PiggybackFeedback(s, clock);
    piggyback.deliver(0, 3, 2.5, 0.5);
    piggyback.deliver(1, 4, 1.5, 0.7);
    expectRowsMatch(piggyback);
    const instant = new InstantFeedback(s, clock);
    instant.changed(2, 3);
    instant.changed(4, 1);
    expectRowsMatch(instant);
  });

  it("piggyback and instant: heldMapped remembers mapped counts and maps again only what changed (past the log, across maps, older deliveries)", () => {
    const clock: Clock = { now: 0 };
    let seed = 7;
    const uniform = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    let calls = 0;
    const counted = (m: HeldCountMap): HeldCountMap => ({ of: (j, n) => (calls++, m.of(j, n)) });
    const maps = [counted(squares), counted({ of: (j, n) => j - 3 * n })];
    const direct = (state: ReceivedState, i: number, m: number) => Array.from(s.frontends[i]!.allowed, (j) => maps[m]!.of(j, state.count(i, j)));
    const piggyback = new PiggybackFeedback(s, clock);
    const instant = new InstantFeedback(s, clock);
    const row = new Float64Array(5);
    let mapped = 0;
    for (let round = 0; round < 400; round++) {
      clock.now = round;
      // mostly a few changes; sometimes more than either log holds (64 deliveries, B changes)
      const changes = uniform() < 0.1 ? 70 : Math.floor(uniform() * 4);
      for (let c = 0; c < changes; c++) {
        const i = uniform() < 0.5 ? 0 : 1;
        const j = s.frontends[i]!.allowed[Math.floor(uniform() * s.frontends[i]!.allowed.length)]!;
        // a stamp before the pair's last one (jitter reordering responses) is kept out
        piggyback.deliver(i, j, Math.floor(uniform() * 9), round + (uniform() < 0.2 ? -1 : uniform()));
        instant.changed(j, Math.floor(uniform() * 9));
      }
      const m = uniform() < 0.05 ? 1 : 0;
      for (const state of [piggyback, instant]) {
        for (let i = 0; i < 2; i++) {
          const allowed = s.frontends[i]!.allowed;
          const before = calls;
          state.heldMapped(i, allowed, maps[m]!, row);
          mapped += calls - before;
          const want = direct(state, i, m);
          calls -= allowed.length; // direct's own calls
          expect(Array.from(row.subarray(0, allowed.length))).toEqual(want);
        }
      }
    }
    // remembering: far fewer calls than a map of every held pair at every read (2 states × 8 pairs × 400 reads)
    expect(mapped).toBeLessThan(0.5 * 2 * 8 * 400);
  });
});

/**
 * Reads a frontend's whole row at each call and checks that every backend whose held count changed
 * since the frontend's last call was named by changedBackends (or that it said −1).
 */
class ChangeWatcher {
  private readonly marks = s.frontends.map(() => new Float64Array(2).fill(NaN));
  private readonly last = s.frontends.map((f) => new Float64Array(f.allowed.length));
  private readonly out = new Int32Array(64);
  private readonly counts = new Float64Array(64);
  named = 0;

  constructor(private readonly state: ReceivedState) {}

  check(i: number): void {
    const allowed = s.frontends[i]!.allowed;
    const now = Float64Array.from(allowed, (j) => this.state.count(i, j));
    const mark = this.marks[i]!;
    const before = Float64Array.from(mark);
    const counted = this.state.changedBackends!(i, mark, null, this.counts);
    mark.set(before); // counting moved the mark: read again from the same one
    const n = this.state.changedBackends!(i, mark, this.out, this.counts);
    if (n >= 0) {
      expect(counted).toBe(n);
      expect(Array.from(this.counts.subarray(0, n))).toEqual(Array.from(this.out.subarray(0, n), (j) => this.state.count(i, j)));
      this.named++;
      const listed = new Set(this.out.subarray(0, n));
      allowed.forEach((j, a) => {
        if (now[a] !== this.last[i]![a]) expect({ i, j, listed: listed.has(j) }).toEqual({ i, j, listed: true });
      });
    }
    this.last[i] = now;
  }
}

describe("ReceivedState.changedBackends", () => {
  it("periodic: names every pair whose held count changed, reads on and off pairs' phases, across publications", () => {
    const clock: Clock = { now: 0 };
    const state = new PeriodicFeedback(s, clock, 0.05);
    const watcher = new ChangeWatcher(state);
    const counts = new Float64Array(5);
    let seed = 99;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let k = 0; k < 600; k++) {
      clock.now = k * 0.05;
      watcher.check(k % 2); // publication k due, not yet made
      for (let j = 0; j < 5; j++) counts[j] = (k * 3 + j * 5 + Math.floor(random() * 3)) % 7;
      state.publish(counts, 1);
      // some reads a few ms apart (a window of phases), some on pairs' phases, and now and then a gap of a period or more
      for (const dt of [0, 0.012, 0.03, 0.03 + 1e-13, random() * 0.05, 0.049999].sort((a, b) => a - b)) {
        clock.now = k * 0.05 + dt;
        if (random() < 0.7) watcher.check(random() < 0.5 ? 0 : 1);
      }
    }
    expect(watcher.named).toBeGreaterThan(1000);
  });

  it("periodic: names them when reads fall where P − λ is an integer to a rounding (a pair's report arriving then)", () => {
    const clock: Clock = { now: 0 };
    const state = new PeriodicFeedback(s, clock, 0.05);
    const watcher = new ChangeWatcher(state);
    const counts = new Float64Array(5);
    // f0's return delays as lags: 0.6, 1.1, 1.6, 2.6 periods (and 0)
    const lags = Array.from(s.frontends[0]!.allowed, (j) => s.back[j]! / 0.05).filter((l) => l > 0);
    for (let k = 0; k < 3000; k++) {
      clock.now = k * 0.05;
      for (let j = 0; j < 5; j++) counts[j] = (k * 3 + j) % 5;
      state.publish(counts, 1);
      const times: number[] = [];
      for (const l of lags) {
        const t = (k + (l % 1) - 1e-12) * 0.05;
        times.push(t * (1 - 2 ** -52), t, t * (1 + 2 ** -52));
      }
      for (const t of times.sort((a, b) => a - b)) {
        clock.now = Math.max(clock.now, t);
        watcher.check(0);
      }
    }
    expect(watcher.named).toBeGreaterThan(10000);
  });

  it("instant and piggyback: name the backends that changed", () => {
    const clock: Clock = { now: 0 };
    const instant = new InstantFeedback(s, clock);
    const piggyback = new PiggybackFeedback(s, clock);
    const watchers = [new ChangeWatcher(instant), new ChangeWatcher(piggyback)];
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let step = 0; step < 3000; step++) {
      clock.now = step * 0.01;
      const j = Math.floor(random() * 5);
      instant.changed(j, Math.floor(random() * 4));
      piggyback.deliver(Math.floor(random() * 2), j, Math.floor(random() * 4), clock.now - random() * 0.02);
      if (random() < 0.5) for (const w of watchers) w.check(random() < 0.5 ? 0 : 1);
    }
    for (const w of watchers) expect(w.named).toBeGreaterThan(500);
  });
});
