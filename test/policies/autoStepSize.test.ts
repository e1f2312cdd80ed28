// DGD-LB's "auto" step (docs/model.md section 5): half the critical step keeps it near the optimum
// where a hand-picked step three times the critical one oscillates; run and compare warn about the latter.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { ROOT, cli, metric, replicate, tInterval, tempDir, wideFleetSpec, writeJson } from "../helpers.ts";
import { setWorkNoticeListener } from "../../src/input/workNotice.ts";
import { loadScenario } from "../../src/scenario/loadScenario.ts";
import { stabilityResult } from "../../src/api/stabilityResult.ts";
import { PILOT_FRACTIONS, PILOT_MULTIPLES_WITHOUT_BOUND, PILOT_REQUESTS, PILOT_UPDATE_ENTRIES, pilotHorizon } from "../../src/stepSize/stepSizePilot.ts";

const R = 5;
const file = join(ROOT, "scenarios", "geo-large-latency.json");
const meanLatency = (policy: string, overrides: string[] = []) => metric(replicate(loadScenario(file, { policy, overrides }), R), "latency.mean");
/** Paired (common random numbers) differences a − b per replication, as a 99.9% t interval. */
const paired = (a: number[], b: number[]) => tInterval(a.map((x, r) => x - b[r]!));

