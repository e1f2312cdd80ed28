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

  protected override scoreContext(i: number): number {
    return this.sizes.mean(i);
  }

  protected scores(i: number, backends: Int32Array, counts: Float64Array | null, values: Float64Array, count: number): void {
    const { oneWay, back } = this.scenario;
    const curves = this.curves;
    const unit = this.unit;
    const size = this.sizes.mean(i);
    const base = i * this.B;
    for (let a = 0; a < count; a++) {
      const j = backends[a]!;
      const n = this.heldCount(i, backends, counts, a) + unit;
      values[a] = oneWay[base + j]! + back[base + j]! + (size * n) / curves[j]!.rate(n);
    }
  }
}
