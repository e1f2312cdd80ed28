// The network legs a request pays are its pair's delays, whether the engine reads them as delay classes (in transit FIFOs, or one heap past 64 delays) or, beyond 4,096 distinct one-way delays, from the matrices.
import { describe, it } from "vitest";
import { expectInInterval, metric, replicate, scenarioFrom } from "../helpers.ts";

/**
 * F frontends × B backends at equal Poisson rates under uniform random routing: a request's
 * network time is d_ij + d_ji of a uniformly drawn pair, so latency.network.mean is the mean of
 * d_ij + d_ji over all pairs (backends far from saturation, so nothing is in flight long).
 */
function fleet(F: number, B: number, delayMs: (i: number, j: number) => [number, number]) {
  const oneWay: Record<string, Record<string, number>> = {};
  const back: Record<string, Record<string, number>> = {};
  let sum = 0;
  for (let i = 0; i < F; i++) {
    oneWay[`f${i}`] = {};
    back[`f${i}`] = {};
    for (let j = 0; j < B; j++) {
      const [o, r] = delayMs(i, j);
      oneWay[`f${i}`]![`b${j}`] = o;
      back[`f${i}`]![`b${j}`] = r;
      sum += (o + r) / 1000;
    }
  }
  const s = scenarioFrom({
    horizon: 4,
    warmup: 1,
    frontends: Array.from({ length: F }, (_, i) => ({ id: `f${i}`, arrivals: { kind: "poisson", rate: 2000 / F } })),
    backends: Array.from({ length: B }, (_, j) => ({ id: `b${j}`, curve: { kind: "linear-capped", rate: 50, slots: 8 } })),
    latency: { unit: "ms", oneWay, back },
    policy: { kind: "random" },
  });
  return { s, theory: sum / (F * B) };
}

describe("network delays", () => {
  it("with a few distinct delays (delay classes and transit FIFOs), latency.network.mean is the pairs' mean round trip", () => {
    const { s, theory } = fleet(4, 50, (i, j) => [5 + ((i + j) % 4) * 20, 7 + ((i * 3 + j) % 5) * 11]);
    expectInInterval(metric(replicate(s, 5), "latency.network.mean"), theory, "network mean, delay classes");
  });

  it("with 1,000 distinct one-way delays, mirrored back (one shared class a pair; requests in transit in one heap), the same", () => {
    const { s, theory } = fleet(4, 250, (i, j) => {
      const d = 2 + (i * 250 + j) * 0.1;
      return [d, d];
    });
    expectInInterval(metric(replicate(s, 5), "latency.network.mean"), theory, "network mean, transit heap");
  });

  it("with 5,000 distinct one-way delays (more than a delay class holds: the engine reads the matrices), the same", () => {
    const { s, theory } = fleet(5, 1000, (i, j) => [1 + (i * 1000 + j) * 0.02, 3 + ((i * 7 + j) % 13) * 9]);
    expectInInterval(metric(replicate(s, 5), "latency.network.mean"), theory, "network mean, matrices");
  });
});
