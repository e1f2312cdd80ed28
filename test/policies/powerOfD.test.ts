// Power of d choices against its mean-field limit (Mitzenmacher 1996; Vvedenskaya, Dobrushin &
// Karpelevich 1996), on instant state: N rate-1 servers, Poisson λN, exponential sizes.
import { describe, expect, it } from "vitest";
import { metric, replicate, scenarioFrom, tInterval } from "../helpers.ts";

const N = 1000;
const R = 10;
/**
 * Finite-N allowance: the mean-field sojourn is the N → ∞ limit; at N = 1000 the O(1/N) bias is
 * well under 1% (Mitzenmacher's simulations at N = 100 are already within about 1%), so the
 * estimate may miss it by its 99.9% half-width plus 1% of the value.
 */
const FINITE_N_ALLOWANCE = 0.01;

/** E[T] = Σ_{i≥1} λ^{(d^i − d)/(d − 1)} (mean-field sojourn of power-of-d with rate-1 servers). */
export function powerOfDMeanSojourn(lambda: number, d: number): number {
  let sum = 0;
  for (let i = 1; ; i++) {
    const term = Math.pow(lambda, (Math.pow(d, i) - d) / (d - 1));
    sum += term;
    if (term < 1e-15) return sum;
  }
}

function farm(lambda: number, policy: Record<string, unknown>, horizon = 300, warmup = 50) {
  return scenarioFrom({
    name: "server-farm",
    seed: 7,
    horizon,
    warmup,
    frontends: [{ id: "fe", arrivals: { kind: "poisson", rate: lambda * N } }],
    backends: Array.from({ length: N }, (_, j) => ({ id: `s${j}`, curve: { kind: "linear-capped", rate: 1, slots: 1 } })),
    feedback: { mode: "instant" },
    policy,
  });
}

describe("pod on instant state reaches the mean-field sojourn at N = 1000", () => {
  it("the formula gives the published 2.6141 at d = 2, λ = 0.9", () => {
    expect(powerOfDMeanSojourn(0.9, 2)).toBeCloseTo(2.6141, 4);
  });

  for (const [d, lambda] of [
    [2, 0.9],
    [3, 0.9],
    [2, 0.7],
  ] as const) {
    it(`d = ${d}, λ = ${lambda}: mean-field value inside the 99.9% interval plus the finite-N allowance, and within 3%`, () => {
      const theory = powerOfDMeanSojourn(lambda, d);
      const { mean, halfWidth } = tInterval(metric(replicate(farm(lambda, { kind: "pod", d }), R), "latency.mean"));
      expect(Math.abs(mean - theory)).toBeLessThanOrEqual(halfWidth + FINITE_N_ALLOWANCE * theory);
      expect(Math.abs(mean - theory) / theory).toBeLessThan(0.03);
    });
  }

  it("JSQ on the same instant state beats pod (d = 2) beyond both 99.9% intervals", () => {
    const jsq = tInterval(metric(replicate(farm(0.9, { kind: "jsq" }, 60, 20), 4), "latency.mean"));
    const pod = tInterval(metric(replicate(farm(0.9, { kind: "pod", d: 2 }, 60, 20), 4), "latency.mean"));
    expect(jsq.mean + jsq.halfWidth).toBeLessThan(pod.mean - pod.halfWidth);
  });
});
