// Uniform over the allowed backends, or weighted by capacity (`"weights": "capacity"`).
import * as z from "zod";
import { fixedRouting } from "./fixedRouting.ts";
import { capacityWeight, policyKind, type PolicyContext } from "./policy.ts";
import { oneOf, strict } from "../input/fieldSchemas.ts";

export const random = policyKind({
  kind: "random",
  readsState: false,
  schema: strict({ kind: z.literal("random"), weights: oneOf(["uniform", "capacity"], "uniform over E_i, or in proportion to capacity (sup mu)").default("uniform") }),
  make: (ctx, spec) => weightedRandom(ctx, spec.weights === "capacity"),
});

function weightedRandom(ctx: PolicyContext, byCapacity: boolean) {
  const { scenario } = ctx;
  const B = scenario.backends.length;
  const routing = new Float64Array(scenario.frontends.length * B);
  scenario.frontends.forEach((f, i) => {
    let sum = 0;
    for (const j of f.allowed) sum += byCapacity ? capacityWeight(scenario, j) : 1;
    for (const j of f.allowed) routing[i * B + j] = (byCapacity ? capacityWeight(scenario, j) : 1) / sum;
  });
  return fixedRouting("random", ctx, routing);
}
