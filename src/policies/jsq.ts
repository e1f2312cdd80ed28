// Join the shortest (observed) queue, optionally normalized by capacity.
import { greedyPolicy } from "./greedyChoice.ts";
import { capacityWeight, type PolicyContext } from "./policy.ts";

export function jsq(ctx: PolicyContext) {
  const normalized = ctx.spec.normalized === true;
  const weights = Float64Array.from(ctx.scenario.backends, (_, j) => (normalized ? capacityWeight(ctx.scenario, j) : 1));
  return greedyPolicy("jsq", ctx, (i, j) => ctx.state.count(i, j) / weights[j]!);
}
