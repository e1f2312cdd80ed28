// Join the shortest (observed) queue, optionally normalized by capacity.
import * as z from "zod";
import { GreedyChoice } from "./greedyChoice.ts";
import { capacityWeight, policyKind, type PolicyContext } from "./policy.ts";
import { boolean, strict } from "../input/fieldSchemas.ts";

export const jsq = policyKind({
  kind: "jsq",
  readsState: true,
  schema: strict({ kind: z.literal("jsq"), normalized: boolean("divide each received count by the backend's capacity (sup mu)").default(false) }),
  make: (ctx, spec) => new ShortestQueue(ctx, spec.normalized),
});

class ShortestQueue extends GreedyChoice {
  private readonly weights: Float64Array;

  constructor(ctx: PolicyContext, normalized: boolean) {
    super("jsq", ctx, true, true);
    this.weights = Float64Array.from(ctx.scenario.backends, (_, j) => (normalized ? capacityWeight(ctx.scenario, j) : 1));
  }

  protected scores(i: number, backends: Int32Array, counts: Float64Array | null, values: Float64Array, count: number): void {
    const w = this.weights;
    for (let a = 0; a < count; a++) values[a] = this.heldCount(i, backends, counts, a) / w[backends[a]!]!;
  }
}
