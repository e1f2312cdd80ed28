// DGD-LB's gradient used greedily: argmin_j g_ij = d_ij + d_ji + s_i/mu'_j(n̂_j). Shows herding.
import * as z from "zod";
import { greedyPolicy } from "./greedyChoice.ts";
import { guardedSlope, marginalRateFloors, policyKind, type PolicyContext } from "./policy.ts";
import { strict } from "../input/fieldSchemas.ts";

export const marginalGreedy = policyKind({ kind: "marginal-greedy", readsState: true, schema: strict({ kind: z.literal("marginal-greedy") }), make: (ctx) => greedyOnGradient(ctx) });

function greedyOnGradient(ctx: PolicyContext) {
  const { scenario } = ctx;
  const B = scenario.backends.length;
  const curves = scenario.backends.map((b) => b.curve);
  const floors = marginalRateFloors(scenario);
  return greedyPolicy("marginal-greedy", ctx, (i, j) => {
    const slope = guardedSlope(curves[j]!, ctx.state.count(i, j), floors[j]!);
    return scenario.oneWay[i * B + j]! + scenario.back[i * B + j]! + ctx.sizes.mean(i) / slope;
  });
}
