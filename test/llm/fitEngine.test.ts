// `lbsim fit`: recovers a known engine from its own closed-loop table, predicts the NIM table's rows it
// was not fitted on as the README states, and refuses a table it cannot fit with the column or row named.
import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, cli, tempDir } from "../helpers.ts";
import { closedLoop } from "../../src/model/llm/closedLoop.ts";
import { fitEngine } from "../../src/model/llm/fitEngine.ts";
import type { LlmEngine } from "../../src/model/llm/llmEngine.ts";

describe("fitting an engine", () => {
  it("a table made by a known engine is predicted within 2% at every row, from three rows", () => {
    const truth: LlmEngine = { stepBase: 0.015, stepPerSequence: 0.0004, stepPerToken: 0.00008, combine: "max", maxSequences: 48, chunkTokens: 2048, kvTokens: null };
    const table = [1, 4, 16, 32, 64, 96].map((c) => {
      const r = closedLoop(truth, 2000, 200, c);
      return { concurrency: c, ttft: r.ttft, itl: r.itl, throughput: r.throughput };
    });
    const fit = fitEngine(table, { input: 2000, output: 200, combine: "max", rows: [1, 16, 96], chunkTokens: 2048 });
    for (const m of ["ttft", "itl", "throughput"] as const) expect(fit.maxRelativeError[m], m).toBeLessThan(0.02);
    expect(Math.abs(fit.engine.maxSequences - 48)).toBeLessThanOrEqual(2);
  });

  it("the shipped NIM engines predict the rows they were not fitted on as the README says (ITL 2%, throughput 1%, TTFT 25%, and 5% at saturation)", () => {
    const shipped = JSON.parse(readFileSync(join(ROOT, "scenarios/data/llm-throughput/nim-llama-3.3-70b-2xh100.engines.json"), "utf8"));
    const lines = readFileSync(join(ROOT, "scenarios/data/llm-throughput/nim-llama-3.3-70b-2xh100.csv"), "utf8").trim().split("\n").slice(1);
    for (const form of ["max", "sum"]) {
      const { engine } = shipped[form];
      for (const line of lines) {
        const [c, tokens, , ttft, itl] = line.split(",").map(Number) as [number, number, number, number, number];
        if ([1, 50, 250].includes(c)) continue; // the rows fitted on
        const p = closedLoop({ ...engine, chunkTokens: engine.chunkTokens ?? null, kvTokens: null }, 5000, 500, c);
        expect(Math.abs(p.itl / (itl / 1000) - 1), `${form} ITL at ${c}`).toBeLessThan(0.02);
        expect(Math.abs(p.throughput / tokens - 1), `${form} throughput at ${c}`).toBeLessThan(0.01);
        expect(Math.abs(p.ttft / (ttft / 1000) - 1), `${form} TTFT at ${c}`).toBeLessThan(c >= 100 ? 0.05 : 0.25); // at saturation the queue for S slots dominates
      }
    }
  });
});

describe("lbsim fit", () => {
  it("prints every row predicted against measured and the errors, and --json the documented shape", () => {
    const dir = tempDir();
    const table = join(dir, "t.csv");
    writeFileSync(table, "concurrency,ttft_ms,itl_ms,output_tokens_per_s\n1,120,20,48\n8,150,24,320\n32,400,40,780\n64,3000,60,1000\n");
    const r = cli(["fit", table, "--input", "1000", "--output", "100", "--rows", "1,8,64", "--chunk-tokens", "1024", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.engine.kind).toBe("llm");
    expect(out.rows.map((x: { concurrency: number }) => x.concurrency)).toEqual([1, 8, 32, 64]);
    expect(out.rows.map((x: { fitted: boolean }) => x.fitted)).toEqual([true, true, false, true]);
    for (const k of ["ttft", "itl", "throughput"]) expect(out.maxRelativeError[k]).toBeGreaterThanOrEqual(0);
    const text = cli(["fit", table, "--input", "1000", "--output", "100", "--rows", "1,8,64", "--chunk-tokens", "1024"]);
    expect(text.stdout).toMatch(/largest error, rows not fitted on: TTFT [\d.]+%, ITL [\d.]+%, throughput [\d.]+%/);
  });

  it("refuses a table without the needed columns, too few rows, an unknown row, missing token counts", () => {
    const dir = tempDir();
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "concurrency,ttft_ms,output_tokens_per_s\n1,120,48\n");
    let r = cli(["fit", bad, "--input", "1000", "--output", "100"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("itl_ms");
    const good = join(dir, "good.csv");
    writeFileSync(good, "concurrency,ttft_ms,itl_ms,output_tokens_per_s\n1,120,20,48\n8,150,24,320\n");
    r = cli(["fit", good, "--input", "1000", "--output", "100", "--rows", "1"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--rows: 1 row\(s\) give 3 measurements for 4 parameters/);
    r = cli(["fit", good, "--input", "1000", "--output", "100", "--rows", "1,3"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/concurrency 3 is not a row/);
    r = cli(["fit", good]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--input and --output are required/);
  });
});
