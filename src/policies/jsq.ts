// Join the shortest (observed) queue, optionally normalized by capacity.
import * as z from "zod";
import { greedyPolicy } from "./greedyChoice.ts";
import { capacityWeight, policyKind } from "./policy.ts";
import { boolean, strict } from "../input/fieldSchemas.ts";

export const jsq = policyKind({
  kind: "jsq",
  readsState: true,
  schema: strict({ kind: z.literal("jsq"), normalized: boolean("divide each received count by the backend's capacity (sup mu)").default(false) }),
  make(ctx, spec) {
    const weights = Float64Array.from(ctx.scenario.backends, (_, j) => (spec.normalized ? capacityWeight(ctx.scenario, j) : 1));
    return greedyPolicy("jsq", ctx, (i, j) => ctx.state.count(i, j) / weights[j]!);
  },
});
