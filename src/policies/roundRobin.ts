// Cyclic over the allowed backends, per frontend; state-blind.
import * as z from "zod";
import { policyKind, type Policy } from "./policy.ts";
import { strict } from "../input/fieldSchemas.ts";
import type { Scenario } from "../model/scenario.ts";

export const roundRobin = policyKind({ kind: "round-robin", readsState: false, schema: strict({ kind: z.literal("round-robin") }), make: (ctx) => new Cyclic(ctx.scenario) });

/** A class, not an object of closures: its route() is then the same call target in every replication (see GreedyChoice). */
class Cyclic implements Policy {
  readonly kind = "round-robin";
  readonly readsState = false;
  readonly updateInterval = 0;
  /** Each frontend's next position in its allowed set. */
  private readonly next: Int32Array;

  constructor(private readonly scenario: Scenario) {
    this.next = new Int32Array(scenario.frontends.length);
  }

  route(i: number): number {
    const allowed = this.scenario.frontends[i]!.allowed;
    const k = this.next[i]!;
    this.next[i] = k + 1 === allowed.length ? 0 : k + 1;
    return allowed[k]!;
  }

  update(): void {}

  shares(i: number, out: Float64Array): void {
    out.fill(0);
    const allowed = this.scenario.frontends[i]!.allowed;
    for (const j of allowed) out[j] = 1 / allowed.length;
  }
}
