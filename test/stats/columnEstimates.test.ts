// The estimates a study writes straight into its columns are acrossReplications' own, to the last bit, and
// both compute the mean and the sample deviation as simple-statistics does.
import { describe, expect, it } from "vitest";
import { mean as libraryMean, sampleStandardDeviation } from "simple-statistics";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { acrossReplications, compensatedMean, tHalfWidthOf } from "../../src/stats/estimate.ts";
import { metricColumns, setAcrossReplications, setEstimate } from "../../src/experiment/summarize.ts";
import { stream } from "../helpers.ts";

describe("estimates written into columns", () => {
  it("are the doubles acrossReplications gives, non-finite values skipped, for 0 to 12 values of any spread", () => {
    const u = stream(17);
    const cases: number[][] = [[], [3.5], [NaN, 2], [Infinity, -1, NaN], [1e16, 1, -1e16, 3], [0.1, 0.2, 0.3]];
    for (let k = 0; k < 300; k++) {
      const n = Math.floor(u() * 13);
      // mixed magnitudes take both arms of the compensated sum; a few NaN and infinite values are skipped
      cases.push(Array.from({ length: n }, () => (u() < 0.08 ? NaN : u() < 0.03 ? -Infinity : (u() - 0.3) * 10 ** Math.floor(u() * 12 - 4))));
    }
    const viaObject = metricColumns(
      cases.map((_, m) => `m${m}`),
      "replications",
    );
    const inPlace = metricColumns(viaObject.keys, "replications");
    cases.forEach((values, m) => {
      setEstimate(viaObject, m, acrossReplications(values));
      setAcrossReplications(inPlace, m, Float64Array.from(values));
    });
    expect(Array.from(inPlace.estimate)).toEqual(Array.from(viaObject.estimate));
    expect(Array.from(inPlace.halfWidth)).toEqual(Array.from(viaObject.halfWidth));
    expect(Array.from(inPlace.n)).toEqual(Array.from(viaObject.n));
    // toEqual tells 0 from −0 and NaN from a number: the comparison is bit for bit where it matters
    expect(inPlace.n[0]).toBe(0);
    expect(Number.isNaN(inPlace.halfWidth[1]!)).toBe(true);
  });

  it("take the mean and the sample deviation as simple-statistics does, bit for bit", () => {
    const u = stream(23);
    for (let k = 0; k < 300; k++) {
      const n = 2 + Math.floor(u() * 12);
      const values = Array.from({ length: n }, () => (u() - 0.3) * 10 ** Math.floor(u() * 12 - 4));
      if (k === 0) values.splice(0, 4, 1e16, 1, -1e16, 3); // where a plain sum loses the 1 and the 3
      expect(compensatedMean(values, n)).toBe(libraryMean(values));
      expect(tHalfWidthOf(values, n)).toBe(tQuantile(0.975, n - 1) * (sampleStandardDeviation(values) / Math.sqrt(n)));
    }
  });
});
