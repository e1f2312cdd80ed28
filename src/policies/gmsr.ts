// Greatest marginal service rate: argmax_j mu'_j(n̂_j); ignores network latency.
import * as z from "zod";
import { GreedyChoice } from "./greedyChoice.ts";
import { policyKind, type PolicyContext } from "./policy.ts";
import { strict } from "../input/fieldSchemas.ts";

export const gmsr = policyKind({
  kind: "gmsr",
  readsState: true,
  schema: strict({ kind: z.literal("gmsr") }),
  make: (ctx) => new GreatestMarginalRate(ctx),
});

class GreatestMarginalRate extends GreedyChoice {
  constructor(ctx: PolicyContext) {
    super("gmsr", ctx, true, true);
  }

  protected scores(i: number, backends: Int32Array, counts: Float64Array | null, values: Float64Array, count: number): void {
    const curves = this.curves;
    for (let a = 0; a < count; a++) values[a] = -curves[backends[a]!]!.derivative(this.heldCount(i, backends, counts, a));
  }
}
