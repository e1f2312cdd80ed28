// A fleet where frontends run different policies (a region-by-region migration): one policy instance per
// distinct policy block, each frontend's requests routed by its own.
import type { Policy } from "./policy.ts";
import type { Stream } from "../random/stream.ts";
import { PolicyModuleError } from "./userPolicy.ts";

/**
 * `policies[k]` serves the frontends with `assigned[i] === k`. Each instance is a whole policy over
 * the fleet (it keeps state for every frontend; only its own frontends' decisions are used), so a
 * policy needs no change to run beside others. Updates: every instance with a timer shares the one
 * interval (validation says so), and all are stepped together.
 */
export function perFrontendPolicy(policies: Policy[], assigned: Int32Array): Policy {
  const timed = policies.filter((p) => p.updateInterval > 0);
  // validation sees the blocks' intervals; a module policy declares its own in code
  const intervals = new Set(timed.map((p) => p.updateInterval));
  if (intervals.size > 1) throw new PolicyModuleError(`the frontends' policies update every ${[...intervals].join(" s, ")} s: a fleet steps its policies together, so give them one updateInterval`);
  return new PerFrontend(policies, assigned, timed);
}

/** A class, not an object of closures: its route() is then the same call target in every replication (see policy.ts). */
class PerFrontend implements Policy {
  readonly kind = "per-frontend";
  readonly readsState: boolean;
  readonly updateInterval: number;

  constructor(
    private readonly policies: Policy[],
    private readonly assigned: Int32Array,
    private readonly timed: Policy[],
  ) {
    this.readsState = policies.some((p) => p.readsState);
    this.updateInterval = timed.length ? timed[0]!.updateInterval : 0;
  }

  route(frontend: number, rng: Stream): number {
    return this.policies[this.assigned[frontend]!]!.route(frontend, rng);
  }

  update(): void {
    for (const p of this.timed) p.update();
  }

  shares(frontend: number, out: Float64Array): void {
    this.policies[this.assigned[frontend]!]!.shares(frontend, out);
  }

  release(): void {
    for (const p of this.policies) p.release?.();
  }
}
