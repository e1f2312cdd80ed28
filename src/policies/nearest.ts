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

  protected score(i: number, j: number): number {
    return this.scenario.oneWay[i * this.B + j]!;
  }

  /** Latencies never change: one computation per frontend. */
  protected override version(): number {
    return 0;
  }
}
