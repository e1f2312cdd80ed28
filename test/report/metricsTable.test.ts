// The text table of a run's metrics at the size of a large fleet: a 300 × 1,000 fleet has 3·10^5 routing shares.
import { describe, expect, it } from "vitest";
import { alignColumns, metricsTable, metricsTableLines } from "../../src/report/metricsTable.ts";
import { metricsRecord, type MetricColumns } from "../../src/experiment/summarize.ts";
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

describe("metricsTableLines", () => {
  const columns = (keys: string[], estimate: number[], halfWidth: number[], n: number[]): MetricColumns => ({
    keys,
    estimate: Float64Array.from(estimate),
    halfWidth: Float64Array.from(halfWidth),
    n: Int32Array.from(n),
    level: 0.95,
    method: "batch-means",
  });

  it("prints, line by line from the columns, the table of their dictionary: ms for latencies, - for NaN, exponents, a name given twice", () => {
    const c = columns(
      ["latency.mean", "latency.p99", "backend.b.inSystem.mean", "backend.b.throughput", "frontend.a.share.b.share.c", "frontend.a.share.b", "frontend.a.share.b.share.c", "tiny", "huge", "zero"],
      [0.123456, NaN, 3.25, 12, 0.5, 1 / 3, 0.25, 1.5e-7, 2.5e9, -0],
      [0.0123, NaN, NaN, 0.75, 0.01, 0.02, 0.03, 1e-8, 1e8, 0],
      [20, 0, 20, 19, 20, 20, 20, 7, 20, 1],
    );
    const distinct = columns(c.keys.slice(0, 6), Array.from(c.estimate.subarray(0, 6)), Array.from(c.halfWidth.subarray(0, 6)), Array.from(c.n.subarray(0, 6)));
    // frozen names (a run's) have their distinctness remembered: asked twice, the same answer
    const frozen = { ...c, keys: Object.freeze([...c.keys]) };
    for (const cs of [c, distinct, columns([], [], [], []), frozen, frozen]) expect([...metricsTableLines(cs)].join("\n")).toBe(metricsTable(metricsRecord(cs)));
    const lines = [...metricsTableLines(distinct)];
    expect(lines[1]).toMatch(/^latency\.mean +123\.5 +12 +ms +20 +batch-means$/);
    expect(lines[2]).toMatch(/^latency\.p99 +- +- +ms +0 +batch-means$/);
    // the name given twice is one row, as in the dictionary: its first place, its last value
    expect([...metricsTableLines(c)].join("\n").match(/frontend\.a\.share\.b\.share\.c +0\.25 /g)).toHaveLength(1);
  });

  it("yields 3·10^5 metrics' lines without a dictionary (a 300 × 1,000 fleet's shares)", () => {
    const n = 300_000;
    const keys = Array.from({ length: n }, (_, k) => `frontend.f${k % 1000}.share.b${Math.floor(k / 1000)}`);
    const c = columns(
      keys,
      keys.map((_, k) => k / n),
      keys.map(() => NaN),
      keys.map(() => 20),
    );
    let count = 0;
    let width = -1;
    // the last column is right-aligned: every line as long as the header
    for (const line of metricsTableLines(c)) {
      if (count++ === 0) width = line.length;
      else if (line.length !== width || !line.endsWith("  20  batch-means")) throw new Error(`line ${count - 1} out of line: ${line}`);
    }
    expect(count).toBe(n + 1);
  }, 60_000);
});
