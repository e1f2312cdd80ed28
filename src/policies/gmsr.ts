// Greatest marginal service rate: argmax_j mu'_j(n̂_j); ignores network latency.
import { greedyPolicy } from "./greedyChoice.ts";
import type { PolicyContext } from "./policy.ts";

export function gmsr(ctx: PolicyContext) {
  const curves = ctx.scenario.backends.map((b) => b.curve);
  return greedyPolicy("gmsr", ctx, (i, j) => -curves[j]!.derivative(ctx.state.count(i, j)));
}
