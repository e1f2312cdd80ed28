// What a frontend knows of its mean request size s_i when it decides: causal, never the future.
import type { Frontend } from "./scenario.ts";
import { meanRequestSize, type Scenario } from "./scenario.ts";
import { carriedSizes } from "../random/arrivals/registry.ts";

/** s_i as a policy may read it at decision time. */
export interface KnownRequestSize {
  mean(frontend: number): number;
}

/**
 * The mean a frontend may assume before seeing any request: the size law's mean (declared in
 * the scenario), or a trace's declared `meanSize`; null for a trace that carries sizes and
 * declares no mean (the frontend then learns it from its own requests).
 */
export function declaredMeanSize(f: Frontend): number | null {
  const carried = carriedSizes(f.arrivals);
  return carried ? carried.declaredMean : f.sizes.mean;
}

/** Before a frontend without a declared mean has seen a request, it assumes one work unit. */
export const PRIOR_MEAN_SIZE = 1;

/**
 * The stochastic engine's view: the declared mean where there is one, else the running mean of
 * the sizes of the frontend's requests born so far (observed after each is routed, so a request
 * never informs its own routing). O(1) per request.
 */
export class RunningMeanSize implements KnownRequestSize {
  private readonly declared: Float64Array;
  private readonly sum: Float64Array;
  private readonly count: Float64Array;

  /** Whether some frontend learns its mean from its requests: otherwise observe() need not be called. */
  readonly learns: boolean;

  constructor(scenario: Scenario) {
    const F = scenario.frontends.length;
    this.declared = Float64Array.from(scenario.frontends, (f) => declaredMeanSize(f) ?? NaN);
    this.sum = new Float64Array(F);
    this.count = new Float64Array(F);
    this.learns = this.declared.some((d) => d !== d);
  }

  /** Records a request born at the frontend, after it was routed. */
  observe(frontend: number, size: number): void {
    this.sum[frontend]! += size;
    this.count[frontend]!++;
  }

  mean(frontend: number): number {
    const d = this.declared[frontend]!;
    if (d === d) return d;
    const n = this.count[frontend]!;
    return n > 0 ? this.sum[frontend]! / n : PRIOR_MEAN_SIZE;
  }
}

/** The model's view (fluid model, optimum): each frontend's mean size over the horizon. */
export function fixedMeanSizes(scenario: Scenario): KnownRequestSize {
  return new FixedMeanSizes(Float64Array.from(scenario.frontends, (f) => meanRequestSize(f, scenario.horizon)));
}

/**
 * A class, not an object with a closure: DGD-LB's update calls `mean`, and a closure made anew for
 * each fluid run was a new call target at every run after the first, which threw the compiled
 * update and integrator away (a critical-step search recompiled both, about 0.1 s of CPU).
 */
class FixedMeanSizes implements KnownRequestSize {
  constructor(private readonly sizes: Float64Array) {}

  mean(frontend: number): number {
    return this.sizes[frontend]!;
  }
}
