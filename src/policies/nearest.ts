// Least one-way latency d_ij; ties split at random.
import * as z from "zod";
import { GreedyChoice } from "./greedyChoice.ts";
import { policyKind, type PolicyContext } from "./policy.ts";
import { strict } from "../input/fieldSchemas.ts";

export const nearest = policyKind({
  kind: "nearest",
  readsState: false,
  schema: strict({ kind: z.literal("nearest") }),
  make: (ctx) => new Nearest(ctx),
});

class Nearest extends GreedyChoice {
  constructor(ctx: PolicyContext) {
    super("nearest", ctx, false);
  }

  protected scores(i: number, backends: Int32Array, _counts: Float64Array | null, values: Float64Array, count: number): void {
    const oneWay = this.scenario.oneWay;
    const base = i * this.B;
    for (let a = 0; a < count; a++) values[a] = oneWay[base + backends[a]!]!;
  }

  /** Latencies never change: one computation per frontend. */
  protected override version(): number {
    return 0;
  }
}
