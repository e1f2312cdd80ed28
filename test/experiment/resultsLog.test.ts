// A results file's record is written a piece of metrics at a time: the very text JSON.stringify gives its object form; and read back a chunk at a time.
import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { forEachLine, readResultsFile, writeRecord } from "../../src/experiment/resultsLog.ts";
import { sampleAt, type RunResult } from "../../src/stats/runMetrics.ts";
import { runReplication } from "../../src/engine/runReplication.ts";
import { scenarioFile, scenarioFrom, tempDir, wideFleetSpec } from "../helpers.ts";

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

describe("forEachLine", () => {
  it("gives the non-empty newline-ended lines and the intact length, whatever the chunk size cuts through", () => {
    // multi-byte characters (2, 3 and 4 bytes), empty lines, a long line, and a last line cut by a crash
    const text = `{"a":"é"}\n\n{"b":"€𝄞"}\n${"x".repeat(300)}\n\n\n{"c":"\u2028"}\n{"cut":`;
    const path = join(tempDir(), "lines.jsonl");
    writeFileSync(path, text);
    const intact = text.slice(0, text.lastIndexOf("\n") + 1);
    const expected = intact.split("\n").filter((l) => l.length > 0);
    for (const size of [1, 2, 3, 5, 8, 64, 1 << 16]) {
      const lines: string[] = [];
      const bytes = forEachLine(
        path,
        (line, n) => {
          expect(n).toBe(lines.length);
          lines.push(line);
        },
        size,
      );
      expect(lines).toEqual(expected);
      expect(bytes).toBe(Buffer.byteLength(intact));
    }
  });
});

/** A run as a record holds it, made whole: {counts, metrics: {name: {point, batches}}}. */
function objectForm(run: RunResult): unknown {
  return { counts: run.counts, metrics: Object.fromEntries(run.keys.map((key, m) => [key, sampleAt(run, m)])) };
}

describe("readResultsFile", () => {
  it("refuses a record whose policy the header does not list, a replication that is no index or a result that is no run; no name reaches a prototype", () => {
    const result = runReplication(scenarioFile("mm1.json", ["horizon=100", "warmup=10"]), 0);
    const header = { lbsim: "results", command: "run", scenario: "mm1", seed: 1, policies: ["random"], replications: 2, warmup: { method: "fixed", time: 10 }, fingerprint: "f", shard: null };
    const line = (policy: unknown, replication: unknown, run: unknown = objectForm(result)) => JSON.stringify({ policy, replication, result: run });
    const dir = tempDir();
    const file = (name: string, ...records: string[]) => {
      const path = join(dir, name);
      writeFileSync(path, [JSON.stringify(header), ...records].join("\n") + "\n");
      return path;
    };
    expect(readResultsFile(file("good.jsonl", line("random", 0), line("random", 1))).records.map((r) => r.replication)).toEqual([0, 1]);
    for (const [name, record] of [
      ["proto", line("__proto__", 0)],
      ["constructor", line("constructor", 0)],
      ["other", line("jsq", 0)],
      ["index", line("random", "0")],
      ["negative", line("random", -1)],
      ["fraction", line("random", 0.5)],
      ["no-run", line("random", 0, null)],
      ["no-batches", line("random", 0, { counts: {}, metrics: { "latency.mean": { point: 1 } } })],
    ] as const) {
      expect(() => readResultsFile(file(`${name}.jsonl`, line("random", 1), record)), name).toThrow(/\.jsonl:3: not a replication record of this study/);
    }
    const edited = { ...header, policies: ["__proto__"] };
    const path = join(dir, "header.jsonl");
    writeFileSync(path, JSON.stringify(edited) + "\n");
    expect(() => readResultsFile(path)).toThrow(/header\.jsonl:1: the study header/);
    // a "__proto__" record once wrote its run into every object's prototype
    expect(({} as Record<number, unknown>)[0]).toBeUndefined();
  });
});
