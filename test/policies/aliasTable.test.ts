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
});
