// Trace-driven demand: replaying the Azure conversation trace reproduces its arrival count and mean size exactly.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cli, ROOT, tempDir } from "../helpers.ts";

function traceColumn(file: string, column: string): number[] {
  const [head, ...rows] = readFileSync(file, "utf8").trim().split(/\r?\n/);
  const k = head!.split(",").indexOf(column);
  return rows.map((r) => Number(r.split(",")[k]));
}

describe("trace replay (scenarios/llm-geo.json)", () => {
  it("every row of conv.csv arrives once, split over three frontends, and the work per request is its output tokens", () => {
    const tokens = traceColumn(join(ROOT, "scenarios/data/azure-llm-trace/conv.csv"), "output_tokens");
    const out = join(tempDir(), "trace.csv");
    // horizon past the last scaled arrival (3,502 s × 0.2) and long enough for every request to finish
    const r = cli(["run", "scenarios/llm-geo.json", "--set", "horizon=900", "--set", "warmup=0", "--trace", out, "--json"]);
    expect(r.status).toBe(0);
    const counts = JSON.parse(r.stdout).counts;
    expect(counts.arrived).toBe(tokens.length);
    expect(counts.completed).toBe(tokens.length);
    const sizes = traceColumn(out, "size");
    const frontends = new Set(
      readFileSync(out, "utf8")
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.split(",")[1]),
    );
    expect([...frontends].sort()).toEqual(["frankfurt", "tokyo", "washington-dc"]);
    expect(sizes).toHaveLength(tokens.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(tokens.reduce((a, b) => a + b, 0));
    expect([...sizes].sort((a, b) => a - b)).toEqual([...tokens].sort((a, b) => a - b));
  });
});