describe('stepSize "auto" on geo-large-latency (large latencies next to service times)', () => {
  const critical = stabilityResult(loadScenario(file)).criticalStepSize;
  const staticOptimal = meanLatency("static-optimal");
  const auto = meanLatency("dgd-lb", ['policy.stepSize="auto"']);
  const L = tInterval(staticOptimal).mean;

  it("resolves to the pilot's fraction of the critical step and reports the pilot", () => {
    const s = loadScenario(file, { overrides: ['policy.stepSize="auto"'] });
    const choice = s.stepSizeChoice!;
    expect(Math.abs(choice.criticalStepSize / critical - 1)).toBeLessThan(0.02);
    expect(choice.fractionFrom).toBe("pilot");
    const pilot = choice.pilot!;
    expect(pilot.candidates.map((c) => c.fraction)).toEqual([...PILOT_FRACTIONS]);
    // the largest fraction within 0.5% of the lowest mean latency
    const best = Math.min(...pilot.candidates.map((c) => c.latencyMean!));
    expect(choice.autoFraction).toBe(pilot.candidates.find((c) => c.latencyMean! <= best * 1.005)!.fraction);
    expect(choice.stepSize).toBeCloseTo(choice.autoFraction * choice.criticalStepSize, 12);
    expect(s.policy.kind === "dgd-lb" && s.policy.stepSize).toBe(choice.stepSize);
    expect(choice.why).toMatch(/best of 8 pilot runs/);
    expect(pilot.seed).not.toBe(s.seed); // not replication 0's random numbers
  });

  it("an autoFraction given skips the pilot and uses that fraction", () => {
    const s = loadScenario(file, { overrides: ['policy.stepSize="auto"', "policy.autoFraction=0.25"] });
    expect(s.stepSizeChoice!.fractionFrom).toBe("autoFraction");
    expect(s.stepSizeChoice!.pilot).toBeUndefined();
    expect(s.stepSizeChoice!.stepSize).toBeCloseTo(0.25 * s.stepSizeChoice!.criticalStepSize, 12);
  });

  it("3× the critical step oscillates (more than 10% above static-optimal); auto's excess is under 2%, and under 3% at the 99.9% upper bound", () => {
    const tooLarge = meanLatency("dgd-lb", [`policy.stepSize=${3 * critical}`]);
    const bad = paired(tooLarge, staticOptimal);
    expect((bad.mean - bad.halfWidth) / L).toBeGreaterThan(0.1);
    const good = paired(auto, staticOptimal);
    expect(good.mean / L).toBeLessThan(0.02);
    expect((good.mean + good.halfWidth) / L).toBeLessThan(0.03);
  });

  it("auto beats sed with a paired 99.9% interval excluding 0", () => {
    const d = paired(meanLatency("sed"), auto);
    expect(d.mean - d.halfWidth).toBeGreaterThan(0);
  });

  it("run warns on stderr when the given step is above the critical one, and not below it", () => {
    const args = ["run", "scenarios/geo-large-latency.json", "--set", "horizon=30", "--set", "warmup=5", "--json"];
    const above = cli([...args, "--set", `policy.stepSize=${3 * critical}`]);
    expect(above.status).toBe(0);
    expect(above.stderr).toMatch(/^warning: stepSize [\d.]+ is above this scenario's critical step 1\.4: DGD-LB will oscillate; use "auto"/);
    const below = cli([...args, "--set", "policy.stepSize=0.05"]);
    expect(below.stderr).toBe("");
  });
});

describe('stepSize "auto" where the fluid search has no answer', () => {
  it("linear curves (no curvature at the optimum: stable at every step) use the 1/(Λ·max(τ, Δ)) scale and say why", () => {
    const s = loadScenario({
      horizon: 100,
      warmup: 10,
      frontends: [{ id: "fe", arrivals: { kind: "poisson", rate: 10 } }],
      backends: [
        { id: "a", curve: { kind: "linear-capped", rate: 1, slots: 20 } },
        { id: "b", curve: { kind: "linear-capped", rate: 1, slots: 20 } },
      ],
      latency: { unit: "ms", oneWay: { fe: { a: 20, b: 30 } } },
      policy: { kind: "dgd-lb" },
    });
    const choice = s.stepSizeChoice!;
    expect(choice.method).toBe("1/(Λ·max(τ, Δ))");
    expect(choice.reason).toMatch(/stays stable at every step/);
    // Λ = 10 requests/s, max(τ_max = 60 ms, Δ = 0.1 s) = 0.1 s
    expect(choice.criticalStepSize).toBeCloseTo(1, 12);
    // no fluid bound: the pilot tries large multiples of the scale too
    const tried = choice.pilot!.candidates.map((c) => c.fraction);
    expect(tried.filter((f) => (PILOT_MULTIPLES_WITHOUT_BOUND as readonly number[]).includes(f))).toEqual([...PILOT_MULTIPLES_WITHOUT_BOUND]);
    expect(tried.length).toBeLessThanOrEqual(PILOT_MULTIPLES_WITHOUT_BOUND.length + 4); // extended past an end only while the best is there
    expect(s.policy.kind === "dgd-lb" && s.policy.stepSize).toBeCloseTo(choice.autoFraction, 12);
    expect(choice.why).toMatch(/gives no critical step/);
  });

  it("the documented example (an outage in its capacity schedule) without stepSize: the search ignores the outage and finds a step", () => {
    const s = loadScenario({
      horizon: 600,
      warmup: 60,
      frontends: [
        { id: "us-east", arrivals: { kind: "poisson", rate: 40 } },
        { id: "eu-west", arrivals: { kind: "poisson", rate: 25 }, backends: ["eu", "us"] },
      ],
      backends: [
        { id: "us", curve: { kind: "saturating", max: 60, half: 8 } },
        { id: "eu", curve: { kind: "linear-capped", rate: 5, slots: 8 }, capacitySchedule: [{ from: 300, to: 360, multiplier: 0 }] },
      ],
      latency: { unit: "ms", oneWay: { "us-east": { us: 5, eu: 40 }, "eu-west": { us: 40, eu: 4 } }, back: null, jitter: null },
      policy: { kind: "dgd-lb", updateInterval: 0.1 },
    });
    expect(s.stepSizeChoice!.method).toBe("fluid bisection");
    // eu's linear-capped curve has its kink at the optimum, where DGD-LB chatters at any step: the threshold is
    // where the chatter outgrows the trial's perturbation, not a sharp η_c, so the check is the fleet's scale
    // 1/(Λ·max(τ, Δ)) = 1/(65 · 0.1) within a factor 16 either way
    const scale = 1 / (65 * 0.1);
    expect(s.stepSizeChoice!.criticalStepSize).toBeGreaterThan(scale / 16);
    expect(s.stepSizeChoice!.criticalStepSize).toBeLessThan(scale * 16);
  });
});

describe("the pilot's horizon", () => {
  const fleet = (F: number, B: number, rate: number, horizon: number, warmup = 0) =>
    loadScenario(wideFleetSpec(F, B, rate, { name: "wide", horizon, warmup, policy: { kind: "dgd-lb", stepSize: 0.01, updateInterval: 0.1 } }));

  it("is cut by DGD-LB's updates on a wide fleet with little traffic, by requests on a busy one, and never below the warm-up plus a tenth", () => {
    // 50 × 500 pairs updated ten times a second: 2.5·10^5 entries/s, 60,000 requests in 600 s
    expect(pilotHorizon(fleet(50, 500, 2, 600))).toEqual({ horizon: PILOT_UPDATE_ENTRIES / 2.5e5, warmup: 0 });
    // 4 × 10 pairs (400 entries/s) at 1,000 requests/s: the requests bind
    expect(pilotHorizon(fleet(4, 10, 250, 2000)).horizon).toBeCloseTo(PILOT_REQUESTS / 1000, 9);
    // a small fleet over a short horizon is run whole
    expect(pilotHorizon(fleet(4, 10, 1, 500)).horizon).toBe(500);
    // the warm-up floor: 500 s of warm-up leave 500 + 0.1 × 100 s however wide the fleet
    expect(pilotHorizon(fleet(50, 500, 2, 600, 500)).horizon).toBeCloseTo(510, 9);
  });
});

describe("DGD-LB where it is: the shipped scenarios and a large fleet, against static-optimal and sed", () => {
  const excess = (scenario: string, overrides: string[], R: number, against = "static-optimal") => {
    const path = join(ROOT, "scenarios", scenario);
    const dgd = metric(replicate(loadScenario(path, { overrides }), R), "latency.mean");
    const other = metric(replicate(loadScenario(path, { policy: against, overrides }), R), "latency.mean");
    const d = paired(dgd, other);
    return { mean: d.mean / tInterval(other).mean, upper: (d.mean + d.halfWidth) / tInterval(other).mean };
  };

  it("geo-large-latency at scale 20: auto within 1% of static-optimal (99.9% upper bound) and ahead of sed", () => {
    const big = ["scale=20", "horizon=200", "warmup=60", 'policy.stepSize="auto"'];
    expect(excess("geo-large-latency.json", big, 4).upper).toBeLessThan(0.01);
    expect(excess("geo-large-latency.json", big, 4, "sed").upper).toBeLessThan(0);
  });

  it("the flagship (llm-geo) with its shipped settings: DGD-LB within 2% of static-optimal", () => {
    expect(excess("llm-geo.json", [], 3).upper).toBeLessThan(0.02);
  });

  it("three-regions with its shipped settings: DGD-LB within 4% of static-optimal", () => {
    expect(excess("three-regions.json", [], 5).upper).toBeLessThan(0.04);
  });
});

describe('stepSize "auto" on a large fleet', () => {
  // 50 × 50 routes: beyond what the up-front step check reads, so "auto" says what it is doing
  const spec = wideFleetSpec(50, 50, 2, {
    name: "wide",
    seed: 3,
    horizon: 20,
    warmup: 2,
    feedback: { mode: "periodic", interval: 0.1 },
    policy: { kind: "dgd-lb", stepSize: "auto", updateInterval: 0.1 },
  });

  it("says what it is doing through workNotice, first and last", () => {
    const lines: string[] = [];
    setWorkNoticeListener((line) => lines.push(line));
    let s;
    try {
      s = loadScenario(structuredClone(spec));
    } finally {
      setWorkNoticeListener(null);
    }
    expect(lines[0]).toMatch(/^DGD-LB stepSize "auto" with 50 frontends × 50 backends: finding the critical step and piloting step sizes/);
    const chosen = s.policy.kind === "dgd-lb" ? s.policy.stepSize : NaN;
    expect(lines.at(-1)).toBe(`DGD-LB stepSize "auto": ${Number((chosen as number).toPrecision(3))}, chosen in ${lines.at(-1)!.match(/in ([\d.]+) s$/)![1]} s`);
  }, 120_000);

  it("lbsim run puts those lines on stderr, outside a terminal too", () => {
    const path = writeJson(tempDir(), "wide.json", spec);
    const r = cli(["run", path, "--json"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/DGD-LB stepSize "auto" with 50 frontends × 50 backends/);
    expect(r.stderr).toMatch(/chosen in [\d.]+ s/);
    expect(JSON.parse(r.stdout).scenario).toBe("wide");
  }, 120_000);
});
