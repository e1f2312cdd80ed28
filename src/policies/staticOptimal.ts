// Oracle benchmark: samples the central optimum x* (it knows every λ_i); labelled as an oracle.
import * as z from "zod";
import { fixedRouting } from "./fixedRouting.ts";
import { policyKind } from "./policy.ts";
import { strict } from "../input/fieldSchemas.ts";

export const staticOptimal = policyKind({
  kind: "static-optimal",
  readsState: false,
  schema: strict({ kind: z.literal("static-optimal") }),
  make(ctx) {
    if (!ctx.optimalRouting) throw new Error("static-optimal needs the central optimum: pass optimalRouting in the policy context");
    return fixedRouting("static-optimal", ctx, ctx.optimalRouting());
  },
});
