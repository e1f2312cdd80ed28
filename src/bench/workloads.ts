// Benchmark workloads: M/M/1-PS and a geo fleet of any size, built as scenario objects.
import { loadScenario } from "../scenario/loadScenario.ts";
import type { Scenario } from "../model/scenario.ts";

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
  const oneWay: Record<string, Record<string, number>> = {};
  for (let i = 0; i < F; i++) {
    oneWay[`f${i}`] = {};
    for (let j = 0; j < B; j++) oneWay[`f${i}`]![`b${j}`] = 5 + ((i * 7 + j * 13) % 16) * 5;
  }
  return loadScenario({
    name: `geo-${F}x${B}`,
    seed: 1,
    horizon: requests / (F * rate),
    warmup: 0,
    frontends: Array.from({ length: F }, (_, i) => ({ id: `f${i}`, arrivals: { kind: "poisson", rate } })),
    backends: Array.from({ length: B }, (_, j) => ({ id: `b${j}`, curve: { kind: "saturating", max: 200, half: 40 } })),
    latency: { unit: "ms", oneWay },
    feedback: { mode: "periodic", interval: 0.05 },
    policy,
  });
}
