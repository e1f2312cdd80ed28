// A run made without the frontends' batch values (a study of several replications): the same points and the
// same batch values where it keeps them, its study's output unchanged, and the full columns wherever a
// results file or batch means need them.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runReplication } from "../../src/engine/runReplication.ts";
import { BATCHES } from "../../src/stats/runMetrics.ts";
import { runStudyRequest } from "../../src/experiment/study.ts";
import { summarizeColumns } from "../../src/experiment/summarize.ts";
import { FLEET_2X3, scenarioFrom, tempDir } from "../helpers.ts";

describe("a run without the frontends' batch values", () => {
  it("has the same points, and the same batch values up to the frontends' metrics, which come last", () => {
    const s = scenarioFrom(FLEET_2X3);
    const full = runReplication(s, 3);
    const lean = runReplication(s, 3, { frontendBatches: false });
    expect(Array.from(lean.points)).toEqual(Array.from(full.points));
    expect(lean.keys).toBe(full.keys);
    const firstFrontend = full.keys.findIndex((k) => k.startsWith("frontend."));
    // 2 frontends: a latency each, and a share of each of 3 backends
    expect(full.keys.length - firstFrontend).toBe(2 * (1 + 3));
    expect(full.keys.slice(firstFrontend).every((k) => k.startsWith("frontend."))).toBe(true);
    expect(lean.batches.length).toBe(firstFrontend * BATCHES);
    expect(Array.from(lean.batches)).toEqual(Array.from(full.batches.subarray(0, firstFrontend * BATCHES)));
    // batch means need every metric's batches
    expect(() => summarizeColumns([lean])).toThrow(/batch means asked of a run made without/);
  });

  it("is what a study of several replications keeps; its results file has every batch value", async () => {
    const s = scenarioFrom(FLEET_2X3);
    const study = (out?: string) => runStudyRequest({ command: "run", replications: 3, workers: 1, out }, [s]);
    const lean = await study();
    const out = join(tempDir(), "results.jsonl");
    const logged = await study(out);
    const keys = lean.runs.random![0]!.keys;
    const firstFrontend = keys.findIndex((k) => k.startsWith("frontend."));
    for (const o of [lean, logged]) expect(o.runs.random!.map((r) => r.batches.length)).toEqual([1, 2, 3].map(() => firstFrontend * BATCHES));
    const records = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => JSON.parse(l) as { result: { metrics: Record<string, { batches: number[] }> } });
    expect(records.map((r) => r.result.metrics["frontend.b.share.z"]!.batches.length)).toEqual([BATCHES, BATCHES, BATCHES]);
    // resumed from the file: the same runs kept, the same summary
    const resumed = await study(out);
    expect(resumed.runs.random!.map((r) => r.batches.length)).toEqual([1, 2, 3].map(() => firstFrontend * BATCHES));
    expect(Array.from(summarizeColumns(resumed.runs.random!).metrics.estimate)).toEqual(Array.from(summarizeColumns(lean.runs.random!).metrics.estimate));
    const summary = (o: typeof lean) => summarizeColumns(o.runs.random!);
    expect(Array.from(summary(lean).metrics.estimate)).toEqual(Array.from(summary(logged).metrics.estimate));
    expect(Array.from(summary(lean).metrics.halfWidth)).toEqual(Array.from(summary(logged).metrics.halfWidth));
    // one replication: batch means over the whole run
    const single = await runStudyRequest({ command: "run", replications: 1, workers: 1 }, [s]);
    expect(single.runs.random![0]!.batches.length).toBe(keys.length * BATCHES);
  });
});
