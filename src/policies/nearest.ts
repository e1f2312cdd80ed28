// Least one-way latency d_ij; ties split at random.
import * as z from "zod";
import { greedyPolicy } from "./greedyChoice.ts";
import { policyKind } from "./policy.ts";
import { strict } from "../input/fieldSchemas.ts";

export const nearest = policyKind({
  kind: "nearest",
  readsState: false,
  schema: strict({ kind: z.literal("nearest") }),
  make(ctx) {
    const B = ctx.scenario.backends.length;
    // latencies never change: one computation per frontend
    return greedyPolicy(
      "nearest",
      ctx,
      (i, j) => ctx.scenario.oneWay[i * B + j]!,
      () => 0,
      false,
    );
  },
});
