// Uniform over the allowed backends, or weighted by capacity (`"weights": "capacity"`).
import { fixedRouting } from "./fixedRouting.ts";
import { capacityWeight, type PolicyContext } from "./policy.ts";

export function random(ctx: PolicyContext) {
  const { scenario } = ctx;
  const B = scenario.backends.length;
  const byCapacity = ctx.spec.weights === "capacity";
  const routing = new Float64Array(scenario.frontends.length * B);
  scenario.frontends.forEach((f, i) => {
    let sum = 0;
    for (const j of f.allowed) sum += byCapacity ? capacityWeight(scenario, j) : 1;
    for (const j of f.allowed) routing[i * B + j] = (byCapacity ? capacityWeight(scenario, j) : 1) / sum;
  });
  return fixedRouting("random", ctx, routing);
}
