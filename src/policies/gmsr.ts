// Greatest marginal service rate: argmax_j mu'_j(n̂_j); ignores network latency.
import * as z from "zod";
import { greedyPolicy } from "./greedyChoice.ts";
import { policyKind } from "./policy.ts";
import { strict } from "../input/fieldSchemas.ts";

export const gmsr = policyKind({
  kind: "gmsr",
  readsState: true,
  schema: strict({ kind: z.literal("gmsr") }),
  make(ctx) {
    const curves = ctx.scenario.backends.map((b) => b.curve);
    return greedyPolicy("gmsr", ctx, (i, j) => -curves[j]!.derivative(ctx.state.count(i, j)));
  },
});
