// A results file's record is written a piece of metrics at a time: the very text JSON.stringify gives its object form.
import { describe, expect, it } from "vitest";
import { writeRecord } from "../../src/experiment/resultsLog.ts";
import { sampleAt, type RunResult } from "../../src/stats/runMetrics.ts";
import { runReplication } from "../../src/engine/runReplication.ts";
import { scenarioFile, scenarioFrom, wideFleetSpec } from "../helpers.ts";

describe("writeRecord", () => {
  it("writes what JSON.stringify writes of the record's object, NaN and lean runs included", () => {
    const runs = [
      // a warm-up of 0 and a short horizon: metrics with no observations in a batch (NaN, written null)
      runReplication(scenarioFile("three-regions.json", ["horizon=2", "warmup=0"]), 0),
      runReplication(scenarioFile("llm-geo-engines.json", ["horizon=120", "warmup=20"]), 1),
      // 20 × 60: 1,200 shares, more than one piece of metrics
      runReplication(scenarioFrom(wideFleetSpec(20, 60, 5, { horizon: 50, warmup: 5, policy: { kind: "random" } })), 2),
      runReplication(scenarioFrom(wideFleetSpec(3, 7, 20, { horizon: 100, warmup: 5, policy: { kind: "random" } })), 2, { frontendBatches: false }),
    ];
    expect(runs[0]!.points.some((x) => Number.isNaN(x)) || runs[0]!.batches.some((x) => Number.isNaN(x))).toBe(true);
    expect(runs[2]!.keys.length).toBeGreaterThan(1024);
    for (const [r, result] of runs.entries()) {
      const record = { policy: `p"${r}\u2028`, replication: r, result };
      let line = "";
      writeRecord(record, (text) => (line += text));
      expect(line).toBe(JSON.stringify({ ...record, result: objectForm(result) }) + "\n");
    }
  });
});

/** A run as a record holds it, made whole: {counts, metrics: {name: {point, batches}}}. */
function objectForm(run: RunResult): unknown {
  return { counts: run.counts, metrics: Object.fromEntries(run.keys.map((key, m) => [key, sampleAt(run, m)])) };
}
