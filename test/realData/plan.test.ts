// lbsim plan: the plan meets its SLO on fresh seeds, and one server fewer anywhere does not.
import { describe, expect, it } from "vitest";
import { cli } from "../helpers.ts";

// the demand-cycle fleet without its outage, 300 s: fast, and seeds matter (Poisson arrivals, sampled sizes)
const SCENARIO = ["scenarios/llm-geo-outage.json", "--set", "backends.2.capacitySchedule=[]", "--set", "horizon=300"];
const TARGET = 12;

describe("lbsim plan", { timeout: 120_000 }, () => {
  it("finds servers per region whose p99 upper bound meets the SLO; fresh seeds confirm; one fewer misses", () => {
    const r = cli(["plan", ...SCENARIO, "--slo", `latency.p99=${TARGET}`, "--replications", "5", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.slo).toEqual({ metric: "latency.p99", target: TARGET });
    const plan = out.plans["dgd-lb"];
    // the plan's own warnings: this test cuts the demand cycle at 300 s, mid-ramp, so queues still grow there
    for (const w of plan.warnings) expect(["in_flight", "queue_growth"]).toContain(w.code);
    expect(plan.meets).toBe(true);
    expect(plan.metric.estimate + plan.metric.halfWidth).toBeLessThanOrEqual(TARGET);
    expect(plan.total).toBe(Object.values(plan.servers as Record<string, number>).reduce((a, b) => a + b, 0));

    // fresh seeds, more replications: the plan still meets the SLO
    const servers = Object.values(plan.servers as Record<string, number>).flatMap((k, j) => ["--set", `backends.${j}.servers=${k}`]);
    const check = JSON.parse(cli(["run", ...SCENARIO, ...servers, "--seed", "2024", "--replications", "10", "--json"]).stdout);
    const p99 = check.metrics["latency.p99"];
    expect(p99.estimate + p99.halfWidth).toBeLessThanOrEqual(TARGET);

    // one server fewer in any region misses, or the output says it lies within the interval
    for (const [id, fewer] of Object.entries(plan.oneFewer as Record<string, { meets: boolean; withinInterval: boolean; servers: Record<string, number> }>)) {
      expect(fewer.meets, id).toBe(false);
      expect(typeof fewer.withinInterval).toBe("boolean");
      expect(fewer.servers[id]).toBe(plan.servers[id] - 1);
    }
  });

  it("rejects a malformed SLO with a clear error", () => {
    const r = cli(["plan", "scenarios/llm-geo.json", "--slo", "latency.p99"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: --slo must be METRIC=VALUE/);
  });
});
