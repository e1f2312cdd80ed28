// Policy kinds keyed by the scenario's "kind" string: adding a policy is one file and one line here.
import type { Policy, PolicyContext, PolicyFactory } from "./policy.ts";
import { dgdLb } from "./dgdLb.ts";
import { gmsr } from "./gmsr.ts";
import { sed } from "./sed.ts";
import { marginalGreedy } from "./marginalGreedy.ts";
import { jsq } from "./jsq.ts";
import { pod } from "./pod.ts";
import { roundRobin } from "./roundRobin.ts";
import { random } from "./random.ts";
import { nearest } from "./nearest.ts";
import { staticRouting } from "./staticRouting.ts";
import { staticOptimal } from "./staticOptimal.ts";

export const policies: Record<string, PolicyFactory> = {
  "dgd-lb": dgdLb,
  gmsr,
  sed,
  "marginal-greedy": marginalGreedy,
  jsq,
  pod,
  "round-robin": roundRobin,
  random,
  nearest,
  static: staticRouting,
  "static-optimal": staticOptimal,
};

export function createPolicy(ctx: PolicyContext): Policy {
  const factory = policies[ctx.spec.kind];
  if (!factory) throw new Error(`unknown policy kind ${ctx.spec.kind} (the scenario validator should have caught it)`);
  return factory(ctx);
}
