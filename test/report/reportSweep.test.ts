// `lbsim report --vary`: the page shows where each policy wins along the varied paths, and --json carries the sweep.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cli, tempDir } from "../helpers.ts";

/** A two-replication report of two-backends-symmetric beside sed, varying latency.scale over 1 and 4, and `more`. */
function smallReport(out: string, more: string[]): string[] {
  const base = ["report", "scenarios/two-backends-symmetric.json", "--set", "horizon=60", "--set", "warmup=5", "--replications", "2", "--policies", "sed"];
  return [...base, "--vary", "latency.scale=1,4", "--sweep-replications", "2", "--out", out, ...more];
}

describe("report with a sweep", () => {
  it("adds a 'Where each policy wins' section with the bands chart and one row per point", () => {
    const out = join(tempDir(), "r.html");
    const r = cli(smallReport(out, ["--json"]));
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.sweep.varied).toEqual(["latency.scale"]);
    expect(summary.sweep.points).toHaveLength(2);
    expect(Object.keys(summary.sweep.points[0].policies)).toEqual(["dgd-lb", "sed"]);
    const html = readFileSync(out, "utf8");
    expect(html).toContain("<h2>Where each policy wins</h2>");
    expect(html).toContain("latency.scale = 4");
    expect(html.match(/<svg /g)!.length).toBeGreaterThanOrEqual(5);
  });

  it("prints the sweep's table on stdout under the comparison (npm start's latency × load grid)", () => {
    const out = join(tempDir(), "r.html");
    const r = cli(smallReport(out, ["--vary", "load=0.5,0.8"]));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("sweep over latency.scale × load:");
    const rows = r.stdout.split("\n").filter((line) => /^(1|4)\s+0\.[58]\s+(dgd-lb|sed)\s+[\d.]+ ± [\d.]+/.test(line));
    expect(rows).toHaveLength(8); // 4 points × 2 policies
    expect(r.stdout.indexOf("sweep over")).toBeLessThan(r.stdout.indexOf("report written"));
  });
});

describe("report on a replayed trace", () => {
  it("explains a half-width of 0 (the same mean latency in every replication)", () => {
    const out = join(tempDir(), "r.html");
    const r = cli(["report", "scenarios/llm-geo.json", "--set", "horizon=200", "--set", "warmup=20", "--replications", "2", "--policies", "static-optimal,sed", "--out", out, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    const zero = Object.entries(summary.comparison.policies as Record<string, { metrics: Record<string, { halfWidth: number }> }>).filter(([, p]) => p.metrics["latency.mean"]!.halfWidth === 0);
    expect(zero.length).toBeGreaterThan(0);
    expect(readFileSync(out, "utf8")).toMatch(/ha(s|ve) a half-width of 0: (its|their) mean latency was the same in every replication/);
  });
});
