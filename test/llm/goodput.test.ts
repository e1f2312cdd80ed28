// `lbsim goodput` against M/M/1 theory, with several SLOs and with an attainment; `plan` with several SLOs.
import { describe, expect, it } from "vitest";
import { cli, tempDir, writeJson } from "../helpers.ts";

const llm = () => ({
  name: "llm-one",
  horizon: 150,
  warmup: 15,
  frontends: [{ id: "f", arrivals: { kind: "poisson", rate: 3 } }],
  backends: [
    { id: "a", engine: { kind: "llm", stepBase: 0.01, stepPerSequence: 0.0003, stepPerToken: 0.00004, maxSequences: 32 } },
    { id: "b", engine: { kind: "llm", stepBase: 0.01, stepPerSequence: 0.0003, stepPerToken: 0.00004, maxSequences: 32 } },
  ],
  tokens: { input: { kind: "lognormal", mean: 800, cv: 1 }, output: { kind: "exponential", mean: 150 } },
  policy: { kind: "jsq" },
});

describe("lbsim goodput", () => {
  it("M/M/1: the highest rate whose mean latency's upper bound is 2 s lies just below λ* = μ − 1/2 = 0.5 (and the next load tried misses)", () => {
    const r = cli(["goodput", "scenarios/mm1.json", "--slo", "latency.mean=2", "--replications", "10", "--set", "horizon=20000", "--set", "warmup=500", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout).policies.random;
    expect(p.rate).toBeLessThanOrEqual(0.5);
    expect(p.rate).toBeGreaterThan(0.45); // the interval's width at 10 × 20,000 s keeps it within 10%
    expect(p.metrics["latency.mean"].estimate + p.metrics["latency.mean"].halfWidth).toBeLessThanOrEqual(2);
    expect(p.missedAt / p.load).toBeLessThanOrEqual(1.011);
  });

  it("LLM engines: every SLO holds at the load found (TTFT and TPOT p99), and with --attainment the lower bound of the attainment does", () => {
    const file = writeJson(tempDir(), "s.json", llm());
    const r = cli(["goodput", file, "--slo", "ttft.p99=0.5", "--slo", "tpot.p99=0.03", "--replications", "4", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout).policies.jsq;
    expect(p.load).toBeGreaterThan(0.5);
    for (const [k, target] of [
      ["ttft.p99", 0.5],
      ["tpot.p99", 0.03],
    ] as const)
      expect(p.metrics[k].estimate + p.metrics[k].halfWidth).toBeLessThanOrEqual(target);
    const a = cli(["goodput", file, "--slo", "ttft=0.5", "--slo", "tpot=0.03", "--attainment", "0.9", "--replications", "4", "--json"]);
    expect(a.status, a.stderr).toBe(0);
    const q = JSON.parse(a.stdout).policies.jsq;
    expect(q.metrics["slo.attainment"].estimate - q.metrics["slo.attainment"].halfWidth).toBeGreaterThanOrEqual(0.9);
    expect(q.metrics.goodput.estimate).toBeGreaterThan(0);
  });

  it("refuses a missing or malformed --slo, an --attainment outside (0, 1), an unknown metric", () => {
    const file = writeJson(tempDir(), "s.json", llm());
    for (const [args, says] of [
      [[], /--slo is required/],
      [["--slo", "ttft.p99"], /METRIC=VALUE/],
      [["--slo", "ttft=1", "--attainment", "1.5"], /fraction in \(0, 1\)/],
      [["--slo", "latency.p99=1", "--attainment", "0.9"], /per-request objective on ttft or tpot/],
      [["--slo", "ttft.p98=1"], /no metric "ttft.p98"/],
    ] as const) {
      const r = cli(["goodput", file, ...args, "--replications", "2"]);
      expect(r.status, `${args.join(" ")}: ${r.stdout}`).toBe(2);
      expect(r.stderr).toMatch(says);
    }
  });
});

describe("lbsim plan with several SLOs", () => {
  it("the plan meets every objective at the upper end of its interval and reports each", () => {
    const s = llm();
    (s.frontends[0]!.arrivals as { rate: number }).rate = 6;
    const file = writeJson(tempDir(), "s.json", s);
    const r = cli(["plan", file, "--slo", "ttft.p99=0.5", "--slo", "tpot.p99=0.02", "--replications", "3", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.slos).toEqual([
      { metric: "ttft.p99", target: 0.5 },
      { metric: "tpot.p99", target: 0.02 },
    ]);
    const plan = out.plans.jsq;
    expect(plan.meets).toBe(true);
    for (const o of out.slos) expect(plan.metrics[o.metric].estimate + plan.metrics[o.metric].halfWidth).toBeLessThanOrEqual(o.target);
  });
});
