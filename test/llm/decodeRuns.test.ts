// An LLM engine's run of decode steps, taken as one event (llmFleet.ts), against the same engine
// stepped one event per step (docs/model.md section 11): every request's first and last token at the
// same instant, bit for bit. Step times, arrivals and capacity windows are multiples of 2^-14, so
// sums are exact and arrivals and speed changes fall exactly on step ends, inside runs and at their
// ends: the cases where a run must be cut at the right step.
import { describe, expect, it } from "vitest";
import { stream } from "../helpers.ts";
import { LlmFleet } from "../../src/model/llm/llmFleet.ts";
import { SlotTokens } from "../../src/model/llm/slotTokens.ts";
import type { LlmEngine } from "../../src/model/llm/llmEngine.ts";

const TICK = 2 ** -14;
const engine = (e: Partial<LlmEngine>): LlmEngine => ({ stepBase: 256 * TICK, stepPerSequence: 0, stepPerToken: TICK, combine: "max", maxSequences: 8, chunkTokens: null, kvTokens: null, ...e });

/** Backends: a roofline engine with chunked prefill, an additive one with a KV limit, three small engines behind one dispatch. */
const FLEET = [
  { engine: engine({ stepPerSequence: 4 * TICK, maxSequences: 6, chunkTokens: 512 }), servers: 1 },
  { engine: engine({ stepBase: 200 * TICK, stepPerSequence: 2 * TICK, combine: "sum", maxSequences: 16, kvTokens: 4000 }), servers: 1 },
  { engine: engine({ stepBase: 300 * TICK, maxSequences: 2 }), servers: 3 },
];

interface Outcome {
  /** (time, backend, slot) of every completion, in the order they left. */
  completions: number[];
  firstToken: Float64Array;
  /** (time, backend) of every step end that completed no one (stepping one by one only). */
  quietEnds: number[];
}

type Change = { t: number; backend: number; multiplier: number };

/**
 * Drives a fleet through `n` requests (on the grid of TICK, some at the same instant) and capacity
 * windows, in time order; at a tie, speed changes first, then arrivals before departures or after.
 */
function drive(runSteps: number, seed: number, n: number, changes: Change[], arrivalsFirst = true): Outcome {
  const next = stream(seed);
  const tokens = new SlotTokens();
  tokens.grow(n);
  const arrivals: Array<{ t: number; backend: number }> = [];
  let t = 0;
  for (let k = 0; k < n; k++) {
    tokens.input[k] = 1 + Math.floor(next() * 300);
    tokens.output[k] = 1 + Math.floor(next() * 120);
    if (next() > 0.2) t += TICK * Math.floor(next() * 3000);
    arrivals.push({ t, backend: Math.floor(next() * FLEET.length) });
  }
  const fleet = new LlmFleet(FLEET, tokens, runSteps);
  const completions: number[] = [];
  const quietEnds: number[] = [];
  let a = 0;
  let c = 0;
  for (;;) {
    let first = -1;
    let td = Infinity;
    for (let j = 0; j < FLEET.length; j++) {
      const d = fleet.nextDeparture(fleet.at(j));
      if (d < td) [td, first] = [d, j];
    }
    const ta = a < n ? arrivals[a]!.t : Infinity;
    const tc = c < changes.length ? changes[c]!.t : Infinity;
    const now = Math.min(td, ta, tc);
    if (now === Infinity) break;
    if (tc === now) {
      const ch = changes[c++]!;
      fleet.setSpeed(fleet.at(ch.backend), now, ch.multiplier);
    } else if (ta === now && (arrivalsFirst || td > now)) {
      fleet.add(fleet.at(arrivals[a]!.backend), now, a, 1);
      a++;
    } else {
      const slot = fleet.depart(fleet.at(first), now);
      if (slot >= 0) completions.push(now, first, slot);
      else quietEnds.push(now, first);
    }
  }
  return { completions, firstToken: tokens.firstToken, quietEnds };
}

