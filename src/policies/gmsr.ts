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
    super("gmsr", ctx);
  }

  protected score(i: number, j: number): number {
    return -this.curves[j]!.derivative(this.state.count(i, j));
  }
}
