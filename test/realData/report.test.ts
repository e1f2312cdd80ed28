// The outage scenario conserves requests and recovers; the report is valid, self-contained HTML showing it.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HtmlValidate } from "html-validate";
import { cli, ROOT, tempDir } from "../helpers.ts";
import { gatherReport } from "../../src/report/reportData.ts";
import { loadScenario } from "../../src/scenario/loadScenario.ts";

describe("outage scenario and HTML report", { timeout: 120_000 }, () => {
  it("loses no request through the Tokyo outage (arrived = completed + in flight)", () => {
    const r = JSON.parse(cli(["run", "scenarios/llm-geo-outage.json", "--replications", "3", "--json"]).stdout);
    expect(r.counts.arrived).toBeGreaterThan(45000);
    expect(r.counts.arrived).toBe(r.counts.completed + r.counts.inFlight);
  });

  it("the report's queue trajectory shows the outage build-up and the recovery", async () => {
    const d = await gatherReport(loadScenario(join(ROOT, "scenarios/llm-geo-outage.json")), { replications: 2, workers: 1 }, ["jsq"]);
    const tokyo = d.series.queues.filter((q) => q.backend === "tokyo-h100");
    const mean = (from: number, to: number) => {
      const xs = tokyo.filter((q) => q.time > from && q.time <= to).map((q) => q.inSystem);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    const before = mean(200, 300);
    const during = Math.max(...tokyo.filter((q) => q.time > 300 && q.time <= 360).map((q) => q.inSystem));
    const after = mean(450, 600);
    expect(during).toBeGreaterThan(3 * before);
    expect(after).toBeLessThan(1.5 * before);
  });

  it("writes valid HTML with inline SVG charts and no external references", async () => {
    const out = join(tempDir(), "report.html");
    const r = cli(["report", "scenarios/llm-geo-outage.json", "--out", out, "--replications", "3", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(out, "utf8");
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ out, bytes: Buffer.byteLength(html), scenario: "llm-geo-outage" });
    expect(Object.keys(summary)).toEqual(expect.arrayContaining(["policy", "seed", "replications", "metrics", "comparison", "fluidOptimum"]));
    expect(summary.metrics["latency.mean"].estimate).toBeGreaterThan(0);
    const hv = new HtmlValidate({ extends: ["html-validate:standard", "html-validate:document"] });
    const report = await hv.validateString(html);
    expect(report.results.flatMap((x) => x.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
    expect((await hv.validateString("<!DOCTYPE html><html><body><p><div></p>")).valid).toBe(false); // the validator does reject
    expect(html).not.toMatch(/https?:\/\/|\bsrc=|\bhref=|url\(|<script|<link/i);
    for (const section of ["Routing shares over time", "Queue trajectories", "Latency distribution", "Per region", "Policy comparison"]) expect(html).toContain(`<h2>${section}</h2>`);
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(html).toContain("tokyo-h100 ×0 from 300 s to 360 s");
    expect(html).toMatch(/time \(s\)/); // axes carry units
    // the sentence on state-aware routing against the best static split, from the comparison's own estimates
    const sed = summary.comparison.policies.sed.metrics["latency.mean"].estimate;
    const fixed = summary.comparison.policies["static-optimal"].metrics["latency.mean"].estimate;
    // llm-geo-outage samples its arrivals: no policy is deterministic across replications, so no "half-width of 0" sentence
    expect(html).not.toContain("half-width of 0");
    expect(html).toContain(sed < fixed ? "State-aware routing beats every static split here" : "above static-optimal&#39;s, the best fixed split");
  });
});
