// Remembered publications back equal the formula floor(P) − floor(P − λ) at every read, whatever the phases of the reads and of the pairs.
import { describe, expect, it } from "vitest";
import { RememberedBacks } from "../../src/feedback/rememberedBacks.ts";

/** A fixed-seed LCG in [0, 1). */
function lcg(seed: number): () => number {
  return () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** F frontends × B backends of lags d/Δ: latencies to 0.1 ms at Δ = 0.1 s (some whole periods, some a rounding below one), and a few arbitrary. */
function lags(F: number, B: number, random: () => number): Float64Array {
  const lag = new Float64Array(F * B);
  for (let k = 0; k < lag.length; k++) {
    const r = random();
    lag[k] = r < 0.1 ? 1 : r < 0.2 ? 0.3 / 0.1 : r < 0.8 ? Math.round(50 + 1450 * random()) / 1e4 / 0.1 : 3 * random();
  }
  return lag;
}

function expectFormula(remembered: RememberedBacks, lag: Float64Array, B: number, frontend: number, backends: Int32Array, periods: number): void {
  const identity = remembered.update(frontend, backends, periods);
  expect(identity).toBe(backends.length === B && backends.every((j, a) => j === a));
  const p = Math.floor(periods);
  for (const j of backends) {
    const expected = p - Math.floor(periods - lag[frontend * B + j]!);
    if (remembered.backs[frontend * B + j] !== expected) expect({ frontend, j, periods, back: remembered.backs[frontend * B + j] }).toEqual({ frontend, j, periods, back: expected });
  }
}

describe("RememberedBacks", () => {
  const F = 4;
  const B = 300;
  const random = lcg(2024);
  const lag = lags(F, B, random);
  const maxLag = lag.reduce((a, b) => Math.max(a, b), 0);
  const all = Int32Array.from({ length: B }, (_, j) => j);
  const some = Int32Array.from({ length: 40 }, (_, k) => (k * 7) % B);
  const reversed = Int32Array.from({ length: B }, (_, k) => B - 1 - k);

  it("reads on the period (updates every Δ at the time the clock computes), up to 10^6 periods", () => {
    const remembered = new RememberedBacks(F, B, lag, maxLag);
    for (const start of [0, 4e3, 1e6]) {
      for (let k = start; k < start + 300; k++) {
        const periods = (k * 0.1) / 0.1 + 1e-12;
        for (let i = 0; i < F; i++) expectFormula(remembered, lag, B, i, i === 3 ? some : all, periods);
      }
    }
  });

  it("reads at any phase, on pairs' phases and a rounding away from them, and with the backend list changing", () => {
    const remembered = new RememberedBacks(F, B, lag, maxLag);
    let periods = 0;
    for (let k = 0; k < 3000; k++) {
      const r = random();
      if (r < 0.3) periods = Math.floor(periods) + 1 + 1e-12;
      else if (r < 0.5) {
        // exactly on some pair's phase, or one ulp either side
        const l = lag[Math.floor(random() * lag.length)]!;
        const on = Math.floor(periods) + 1 + (l - Math.floor(l));
        periods = r < 0.4 ? on : r < 0.45 ? on + on * 2 ** -52 : on - on * 2 ** -52;
      } else periods += random() * 0.7;
      const i = Math.floor(random() * F);
      const list = random();
      expectFormula(remembered, lag, B, i, list < 0.2 ? some : list < 0.3 ? reversed : all, periods);
    }
  });

  it("recomputes where P − λ rounds onto a whole number although the exact difference lies below it (2^20 periods)", () => {
    const l = 0.5 + 2 ** -40;
    const one = new Float64Array([l]);
    const remembered = new RememberedBacks(1, 1, one, l);
    const only = Int32Array.of(0);
    expectFormula(remembered, one, 1, 0, only, 2 ** 20 + 0.25); // 1 back, computed in a window up to λ
    // the exact back at φ = 0.5 < λ is still 1, but 2^20 + 0.5 − λ rounds up to 2^20: the formula (and the engine) says 0
    expect(2 ** 20 - Math.floor(2 ** 20 + 0.5 - l)).toBe(0);
    expectFormula(remembered, one, 1, 0, only, 2 ** 20 + 0.5);
  });
});
