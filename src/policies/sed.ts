// Shortest expected delay: argmin_j d_ij + d_ji + s_i·(n̂_j + 1)/mu_j(n̂_j + 1).
import * as z from "zod";
import { greedyPolicy } from "./greedyChoice.ts";
import { policyKind, type PolicyContext } from "./policy.ts";
import { strict } from "../input/fieldSchemas.ts";

/**
 * At scale N one request is 1/N of the scaled count, and (n+1)/mu^N(n+1) with
 * mu^N(n) = N·mu(n/N) equals (n̂ + 1/N)/mu(n̂ + 1/N); at N = 1 this is docs/model.md's formula.
 */
export const sed = policyKind({ kind: "sed", readsState: true, schema: strict({ kind: z.literal("sed") }), make: (ctx) => shortestExpectedDelay(ctx) });

function shortestExpectedDelay(ctx: PolicyContext) {
  const { scenario } = ctx;
  const B = scenario.backends.length;
  const unit = 1 / scenario.scale;
  const curves = scenario.backends.map((b) => b.curve);
  return greedyPolicy("sed", ctx, (i, j) => {
    const n = ctx.state.count(i, j) + unit;
    return scenario.oneWay[i * B + j]! + scenario.back[i * B + j]! + (ctx.sizes.mean(i) * n) / curves[j]!.rate(n);
  });
}
