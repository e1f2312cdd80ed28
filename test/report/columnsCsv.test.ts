// CSV rows written from metric columns are the rows of their dictionaries: the same text, null as an empty
// cell, and where two ids spell one metric's name, the dictionary's one entry (first place, last value).
import { describe, expect, it } from "vitest";
import { metricCsvCells } from "../../src/report/columnsCsv.ts";
import { metricColumns, metricsRecord } from "../../src/experiment/summarize.ts";
import { estimateCells } from "../../src/report/metricsTable.ts";
import { metricUnit } from "../../src/report/metricUnit.ts";
import { csvField } from "../../src/report/fileSinks.ts";

/** The rows as the dictionary gives them. */
const fromRecord = (c: ReturnType<typeof metricColumns>) => Object.entries(metricsRecord(c)).map(([key, e]) => `${csvField(key)},${metricUnit(key)},${estimateCells(e)}`);

function columnsOf(keys: string[]) {
  const c = metricColumns(keys, "replications");
  keys.forEach((_, m) => {
    c.estimate[m] = m === 1 ? NaN : 0.1 * (m + 1) - 1e-17 * m;
    c.halfWidth[m] = m === 2 ? NaN : 1 / (m + 3);
    c.n[m] = m + 2;
  });
  return c;
}

describe("CSV rows from metric columns", () => {
  it("are the dictionary's rows, nulls as empty cells and names with commas quoted", () => {
    const c = columnsOf(["latency.mean", "latency.p99", "backend.x,1.throughput", 'frontend."a".share.b', "backend.y.sojourn.mean"]);
    const rows = [...metricCsvCells(c)];
    expect(rows).toEqual(fromRecord(c));
    expect(rows[1]).toBe("latency.p99,s,,0.25,0.95,3,replications");
    expect(rows[2]).toBe(`"backend.x,1.throughput",1/s,${c.estimate[2]},,0.95,4,replications`);
  });

  it("keep one row for a name given twice, at its first place with its last value", () => {
    const c = columnsOf(["latency.mean", "frontend.f.share.b.latency.mean", "latency.p50", "frontend.f.share.b.latency.mean"]);
    const rows = [...metricCsvCells(c)];
    expect(rows).toEqual(fromRecord(c));
    expect(rows).toHaveLength(3);
    expect(rows[1]).toBe(`frontend.f.share.b.latency.mean,s,${c.estimate[3]},${c.halfWidth[3]},0.95,5,replications`);
  });
});
