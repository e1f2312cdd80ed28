// Cyclic over the allowed backends, per frontend; state-blind.
import * as z from "zod";
import { policyKind, type Policy, type PolicyContext } from "./policy.ts";
import { strict } from "../input/fieldSchemas.ts";

export const roundRobin = policyKind({ kind: "round-robin", readsState: false, schema: strict({ kind: z.literal("round-robin") }), make: (ctx) => cyclic(ctx) });

function cyclic(ctx: PolicyContext): Policy {
  const { scenario } = ctx;
  const next = new Int32Array(scenario.frontends.length);
  return {
    kind: "round-robin",
    readsState: false,
    updateInterval: 0,
    route(i: number): number {
      const allowed = scenario.frontends[i]!.allowed;
      const k = next[i]!;
      next[i] = k + 1 === allowed.length ? 0 : k + 1;
      return allowed[k]!;
    },
    update() {},
    shares(i: number, out: Float64Array) {
      out.fill(0);
      const allowed = scenario.frontends[i]!.allowed;
      for (const j of allowed) out[j] = 1 / allowed.length;
    },
  };
}
