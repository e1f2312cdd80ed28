// Each pair's code gives back both of its delays exactly; too many distinct delays decline (the engine then reads the matrices).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MAX_OUT_CLASSES, PairDelays } from "../../src/engine/pairDelays.ts";

describe("PairDelays", () => {
  it("decodes every pair's one-way and return delay to the same double", () => {
    const delay = fc.oneof(fc.constantFrom(0, 0.005, 0.08, 1e-9), fc.double({ min: 0, max: 10, noNaN: true }));
    fc.assert(
      fc.property(fc.array(fc.tuple(delay, delay), { minLength: 1, maxLength: 200 }), (pairs) => {
        const oneWay = Float64Array.from(pairs, (p) => p[0]);
        const back = Float64Array.from(pairs, (p) => p[1]);
        const d = PairDelays.of(oneWay, back)!;
        pairs.forEach(([out, ret], k) => {
          const code = d.code[k]!;
          expect(code).toBeGreaterThanOrEqual(0);
          expect(d.outDelay[code & d.outMask]).toBe(out === 0 ? 0 : out); // -0 and 0 share a class
          expect(d.backDelay[code >>> d.outBits]).toBe(ret === 0 ? 0 : ret);
        });
        expect(d.outDelay.length).toBe(new Set(oneWay).size); // one class per distinct delay
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  it("declines beyond 4,096 distinct one-way delays, and takes 4,096", () => {
    const many = (n: number) => Float64Array.from({ length: n }, (_, k) => k / 1000);
    expect(MAX_OUT_CLASSES).toBe(4096);
    expect(PairDelays.of(many(4096), new Float64Array(4096))).not.toBeNull();
    expect(PairDelays.of(many(4097), new Float64Array(4097))).toBeNull();
  });

  it("codes a pair in one byte while both classes fit in 8 bits, else in two or four", () => {
    // k distinct one-way delays and m distinct return delays over k·m pairs
    const grid = (k: number, m: number) => {
      const oneWay = Float64Array.from({ length: k * m }, (_, p) => (p % k) / 100);
      const back = Float64Array.from({ length: k * m }, (_, p) => Math.floor(p / k) / 100);
      return PairDelays.of(oneWay, back)!;
    };
    expect(grid(1, 1).code).toBeInstanceOf(Uint8Array);
    expect(grid(1, 1).outBits).toBe(0);
    expect(grid(16, 16).code).toBeInstanceOf(Uint8Array); // 4 + 4 bits
    expect(grid(16, 17).code).toBeInstanceOf(Uint16Array); // 4 + 5
    expect(grid(4096, 16).code).toBeInstanceOf(Uint16Array); // 12 + 4
    expect(grid(4096, 17).code).toBeInstanceOf(Int32Array); // 12 + 5
    // mirrored return legs share the one-way class: 4,096 of each in two bytes, not 12 + 12 bits in four
    const mirrored = Float64Array.from({ length: 8192 }, (_, p) => (p % 4096) / 1000);
    const m = PairDelays.of(mirrored, mirrored)!;
    expect(m.code).toBeInstanceOf(Uint16Array);
    for (const p of [0, 1, 4095, 4096, 8191]) {
      expect(m.outDelay[m.code[p]! & m.outMask]).toBe(mirrored[p]);
      expect(m.backDelay[m.code[p]! >>> m.outBits]).toBe(mirrored[p]);
    }
    const d = grid(16, 17);
    expect(d.outBits).toBe(4);
    expect(d.outMask).toBe(15);
    expect(d.backDelay[d.code[16 * 17 - 1]! >>> d.outBits]).toBe(0.16);
  });

  it("is made once per scenario object and shared by its runs", () => {
    const s = { oneWay: new Float64Array([0.01, 0.02, 0.01]), back: new Float64Array([0.01, 0.02, 0.03]) };
    const d = PairDelays.forScenario(s);
    expect(PairDelays.forScenario(s)).toBe(d);
    expect(d).toEqual(PairDelays.of(s.oneWay, s.back));
    expect(PairDelays.forScenario({ ...s })).not.toBe(d);
  });
});
