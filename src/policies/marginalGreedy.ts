// DGD-LB's gradient used greedily: argmin_j g_ij = d_ij + d_ji + s_i/mu'_j(n̂_j). Shows herding.
import * as z from "zod";
import { GreedyChoice } from "./greedyChoice.ts";
import { guardedSlope, marginalRateFloors, policyKind, type PolicyContext } from "./policy.ts";
import { strict } from "../input/fieldSchemas.ts";

export const marginalGreedy = policyKind({ kind: "marginal-greedy", readsState: true, schema: strict({ kind: z.literal("marginal-greedy") }), make: (ctx) => new GreedyOnGradient(ctx) });

class GreedyOnGradient extends GreedyChoice {
  private readonly floors: Float64Array;

  constructor(ctx: PolicyContext) {
    super("marginal-greedy", ctx);
    this.floors = marginalRateFloors(ctx.scenario);
  }

  protected score(i: number, j: number): number {
    const slope = guardedSlope(this.curves[j]!, this.state.count(i, j), this.floors[j]!);
    const pair = i * this.B + j;
    return this.scenario.oneWay[pair]! + this.scenario.back[pair]! + this.sizes.mean(i) / slope;
  }
}
