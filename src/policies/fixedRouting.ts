// A fixed routing matrix sampled by alias tables: the engine of random, static and static-optimal.
import type { Stream } from "../random/stream.ts";
import { AliasTable } from "./aliasTable.ts";
import type { Policy, PolicyContext } from "./policy.ts";
import { mapToFloat64 } from "../math/mapToFloat64.ts";

/** routing[i * B + j] = probability frontend i sends to backend j (rows over E_i, summing to 1). */
export function fixedRouting(kind: string, ctx: PolicyContext, routing: Float64Array): Policy {
  return new FixedRouting(kind, ctx, routing);
}

/**
 * A class, not an object of closures: every replication makes a new policy, and a closure made
 * anew is a new call target for the engine's `policy.route` call, which threw the optimised event
 * loop away at each thread's second replication. A method is the same function in every instance.
 */
class FixedRouting implements Policy {
  readonly readsState = false;
  readonly updateInterval = 0;
  private readonly tables: AliasTable[];
  private readonly B: number;

  constructor(
    readonly kind: string,
    ctx: PolicyContext,
    private readonly routing: Float64Array,
  ) {
    const { scenario } = ctx;
    const B = (this.B = scenario.backends.length);
    this.tables = scenario.frontends.map((f, i) => {
      const t = new AliasTable(f.allowed);
      t.build(mapToFloat64(f.allowed, (j) => routing[i * B + j]!)); // typed, as DGD-LB's: build() stays monomorphic
      return t;
    });
  }

  route(i: number, rng: Stream): number {
    return this.tables[i]!.sample(rng);
  }

  update(): void {}

  shares(i: number, out: Float64Array): void {
    const B = this.B;
    for (let j = 0; j < B; j++) out[j] = this.routing[i * B + j]!;
  }
}
