// `static`: the routing matrix written in the scenario (`routing: {fe: {be: x}}`), renormalized per row.
import { fixedRouting } from "./fixedRouting.ts";
import type { PolicyContext } from "./policy.ts";

export function staticRouting(ctx: PolicyContext) {
  const { scenario } = ctx;
  const B = scenario.backends.length;
  const spec = ctx.spec.routing as Record<string, Record<string, number>>;
  const routing = new Float64Array(scenario.frontends.length * B);
  scenario.frontends.forEach((f, i) => {
    const row = spec[f.id]!;
    let sum = 0;
    for (const j of f.allowed) sum += row[scenario.backends[j]!.id] ?? 0;
    for (const j of f.allowed) routing[i * B + j] = (row[scenario.backends[j]!.id] ?? 0) / sum;
  });
  return fixedRouting("static", ctx, routing);
}
