// Policy kinds keyed by the scenario's "kind" string: adding a policy is one file and one line in `entries`.
import type * as z from "zod";
import type { Policy, PolicyContext, PolicyEntry } from "./policy.ts";
import { kindRegistry } from "../input/fieldSchemas.ts";
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
import { perFrontendPolicy } from "./perFrontendPolicy.ts";
import { modulePolicy } from "./modulePolicy.ts";
import type { UserPolicyFactory as ModuleFactory } from "./userPolicy.ts";

const registry = kindRegistry("policy", [dgdLb, gmsr, sed, marginalGreedy, jsq, pod, roundRobin, random, nearest, staticRouting, staticOptimal, modulePolicy]);

/** Each kind under the general entry type (check() and make() typed by its own spec inside its file). */
export const policies = registry.kinds as unknown as ReadonlyMap<string, PolicyEntry>;
export const POLICY_KINDS: readonly string[] = [...policies.keys()];
/**
 * The kinds that run from their name alone (`--policy KIND`, the playground's list): static needs
 * its matrix, module its file. Found on first use, not when the module loads: every worker thread
 * loads this registry and none needs the list.
 */
export function namedPolicyKinds(): readonly string[] {
  named ??= POLICY_KINDS.filter((kind) => {
    const entry = policies.get(kind)!;
    const parsed = entry.schema.safeParse({ kind });
    let valid = parsed.success;
    if (parsed.success) entry.check?.(parsed.data, { frontends: [], backends: [] }, () => (valid = false));
    return valid;
  });
  return named;
}
let named: readonly string[] | null = null;
export const policySchema = registry.schema.describe("routing policy of every frontend");

/** A validated policy block, defaults applied. */
type PolicyBlock = z.output<typeof policySchema>;
export type { PolicyBlock as PolicySpec };

declare module "../model/scenario.ts" {
  interface PolicySpecs {
    kinds: PolicyBlock;
  }
  interface PolicyModules {
    factory: ModuleFactory;
  }
}

/** The update interval a policy block declares (0 when it has none; a module policy declares its own in code). */
export function specUpdateInterval(spec: PolicyBlock): number {
  return spec.kind !== "module" && "updateInterval" in spec && typeof spec.updateInterval === "number" ? spec.updateInterval : 0;
}

/** The policy of every frontend: the scenario's, or one per distinct policy block when frontends carry their own. */
export function createPolicy(ctx: PolicyContext): Policy {
  const own = ctx.scenario.frontends.map((f) => f.policy ?? null);
  if (ctx.spec !== ctx.scenario.policy || own.every((p) => p === null)) return createOne(ctx);
  const blocks: PolicyBlock[] = [];
  const keys: string[] = [];
  const assigned = Int32Array.from(own, (p) => {
    const spec = p ?? ctx.spec;
    const key = JSON.stringify(spec);
    let k = keys.indexOf(key);
    if (k < 0) {
      k = keys.push(key) - 1;
      blocks.push(spec);
    }
    return k;
  });
  return perFrontendPolicy(
    blocks.map((spec, k) => createOne({ ...ctx, spec, serves: Int32Array.from(assigned.keys()).filter((i) => assigned[i] === k) })),
    assigned,
  );
}

function createOne(ctx: PolicyContext): Policy {
  const entry = policies.get(ctx.spec.kind);
  if (!entry) throw new Error(`unknown policy kind ${ctx.spec.kind} (the scenario validator should have caught it)`);
  const policy = entry.make(ctx, ctx.spec);
  // the estimate of a run's work counts publications by the entry's word
  if (policy.readsState && !entry.readsState) throw new Error(`engine invariant violated: policy kind ${entry.kind} reads state but its entry says it does not`);
  return policy;
}
