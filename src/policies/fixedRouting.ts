// A fixed routing matrix sampled by alias tables: the engine of random, static and static-optimal.
import type { Stream } from "../random/stream.ts";
import { AliasTable } from "./aliasTable.ts";
import type { Policy, PolicyContext } from "./policy.ts";
import { mapToFloat64 } from "../math/mapToFloat64.ts";

/** routing[i * B + j] = probability frontend i sends to backend j (rows over E_i, summing to 1). */
export function fixedRouting(kind: string, ctx: PolicyContext, routing: Float64Array): Policy {
  const { scenario } = ctx;
  const B = scenario.backends.length;
  const tables = scenario.frontends.map((f, i) => {
    const t = new AliasTable(f.allowed);
    t.build(mapToFloat64(f.allowed, (j) => routing[i * B + j]!)); // typed, as DGD-LB's: build() stays monomorphic
    return t;
  });
  return {
    kind,
    readsState: false,
    updateInterval: 0,
    route: (i: number, rng: Stream) => tables[i]!.sample(rng),
    update() {},
    shares(i: number, out: Float64Array) {
      for (let j = 0; j < B; j++) out[j] = routing[i * B + j]!;
    },
  };
}
