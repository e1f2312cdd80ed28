// The latency histogram: quantiles within its stated 0.2%, merging, and reuse after release.
import { describe, expect, it } from "vitest";
import { HISTOGRAM_MAX, HISTOGRAM_MIN, LogHistogram } from "../../src/stats/logHistogram.ts";
import { replicationRoot, uniform } from "../../src/random/stream.ts";

/** Log-uniform values over six decades (1 ms to 1,000 s), from a fixed stream. */
function values(seed: number, n: number): number[] {
  const rng = replicationRoot(seed, 0);
  return Array.from({ length: n }, () => 1e-3 * 10 ** (6 * uniform(rng)));
}

/** The p-quantile as the histogram defines it: the smallest value with at least p·n values at or below it. */
function exactQuantile(sorted: number[], p: number): number {
  return sorted[Math.ceil(p * sorted.length) - 1]!;
}

const PS = [0.01, 0.5, 0.9, 0.99, 0.999];

function filled(xs: number[], h = new LogHistogram()): LogHistogram {
  for (const x of xs) h.add(x);
  return h;
}

describe("LogHistogram", () => {
  it("reports every quantile within 0.2% of the exact one", () => {
    const xs = values(1, 20_000);
    const h = filled(xs);
    const sorted = [...xs].sort((a, b) => a - b);
    for (const p of PS) {
      const exact = exactQuantile(sorted, p);
      expect(Math.abs(h.quantile(p) / exact - 1), `p = ${p}`).toBeLessThan(0.002);
    }
  });

  it("is NaN when empty, and keeps its 0.2% beyond its dense range (a time unit that makes latencies nanoseconds or years)", () => {
    expect(new LogHistogram().quantile(0.5)).toBeNaN();
    // values from 10^-10 s to 10^10 s: below HISTOGRAM_MIN, inside, and above HISTOGRAM_MAX (these were
    // clamped to the range's ends: an M/M/1 with a mean sojourn of 4·10^6 s reported its median as 2^20 s)
    const rng = replicationRoot(7, 0);
    const xs = Array.from({ length: 20_000 }, () => 1e-10 * 10 ** (20 * uniform(rng)));
    expect(xs.some((x) => x < HISTOGRAM_MIN) && xs.some((x) => x > HISTOGRAM_MAX)).toBe(true);
    const h = filled(xs);
    const sorted = [...xs].sort((a, b) => a - b);
    for (const p of [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99]) expect(Math.abs(h.quantile(p) / exactQuantile(sorted, p) - 1), `p = ${p}`).toBeLessThan(0.002);
    // merged from two halves, and taken again after release (then empty of them)
    const merged = filled(xs.slice(0, 10_000));
    merged.merge(filled(xs.slice(10_000)));
    for (const p of PS) expect(merged.quantile(p)).toBe(h.quantile(p));
    const kept = LogHistogram.take();
    filled([1e-12, 1e12], kept).release();
    const again = LogHistogram.take();
    expect(again).toBe(kept);
    filled([2, 3], again);
    expect(again.quantile(0.01)).toBeCloseTo(2, 2);
    expect(again.quantile(0.99)).toBeCloseTo(3, 2);
  });

  it("merging two histograms gives the quantiles of one holding both sets", () => {
    const a = values(2, 5_000).map((x) => x / 100); // mostly below b's range: the merged range spans both
    const b = values(3, 5_000);
    const merged = filled(a);
    merged.merge(filled(b));
    const both = filled([...a, ...b]);
    for (const p of PS) expect(merged.quantile(p)).toBe(both.quantile(p));
  });

  it("a released histogram taken again is empty: it gives the quantiles of a fresh one", () => {
    // 1,000 counts each at the old range's ends and inside it; any left behind by the clearing
    // would pull the 95% quantile of the new values (whose top lies above them all) down onto them
    const old = LogHistogram.take();
    for (const v of [1e-3, 1, 1e3]) for (let k = 0; k < 1000; k++) old.add(v);
    old.release();
    const reused = LogHistogram.take();
    expect(reused).toBe(old); // the pool handed the same object back: what follows is about clearing it
    const xs = [1e-4, 1e-3, 1, 1e3, 1e4];
    filled(xs, reused);
    const fresh = filled(xs);
    expect(reused.total).toBe(xs.length);
    for (const p of [0.1, 0.3, 0.5, 0.7, 0.95]) expect(reused.quantile(p), `p = ${p}`).toBe(fresh.quantile(p));
    const merged = new LogHistogram();
    merged.merge(reused);
    expect(merged.quantile(0.95)).toBe(fresh.quantile(0.95));
  });
});
