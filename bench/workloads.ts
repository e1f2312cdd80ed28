// Benchmark workloads: M/M/1-PS and a geo fleet of any size, built as scenario objects.
import { loadScenario } from "../dist/scenario/loadScenario.js";
import type { Scenario } from "../dist/index.js";

export function mm1(requests: number): Scenario {
  return loadScenario({
    name: "mm1-ps",
    seed: 1,
    horizon: requests / 0.9,
    warmup: 0,
    frontends: [{ id: "f", arrivals: { kind: "poisson", rate: 0.9 } }],
    backends: [{ id: "b", curve: { kind: "linear-capped", rate: 1, slots: 1 } }],
    policy: { kind: "random" },
  });
}

/**
 * F frontends × B backends, latencies 5–80 ms, periodic feedback every 50 ms, total load 60% of
 * capacity (200 requests/s per backend): 1,920 requests/s in all at 4×16, 120,000 at 100×1000.
 */
export function geoFleet(F: number, B: number, requests: number, policy: Record<string, unknown>): Scenario {
  const rate = (0.6 * (B * 200)) / F;
  return loadScenario(geoFleetSpec(F, B, rate, requests / (F * rate), policy));
}

/**
 * The geoFleet's F × B topology and latencies with LLM engines instead of PS curves (docs/model.md
 * section 11): prompts of ~500 and outputs of ~100 tokens (exponential), up to 64 sequences an
 * engine, load 60% of the engines' equivalent capacity. What an LLM run costs per request against
 * the PS run of the same fleet.
 */
export function llmFleet(F: number, B: number, requests: number, policy: Record<string, unknown>): Scenario {
  const at = (rate: number, horizon: number) => {
    const spec = geoFleetSpec(F, B, rate, horizon, policy);
    spec.name = `llm-${F}x${B}`;
    spec.backends = Array.from({ length: B }, (_, j) => ({ id: `b${j}`, engine: { kind: "llm", stepBase: 0.01, stepPerSequence: 0.0002, stepPerToken: 0.00002, maxSequences: 64 } }));
    spec.tokens = { input: { kind: "exponential", mean: 500 }, output: { kind: "exponential", mean: 100 } };
    return loadScenario(spec);
  };
  const capacity = at(1, 1).backends[0]!.curve.sup; // requests/s of one engine
  const rate = (0.6 * capacity * B) / F;
  return at(rate, requests / (F * rate));
}

/**
 * A fleet as users build one for LLM serving (issue #31): F frontends × B backends with one-way
 * latencies measured to 0.1 ms (5–150 ms, over a thousand distinct values, return leg = one-way),
 * slow backends (saturating at 12 requests/s, half speed at 2 present), total load 60% of capacity
 * (7,200 requests/s at 100×1,000), periodic feedback every 0.1 s and, for DGD-LB, updates every 0.1 s
 * at a fifth of the step scale 1/(Λ·τ_max).
 */
export function realisticFleet(F: number, B: number, requests: number, policy: string): Scenario {
  return loadScenario(realisticFleetSpec(F, B, requests, policy));
}

export function realisticFleetSpec(F: number, B: number, requests: number, policy: string): Record<string, unknown> {
  const perBackend = 12;
  const rate = (0.6 * perBackend * B) / F;
  const oneWay: Record<string, Record<string, number>> = {};
  for (let i = 0; i < F; i++) {
    oneWay[`f${i}`] = {};
    // a fixed hash of (i, j): the same fleet in every run, latencies spread over 5–150 ms in 0.1 ms steps
    for (let j = 0; j < B; j++) oneWay[`f${i}`]![`b${j}`] = 5 + ((Math.imul(i * 1009 + j * 9176 + 1, 2654435761) >>> 0) % 1451) / 10;
  }
  const spec = geoFleetSpec(F, B, rate, requests / (F * rate), {});
  spec.name = `realistic-${F}x${B}`;
  spec.backends = Array.from({ length: B }, (_, j) => ({ id: `b${j}`, curve: { kind: "saturating", max: perBackend, half: 2 } }));
  spec.latency = { unit: "ms", oneWay };
  spec.feedback = { mode: "periodic", interval: 0.1 };
  spec.policy = policy === "dgd-lb" ? { kind: "dgd-lb", stepSize: 0.2 / (F * rate * 0.3), updateInterval: 0.1 } : { kind: policy };
  return spec;
}

/**
 * The realistic fleet's latencies and backends under a greedy policy (JSQ here) with F frontends of
 * B backends and the given feedback: what a greedy policy's refresh costs when the held counts change
 * many times between a frontend's requests (periodic with few frontends), once a response
 * (piggyback), or at every event in the fleet (instant).
 */
export function greedyFleet(F: number, B: number, requests: number, feedback: Record<string, unknown>): Scenario {
  const spec = realisticFleetSpec(F, B, requests, "jsq");
  spec.name = `jsq-${F}x${B}-${String(feedback.mode)}`;
  spec.feedback = feedback;
  return loadScenario(spec);
}

function geoFleetSpec(F: number, B: number, rate: number, horizon: number, policy: Record<string, unknown>): Record<string, unknown> {
  const oneWay: Record<string, Record<string, number>> = {};
  for (let i = 0; i < F; i++) {
    oneWay[`f${i}`] = {};
    for (let j = 0; j < B; j++) oneWay[`f${i}`]![`b${j}`] = 5 + ((i * 7 + j * 13) % 16) * 5;
  }
  return {
    name: `geo-${F}x${B}`,
    seed: 1,
    horizon,
    warmup: 0,
    frontends: Array.from({ length: F }, (_, i) => ({ id: `f${i}`, arrivals: { kind: "poisson", rate } })),
    backends: Array.from({ length: B }, (_, j) => ({ id: `b${j}`, curve: { kind: "saturating", max: 200, half: 40 } })),
    latency: { unit: "ms", oneWay },
    feedback: { mode: "periodic", interval: 0.05 },
    policy,
  };
}
