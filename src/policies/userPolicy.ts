// The interface a user's own policy is written against (docs/scenario-format.md, "Your own policy"),
// and the adapter that runs one as a built-in: every answer checked, every failure named by its module.
import type { PolicyContext, Policy } from "./policy.ts";
import { AliasTable } from "./aliasTable.ts";
import { uniform, type Stream } from "../random/stream.ts";
import { nameList } from "../input/nameList.ts";

/** What a policy sees. Indices are positions in the scenario's frontends and backends arrays. */
export interface PolicyView {
  readonly frontends: ReadonlyArray<{
    readonly id: string;
    readonly region: string | null;
    /** The backends this frontend may route to (E_i), as backend indices in scenario order. */
    readonly allowed: Int32Array;
  }>;
  readonly backends: ReadonlyArray<{
    readonly id: string;
    readonly region: string | null;
    readonly servers: number;
    /** The throughput curve mu_j(n) in work per second (all servers), its slope, and its supremum. */
    rate(n: number): number;
    derivative(n: number): number;
    readonly sup: number;
  }>;
  /** One-way latency frontend → backend, seconds (NaN outside the frontend's allowed set). */
  latency(frontend: number, backend: number): number;
  /** Response latency backend → frontend, seconds. */
  backLatency(frontend: number, backend: number): number;
  /** The scenario's scale N: counts and rates are per N (one request is 1/N of a count). */
  readonly scale: number;
  /** The frontend's held count of a backend (requests present, divided by the scenario's scale), as the feedback mode delivered it: late, never the truth. */
  count(frontend: number, backend: number): number;
  /** When the held count of a backend was measured (-Infinity before any report arrived). */
  measuredAt(frontend: number, backend: number): number;
  /** The frontend's mean request size as it knows it now (work units). */
  meanSize(frontend: number): number;
  /** Simulated time now, seconds. */
  now(): number;
  /** The policy block's own keys (everything besides kind, path and name), as the scenario gives them. */
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * A policy: `route` picks a backend for one request, or `shares` gives routing probabilities that
 * the simulator samples from (read once at the start and again after each `update`). Give at
 * least one of the two.
 */
export interface UserPolicy {
  /** Whether the policy reads backend state (count, measuredAt); false lets the engine skip feedback. Default true. */
  readsState?: boolean;
  /** Seconds between update() calls; 0 (the default) for none. */
  updateInterval?: number;
  /** The backend (an index in view.frontends[frontend].allowed) for one request born at the frontend now; `random()` is uniform on (0, 1) from the run's seeded stream. */
  route?(frontend: number, random: () => number): number;
  /** Called every updateInterval seconds of simulated time. */
  update?(): void;
  /** Writes the frontend's routing probabilities over all backends into out (zero outside its allowed set, summing to 1). */
  shares?(frontend: number, out: Float64Array): void;
}

/** Makes the policy for one replication (called once per replication, in the thread that runs it). */
export type UserPolicyFactory = (view: PolicyView) => UserPolicy;

/** A user's policy that broke its contract or threw: names the module (or registered name) and what it did. */
export class PolicyModuleError extends Error {}

/** Tolerance on a probability vector's sum. */
const SUM_TOLERANCE = 1e-9;

/**
 * The user's policy as the engine's Policy. Route answers are checked against the frontend's
 * allowed set (one byte lookup); shares are checked whenever read. A route-only policy's
 * shares() are uniform over the allowed set: the engine's series count what it routed, and the
 * fluid model (which can only read shares) sees it as uniform random.
 */
export function adaptUserPolicy(factory: UserPolicyFactory, ctx: PolicyContext, params: Record<string, unknown>, label: string): Policy {
  const { scenario, state, sizes } = ctx;
  const F = scenario.frontends.length;
  const B = scenario.backends.length;
  const fail = (what: string, cause?: unknown): never => {
    const why = cause instanceof Error ? `: ${cause.message}` : cause !== undefined ? `: ${String(cause)}` : "";
    throw new PolicyModuleError(`policy ${label} ${what}${why}`);
  };
  const view: PolicyView = Object.freeze({
    frontends: Object.freeze(scenario.frontends.map((f) => Object.freeze({ id: f.id, region: f.region, allowed: f.allowed.slice() }))),
    backends: Object.freeze(
      scenario.backends.map((b) =>
        Object.freeze({ id: b.id, region: b.region, servers: b.servers, rate: (n: number) => b.curve.rate(n), derivative: (n: number) => b.curve.derivative(n), sup: b.curve.sup }),
      ),
    ),
    scale: scenario.scale,
    latency: (i: number, j: number) => scenario.oneWay[i * B + j]!,
    backLatency: (i: number, j: number) => scenario.back[i * B + j]!,
    count: (i: number, j: number) => state.count(i, j),
    measuredAt: (i: number, j: number) => state.measuredAt(i, j),
    meanSize: (i: number) => sizes.mean(i),
    now: () => state.now(),
    params: Object.freeze({ ...params }),
  });
  let user: UserPolicy;
  try {
    user = factory(view);
  } catch (e) {
    return fail("threw while being created", e);
  }
  if (user === null || typeof user !== "object") return fail(`returned ${user === null ? "null" : typeof user}, not a policy object`);
  const hasRoute = typeof user.route === "function";
  const hasShares = typeof user.shares === "function";
  if (!hasRoute && !hasShares) return fail("gives neither route(frontend, random) nor shares(frontend, out); give at least one");
  const updateInterval = user.updateInterval ?? 0;
  if (typeof updateInterval !== "number" || !(updateInterval >= 0) || !Number.isFinite(updateInterval))
    return fail(`has updateInterval ${String(updateInterval)}; give seconds > 0, or 0 for no updates`);
  if (updateInterval > 0 && typeof user.update !== "function") return fail(`has updateInterval ${updateInterval} but no update()`);

  // allowedMask[i * B + j] = 1 when j is in E_i
  const allowedMask = new Uint8Array(F * B);
  scenario.frontends.forEach((f, i) => f.allowed.forEach((j) => (allowedMask[i * B + j] = 1)));
  const row = new Float64Array(B);

  const checkedShares = (i: number, out: Float64Array): void => {
    out.fill(0);
    try {
      user.shares!(i, out);
    } catch (e) {
      fail(`threw in shares(${i})`, e);
    }
    let sum = 0;
    for (let j = 0; j < B; j++) {
      const p = out[j]!;
      if (!(p >= 0) || !Number.isFinite(p)) fail(`shares(${i}) gave ${p} for backend ${j}; probabilities are finite and >= 0`);
      if (p > 0 && allowedMask[i * B + j] === 0) fail(`shares(${i}) gave ${p} to backend ${j} (${scenario.backends[j]!.id}), which frontend ${scenario.frontends[i]!.id} may not route to`);
      sum += p;
    }
    if (!(Math.abs(sum - 1) <= SUM_TOLERANCE)) fail(`shares(${i}) sums to ${sum}, not 1`);
  };

  // a shares-only policy: the simulator samples each frontend's probabilities with an alias table
  const tables = hasRoute ? [] : scenario.frontends.map((f) => new AliasTable(f.allowed));
  const weights = new Float64Array(B); // the allowed backends' shares, in the table's order
  const rebuildTables = (): void => {
    tables.forEach((t, i) => {
      checkedShares(i, row);
      scenario.frontends[i]!.allowed.forEach((j, a) => (weights[a] = row[j]!));
      t.build(weights);
    });
  };
  if (!hasRoute) rebuildTables();

  let current: Stream;
  const random = (): number => uniform(current);

  return {
    kind: "module",
    readsState: user.readsState ?? true,
    updateInterval,
    route(i: number, rng: Stream): number {
      if (!hasRoute) return tables[i]!.sample(rng);
      current = rng;
      let j: number;
      try {
        j = user.route!(i, random);
      } catch (e) {
        return fail(`threw in route(${i})`, e);
      }
      if (!Number.isInteger(j) || j < 0 || j >= B || allowedMask[i * B + j] === 0) {
        fail(`route(${i}) returned ${String(j)}, not one of frontend ${scenario.frontends[i]!.id}'s backends [${nameList(Array.from(scenario.frontends[i]!.allowed, String))}]`);
      }
      return j;
    },
    update(): void {
      try {
        user.update?.();
      } catch (e) {
        fail("threw in update()", e);
      }
      if (!hasRoute) rebuildTables();
    },
    shares(i: number, out: Float64Array): void {
      if (hasShares) return checkedShares(i, out);
      const allowed = scenario.frontends[i]!.allowed;
      out.fill(0);
      for (const j of allowed) out[j] = 1 / allowed.length;
    },
  };
}
