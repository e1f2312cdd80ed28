// Oracle benchmark: samples the central optimum x* (it knows every λ_i); labelled as an oracle.
import { fixedRouting } from "./fixedRouting.ts";
import type { PolicyContext } from "./policy.ts";

export function staticOptimal(ctx: PolicyContext) {
  if (!ctx.optimalRouting) throw new Error("static-optimal needs the central optimum: pass optimalRouting in the policy context");
  return fixedRouting("static-optimal", ctx, ctx.optimalRouting());
}