/**
 * Capacity windows, spread over the arrivals, whose every change falls exactly on a step end of its
 * backend that completes no one (inside a run of decode steps): each found by stepping one by one
 * with the changes before it, which later ones cannot move. A backend in an outage has no steps: its
 * change (which restarts it) falls on the grid. Multipliers cycle 0, ½, 1, 2, each backend's last at
 * ½ or more, so every request completes.
 */
function changesOnStepEnds(seed: number, n: number): Change[] {
  const changes: Change[] = [];
  const span = drive(1, seed, n, []).completions.at(-3)!;
  for (let k = 1; k <= 11; k++) {
    const { quietEnds } = drive(1, seed, n, changes);
    const backend = k % FLEET.length;
    const after = Math.max(changes.at(-1)?.t ?? 0, (k * span) / 13);
    const multiplier = [0, 0.5, 1, 2][k % 4]!;
    if (changes.filter((c) => c.backend === backend).at(-1)?.multiplier === 0) {
      changes.push({ t: after - (after % TICK) + 1000 * TICK, backend, multiplier });
      continue;
    }
    // the 40th quiet end of the backend after that: well inside a run, not its first step
    let q = 0;
    for (let seen = 0; q < quietEnds.length; q += 2) if (quietEnds[q]! > after && quietEnds[q + 1] === backend && ++seen === 40) break;
    if (q >= quietEnds.length) throw new Error(`the test's fleet has too few quiet step ends on backend ${backend} after ${after} s`);
    changes.push({ t: quietEnds[q]!, backend, multiplier });
  }
  return changes;
}

describe("runs of decode steps as one event", () => {
  for (const seed of [1, 2, 3]) {
    it(`give every request the instants stepping one by one gives it (seed ${seed})`, () => {
      const changes = changesOnStepEnds(seed, 3000);
      const stepped = drive(1, seed, 3000, changes);
      expect(stepped.completions.length).toBe(3 * 3000); // every request completed: the windows end at full speed
      for (const runSteps of [2, 7, 64]) {
        const run = drive(runSteps, seed, 3000, changes);
        expect(run.completions).toEqual(stepped.completions);
        expect(run.firstToken).toEqual(stepped.firstToken);
      }
    });
  }

  it("a request arriving at a run's first step while the batch is full waits for the run's end, as it would step by step", () => {
    // one sequence at a time: A's prompt takes the first step; at its end A starts decoding (a run
    // of 39 steps) and B arrives at that very instant, with nowhere to go until A completes
    const run = (runSteps: number) => {
      const tokens = new SlotTokens();
      tokens.grow(2);
      tokens.input.set([100, 50]);
      tokens.output.set([40, 10]);
      const fleet = new LlmFleet([{ engine: engine({ maxSequences: 1 }), servers: 1 }], tokens, runSteps);
      const b = fleet.at(0);
      fleet.add(b, 0, 0, 1);
      const prefilled = fleet.nextDeparture(b);
      expect(fleet.depart(b, prefilled)).toBe(-1);
      fleet.add(b, prefilled, 1, 1);
      const completions: number[] = [];
      for (let t = fleet.nextDeparture(b); t < Infinity; t = fleet.nextDeparture(b)) {
        const slot = fleet.depart(b, t);
        if (slot >= 0) completions.push(t, slot);
      }
      return { completions, firstToken: Array.from(tokens.firstToken) };
    };
    const stepped = run(1);
    expect(stepped.completions).toHaveLength(4);
    expect(run(64)).toEqual(stepped);
  });

  it("arrivals at a step's end join the next step whether the end is taken first or last", () => {
    const changes = changesOnStepEnds(4, 3000);
    const stepped = drive(1, 4, 3000, changes, false);
    expect(drive(1, 4, 3000, changes, true).completions).toEqual(stepped.completions);
    const run = drive(64, 4, 3000, changes, false);
    expect(run.completions).toEqual(stepped.completions);
    expect(run.firstToken).toEqual(stepped.firstToken);
  });
});
