// Policy kinds keyed by the scenario's "kind" string: adding a policy is one file and one line in `entries`.
import type { z } from "zod";
import type { Policy, PolicyContext, PolicyEntry } from "./policy.ts";
import { kindUnion } from "../schema/fieldSchemas.ts";
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

const entries = [dgdLb, gmsr, sed, marginalGreedy, jsq, pod, roundRobin, random, nearest, staticRouting, staticOptimal] as const;

/** Looked up with a user's string: a Map, so "constructor" is unknown rather than Object.prototype's. */
export const policies: ReadonlyMap<string, PolicyEntry> = new Map(entries.map((e) => [e.kind, e as unknown as PolicyEntry]));

export const POLICY_KINDS: readonly string[] = [...policies.keys()];

export const policySchema = kindUnion(
  "policy",
  entries.map((e) => e.schema) as unknown as [(typeof entries)[number]["schema"], ...(typeof entries)[number]["schema"][]],
  POLICY_KINDS,
).describe("routing policy of every frontend");

/** A validated policy block, defaults applied. */
export type PolicySpec = z.output<typeof policySchema>;

export function createPolicy(ctx: PolicyContext): Policy {
  const entry = policies.get(ctx.spec.kind);
  if (!entry) throw new Error(`unknown policy kind ${ctx.spec.kind} (the scenario validator should have caught it)`);
  return entry.make(ctx, ctx.spec);
}
