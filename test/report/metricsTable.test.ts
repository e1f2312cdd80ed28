// The text table of a run's metrics at the size of a large fleet: a 300 × 1,000 fleet has 3·10^5 routing shares.
import { describe, expect, it } from "vitest";
import { alignColumns, metricsTable } from "../../src/report/metricsTable.ts";
import type { Estimate } from "../../src/stats/estimate.ts";

describe("metricsTable", () => {
  it("aligns its columns: names to the left, numbers to the right", () => {
    expect(
      alignColumns([
        ["metric", "estimate"],
        ["latency.mean", "1.5"],
        ["x", "12.25"],
      ]).split("\n"),
    ).toEqual(["metric        estimate", "latency.mean       1.5", "x                12.25"]);
  });

  it("prints 3·10^5 metrics, a 300 × 1,000 fleet's shares (a column's width was Math.max over every row's cell as arguments: a RangeError past some 1.5·10^5 rows)", () => {
    const metrics: Record<string, Estimate> = {};
    const n = 300_000;
    for (let k = 0; k < n; k++) metrics[`frontend.f${k % 1000}.share.b${Math.floor(k / 1000)}`] = { estimate: k / n, halfWidth: null, level: 0.95, n: 20, method: "batch-means" };
    const lines = metricsTable(metrics).split("\n");
    expect(lines).toHaveLength(n + 1);
    expect(new Set(lines.slice(1).map((l) => l.indexOf("batch-means"))).size).toBe(1);
  }, 60_000);
});
