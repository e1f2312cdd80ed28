// What the report, compare's table and sweep's table show of a study is built from its columns for just the
// metrics they read: the same figures as the full dictionaries, without one object per routing share.
import { describe, expect, it } from "vitest";
import { gatherReport, shownFigures } from "../../src/report/reportData.ts";
import { compareRecords, compareStudyColumns } from "../../src/experiment/studyResult.ts";
import { metricsRecord } from "../../src/experiment/summarize.ts";
import { runStudyRequest } from "../../src/experiment/study.ts";
import { withPolicy } from "../../src/scenario/loadScenario.ts";
import type { Estimate } from "../../src/stats/estimate.ts";
import { FLEET_2X3, scenarioFrom } from "../helpers.ts";

const SHARES = ["a", "b"].flatMap((f) => ["x", "y", "z"].map((b) => `frontend.${f}.share.${b}`));

/** The entries of a full dictionary whose names pass `keep`, in its order. */
const picked = (full: Record<string, Estimate>, keep: (key: string) => boolean) => Object.fromEntries(Object.entries(full).filter(([k]) => keep(k)));

describe("figures shown from a study's columns", () => {
  it("are the full dictionaries' entries for the named metrics, for every policy and difference", async () => {
    const s = scenarioFrom(FLEET_2X3);
    const scenarios = ["jsq", "random"].map((k) => withPolicy(s, k));
    const outcome = await runStudyRequest({ command: "compare", replications: 3, workers: 1 }, scenarios);
    const columns = compareStudyColumns(outcome.header, outcome.runs);
    // the differences name the reference's metrics with the reference's own array
    expect(columns.differences["random"]!.keys).toBe(columns.policies["jsq"]!.metrics.keys);
    const full = compareRecords(columns);
    const only = new Set(["latency.mean", "latency.p99", "backend.y.throughput", "no.such.metric"]);
    const thin = compareRecords(columns, only);
    for (const p of ["jsq", "random"]) {
      expect(thin.policies[p]!.metrics).toEqual(picked(full.policies[p]!.metrics, (k) => only.has(k)));
      expect(Object.keys(thin.policies[p]!.metrics)).toEqual(["latency.mean", "latency.p99", "backend.y.throughput"]);
    }
    expect(thin.differences["random"]).toEqual(picked(full.differences["random"]!, (k) => only.has(k)));
    expect(thin.warnings).toEqual(full.warnings);
  }, 60_000);

  it("hold every metric of the report's page but the routing shares", async () => {
    const d = await gatherReport(scenarioFrom(FLEET_2X3), { replications: 2, workers: 1 }, ["jsq"]);
    const shown = shownFigures(d);
    const notShare = (k: string) => !SHARES.includes(k);
    expect(shown.metrics).toEqual(picked(metricsRecord(d.study.metrics), notShare));
    expect(Object.keys(shown.metrics)).toContain("frontend.b.latency.mean");
    expect(Object.keys(shown.metrics)).toContain("backend.z.inSystem.mean");
    expect(shown.comparison.policies["jsq"]!.metrics).toEqual(picked(compareRecords(d.comparison).policies["jsq"]!.metrics, notShare));
  }, 60_000);
});
