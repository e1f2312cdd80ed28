// The alias table reproduces its probabilities: chi-square at a fixed seed.
import { describe, expect, it } from "vitest";
import { AliasTable } from "../../src/policies/aliasTable.ts";
import { Purpose, streamFor } from "../../src/random/stream.ts";

describe("AliasTable", () => {
  it("sample frequencies pass a chi-square test at the 99.9% level", () => {
    const p = [0.05, 0.4, 0.15, 0.3, 0.1, 0];
    const table = new AliasTable(Int32Array.from([10, 11, 12, 13, 14, 15]));
    table.build(p);
    const rng = streamFor(42, 0, Purpose.policy, 0);
    const n = 200_000;
    const counts = new Map<number, number>();
    for (let k = 0; k < n; k++) {
      const o = table.sample(rng);
      counts.set(o, (counts.get(o) ?? 0) + 1);
    }
    expect(counts.get(15)).toBeUndefined(); // probability 0 is never drawn
    let chi2 = 0;
    p.forEach((q, k) => q > 0 && (chi2 += ((counts.get(10 + k) ?? 0) - n * q) ** 2 / (n * q)));
    // chi-square, 4 degrees of freedom: 99.9% quantile 18.467 (R: qchisq(0.999, 4))
    expect(chi2).toBeLessThan(18.467);
  });

  it("a sparse distribution (40 of 1,000 categories, as DGD-LB's routing) passes the same chi-square test and never draws a zero", () => {
    const m = 1000;
    const p = new Float64Array(m);
    let sum = 0;
    for (let c = 0; c < 40; c++) sum += p[25 * c + 7] = 1 + (c % 5); // weights 1..5 on every 25th category
    for (let k = 0; k < m; k++) p[k]! /= sum;
    const outcomes = Int32Array.from({ length: m }, (_, k) => 2 * k); // not the identity: outcomes are looked up
    const table = new AliasTable(outcomes);
    table.build(p);
    const rng = streamFor(7, 0, Purpose.policy, 0);
    const n = 400_000;
    const counts = new Float64Array(m);
    for (let k = 0; k < n; k++) {
      const o = table.sample(rng);
      expect(o % 2).toBe(0);
      counts[o / 2]!++;
    }
    let chi2 = 0;
    for (let k = 0; k < m; k++) {
      if (p[k] === 0) expect(counts[k]).toBe(0);
      else chi2 += (counts[k]! - n * p[k]!) ** 2 / (n * p[k]!);
    }
    // chi-square, 39 degrees of freedom: 99.9% quantile 72.055 (R: qchisq(0.999, 39))
    expect(chi2).toBeLessThan(72.055);
  });

  it("equal weights over a subset draw only that subset", () => {
    const table = new AliasTable(Int32Array.from([5, 6, 7, 8]));
    table.build([0, 0.5, 0, 0.5]);
    const rng = streamFor(1, 0, Purpose.policy, 0);
    const seen = new Set<number>();
    for (let k = 0; k < 1000; k++) seen.add(table.sample(rng));
    expect([...seen].sort()).toEqual([6, 8]);
  });
});
