// Least one-way latency d_ij; ties split at random.
import { greedyPolicy } from "./greedyChoice.ts";
import type { PolicyContext } from "./policy.ts";

export function nearest(ctx: PolicyContext) {
  const B = ctx.scenario.backends.length;
  // latencies never change: one computation per frontend
  return greedyPolicy("nearest", ctx, (i, j) => ctx.scenario.oneWay[i * B + j]!, () => 0, false);
}
