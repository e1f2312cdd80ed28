// The next report's time found by bisection is the very double the pass over every backend gives, at any phase, read on report times too.
import { describe, expect, it } from "vitest";
import { NextReport } from "../../src/feedback/nextReport.ts";
import type { Scenario } from "../../src/model/scenario.ts";

/** A fixed-seed LCG in [0, 1). */
function lcg(seed: number): () => number {
  return () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** The pass PeriodicFeedback.version made before NextReport: min over allowed j of (floor(P − λ_ij) + 1)·Δ + d_ji. */
function pass(allowed: Int32Array, lag: Float64Array, back: Float64Array, B: number, interval: number, frontend: number, periods: number): number {
  let next = Infinity;
  for (const j of allowed) {
    const k = Math.floor(periods - lag[frontend * B + j]!);
    const t = (k + 1) * interval + back[frontend * B + j]!;
    if (t < next) next = t;
  }
  return next;
}

describe("NextReport", () => {
  const F = 5;
  const B = 400;
  const interval = 0.1;
  const random = lcg(77);
  // latencies to 0.1 ms (a thousand and more phases), whole periods, zeros, and shared phases
  const back = Float64Array.from({ length: F * B }, () => {
    const r = random();
    return r < 0.05 ? 0 : r < 0.15 ? 0.1 * Math.floor(1 + 3 * random()) : r < 0.25 ? 0.05 : Math.round(50 + 1450 * random()) / 1e4;
  });
  const lag = Float64Array.from(back, (d) => d / interval);
  const maxLag = lag.reduce((a, b) => Math.max(a, b), 0);
  // frontend 0 may use every backend, the others subsets in no particular order, frontend 4 one backend
  const allowed = [
    Int32Array.from({ length: B }, (_, j) => j),
    Int32Array.from({ length: 150 }, (_, k) => (k * 7 + 3) % B),
    Int32Array.from({ length: 40 }, (_, k) => B - 1 - 9 * k),
    Int32Array.from({ length: B }, (_, k) => B - 1 - k),
    Int32Array.of(17),
  ];
  const scenario = { frontends: allowed.map((a) => ({ allowed: a })), backends: { length: B } } as unknown as Scenario;
  const next = new NextReport(scenario, lag, back, interval, maxLag);

  function expectPass(frontend: number, now: number): void {
    const periods = now / interval + 1e-12; // as PeriodicFeedback reads the clock
    const expected = pass(allowed[frontend]!, lag, back, B, interval, frontend, periods);
    const got = next.after(frontend, periods);
    if (!Object.is(got, expected)) expect({ frontend, now, got }).toEqual({ frontend, now, got: expected });
  }

  it("at random times over 10^6 periods", () => {
    for (let n = 0; n < 20000; n++) expectPass(n % F, random() * 10 ** (1 + 5 * random()));
  });

  it("at the times reports arrive, and a rounding either side", () => {
    // the times a greedy policy asks at: the previous answer, where P − λ lies on an integer for some pair
    for (let frontend = 0; frontend < F; frontend++) {
      let now = 1234.5678;
      for (let step = 0; step < 3000; step++) {
        expectPass(frontend, now);
        const t = next.after(frontend, now / interval + 1e-12);
        expectPass(frontend, t);
        expectPass(frontend, t * (1 - 2 ** -52));
        expectPass(frontend, t * (1 + 2 ** -52));
        now = t;
      }
    }
  });

  it("with every lag a whole number of periods (every pair on one phase)", () => {
    const whole = Float64Array.from(lag, (_, k) => k % 3);
    const wholeBack = Float64Array.from(whole, (l) => l * interval);
    const shared = new NextReport(scenario, whole, wholeBack, interval, 2);
    for (let n = 0; n < 2000; n++) {
      const frontend = n % F;
      const now = n % 2 ? Math.floor(random() * 1e5) * interval : random() * 1e4;
      const periods = now / interval + 1e-12;
      expect(shared.after(frontend, periods)).toBe(pass(allowed[frontend]!, whole, wholeBack, B, interval, frontend, periods));
    }
  });
});
