// Shortest expected delay: argmin_j d_ij + d_ji + s_i·(n̂_j + 1)/mu_j(n̂_j + 1).
import * as z from "zod";
import { GreedyChoice } from "./greedyChoice.ts";
import { policyKind, type PolicyContext } from "./policy.ts";
import { strict } from "../input/fieldSchemas.ts";

/**
 * At scale N one request is 1/N of the scaled count, and (n+1)/mu^N(n+1) with
 * mu^N(n) = N·mu(n/N) equals (n̂ + 1/N)/mu(n̂ + 1/N); at N = 1 this is docs/model.md's formula.
 */
export const sed = policyKind({ kind: "sed", readsState: true, schema: strict({ kind: z.literal("sed") }), make: (ctx) => new ShortestExpectedDelay(ctx) });

class ShortestExpectedDelay extends GreedyChoice {
  private readonly unit: number;

  constructor(ctx: PolicyContext) {
    super("sed", ctx);
    this.unit = 1 / ctx.scenario.scale;
  }

  protected score(i: number, j: number): number {
    const n = this.state.count(i, j) + this.unit;
    const pair = i * this.B + j;
    return this.scenario.oneWay[pair]! + this.scenario.back[pair]! + (this.sizes.mean(i) * n) / this.curves[j]!.rate(n);
  }
}
