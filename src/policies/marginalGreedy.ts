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

  protected override scoreContext(i: number): number {
    return this.sizes.mean(i);
  }

  protected scores(i: number, backends: Int32Array, counts: Float64Array | null, values: Float64Array, count: number): void {
    const { oneWay, back } = this.scenario;
    const { curves, floors } = this;
    const size = this.sizes.mean(i);
    const base = i * this.B;
    for (let a = 0; a < count; a++) {
      const j = backends[a]!;
      const slope = guardedSlope(curves[j]!, this.heldCount(i, backends, counts, a), floors[j]!);
      values[a] = oneWay[base + j]! + back[base + j]! + size / slope;
    }
  }
}
