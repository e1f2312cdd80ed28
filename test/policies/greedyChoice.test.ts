// Greedy policies find the same ties whether they rescore only the backends the feedback says changed (a tournament tree) or pass over every backend.
import { describe, expect, it } from "vitest";
import { TiedMinimum } from "../../src/policies/tiedMinimum.ts";
import { TieSet } from "../../src/policies/tieSet.ts";
import { createPolicy } from "../../src/policies/registry.ts";
import { Purpose, streamFor } from "../../src/random/stream.ts";
import type { HeldCountMap, ReceivedState } from "../../src/feedback/receivedState.ts";
import type { KnownRequestSize } from "../../src/model/knownRequestSize.ts";
import type { Policy } from "../../src/policies/policy.ts";
import { scenarioFrom } from "../helpers.ts";

/** A fixed-seed LCG in [0, 1). */
function lcg(seed: number): () => number {
  return () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** The pass GreedyChoice made before the tree: ties of the least non-NaN score, in order (+Infinity counts as a score). */
function passTies(values: number[]): number[] {
  let best = Infinity;
  let ties: number[] = [];
  values.forEach((s, a) => {
    if (s < best) {
      best = s;
      ties = [];
    }
    if (s === best) ties.push(a);
  });
  return ties;
}

describe("TiedMinimum", () => {
  it("holds the ties a pass finds, in order, through changes one at a time, in batches and rebuilds", () => {
    const random = lcg(9);
    // few distinct values (many ties), NaN, both infinities and both zeros
    const draw = (): number => [NaN, Infinity, -Infinity, 0, -0, 1, 2, 2.5, 3][Math.floor(random() * 9)]!;
    for (const m of [1, 2, 3, 7, 64, 100]) {
      const values = Array.from({ length: m }, draw);
      const tree = new TiedMinimum(m);
      tree.rebuild(Float64Array.from(values));
      for (let step = 0; step < 400; step++) {
        const a = Math.floor(random() * m);
        values[a] = draw();
        tree.update(Int32Array.of(a), Float64Array.of(values[a]!), 1);
        if (step % 97 === 0) tree.rebuild(Float64Array.from(values));
        if (step % 5 === 0) {
          // a batch, repeats included (the last value of a position wins)
          const at = Int32Array.from({ length: 1 + Math.floor(random() * m) }, () => Math.floor(random() * m));
          const batch = Float64Array.from(at, draw);
          at.forEach((p, c) => (values[p] = batch[c]!));
          tree.update(at, batch, at.length);
        }
        const ties = passTies(values);
        expect(tree.ties()).toBe(ties.length);
        expect(ties.map((_, k) => tree.tie(k))).toEqual(ties);
        expect(values.map((_, a) => tree.isTie(a))).toEqual(values.map((_, a) => ties.includes(a)));
      }
    }
  });
});

describe("TieSet", () => {
  it("holds the ties a pass finds, in order, through batches of changes, rebuilt only when the least loses every tie", () => {
    const random = lcg(23);
    const draw = (): number => [NaN, Infinity, -Infinity, 0, -0, 1, 2, 2.5, 3][Math.floor(random() * 9)]!;
    let rebuilds = 0;
    let kept = 0;
    for (const m of [1, 2, 3, 31, 32, 33, 64, 100]) {
      const values = Array.from({ length: m }, draw);
      const set = new TieSet(m);
      set.rebuild(Float64Array.from(values));
      for (let step = 0; step < 400; step++) {
        // a batch: each position at most once, as GreedyChoice's changed scores come
        const batch = new Map<number, number>();
        for (let c = 1 + Math.floor(random() * Math.min(m, 6)); c > 0; c--) batch.set(Math.floor(random() * m), draw());
        for (const [a, s] of batch) values[a] = s;
        if (set.update(Int32Array.from(batch.keys()), Float64Array.from(batch.values()), batch.size, Float64Array.from(values))) rebuilds++;
        else kept++;
        const ties = passTies(values);
        expect(set.count).toBe(ties.length);
        expect(ties.map((_, k) => set.nth(k))).toEqual(ties);
      }
    }
    // both ways were taken
    expect(rebuilds).toBeGreaterThan(50);
    expect(kept).toBeGreaterThan(1000);
  });
});

/**
 * Held counts that change at random, with the backends that changed named (with repeats and
 * backends that did not change, as periodic feedback's phase window names them) or, now and then,
 * not named (−1). `named` false: the same counts with no changedBackends, so that a policy passes
 * over every backend at every refresh.
 */
class ScriptedState implements ReceivedState {
  /** Read one by one in a pass where named, as a row first where not: both must give the same. */
  readonly countIsRead: boolean;
  readonly counts: Float64Array;
  private readonly versions: Int32Array;
  private readonly logs: number[][];
  changedBackends?: ReceivedState["changedBackends"];

  constructor(
    F: number,
    private readonly B: number,
    named: boolean,
  ) {
    this.countIsRead = named;
    this.counts = new Float64Array(F * B);
    this.versions = new Int32Array(F);
    this.logs = Array.from({ length: F }, () => []);
    if (named) this.changedBackends = (frontend, mark, out, counts) => this.named(frontend, mark, out, counts);
  }

  /** Frontend's count of backend j is now n; `listed` false: the change is not named (the next read gets −1). */
  set(frontend: number, j: number, n: number, listed: boolean): void {
    this.counts[frontend * this.B + j] = n;
    this.versions[frontend]!++;
    this.logs[frontend]!.push(listed ? j : -1);
  }

  /** A change of nothing the frontend holds, named (a bump of its version all the same). */
  touch(frontend: number, j: number): void {
    this.versions[frontend]!++;
    this.logs[frontend]!.push(j);
  }

  private named(frontend: number, mark: Float64Array, out: Int32Array | null, counts: Float64Array): number {
    const first = mark[0] !== mark[0];
    mark[0] = 0;
    const log = this.logs[frontend]!;
    this.logs[frontend] = [];
    if (first || log.includes(-1)) return -1;
    if (out === null) return log.length;
    if (log.length > out.length) return -1;
    log.forEach((j, c) => {
      out[c] = j;
      counts[c] = this.count(frontend, j);
    });
    return log.length;
  }

  count(frontend: number, backend: number): number {
    return this.counts[frontend * this.B + backend]!;
  }
  heldCounts(frontend: number, backends: Int32Array, out: Float64Array): void {
    backends.forEach((j, a) => (out[a] = this.count(frontend, j)));
  }
  heldMapped(frontend: number, backends: Int32Array, map: HeldCountMap, out: Float64Array): void {
    backends.forEach((j, a) => (out[a] = map.of(j, this.count(frontend, j))));
  }
  heldMappedStep(): number {
    throw new Error("not used by greedy policies");
  }
  measuredAt(): number {
    return 0;
  }
  version(frontend: number): number {
    return this.versions[frontend]!;
  }
  now(): number {
    return 0;
  }
}

/**
 * One count a backend, seen alike by every frontend, with every change named and the sameness
 * declared (instant feedback's view); `named` false: neither, so that a policy keeps a slot a
 * frontend and passes over every backend at every look.
 */
class SharedState implements ReceivedState {
  readonly sameForEveryFrontend: boolean;
  readonly countIsRead: boolean;
  readonly counts: Float64Array;
  private readonly log: number[] = [];
  changedBackends?: ReceivedState["changedBackends"];

  constructor(B: number, named: boolean) {
    this.sameForEveryFrontend = named;
    this.countIsRead = named;
    this.counts = new Float64Array(B);
    if (named) this.changedBackends = (_frontend, mark, out, counts) => this.named(mark, out, counts);
  }

  set(j: number, n: number): void {
    this.counts[j] = n;
    this.log.push(j);
  }

  private named(mark: Float64Array, out: Int32Array | null, counts: Float64Array): number {
    const since = mark[0]!;
    mark[0] = this.log.length;
    if (since !== since) return -1;
    const n = this.log.length - since;
    if (out === null) return n;
    if (n > out.length) return -1;
    for (let c = 0; c < n; c++) {
      out[c] = this.log[since + c]!;
      counts[c] = this.counts[out[c]!]!;
    }
    return n;
  }

  count(_frontend: number, backend: number): number {
    return this.counts[backend]!;
  }
  heldCounts(_frontend: number, backends: Int32Array, out: Float64Array): void {
    backends.forEach((j, a) => (out[a] = this.counts[j]!));
  }
  heldMapped(_frontend: number, backends: Int32Array, map: HeldCountMap, out: Float64Array): void {
    backends.forEach((j, a) => (out[a] = map.of(j, this.counts[j]!)));
  }
  heldMappedStep(): number {
    throw new Error("not used by greedy policies");
  }
  measuredAt(): number {
    return 0;
  }
  version(): number {
    return this.log.length;
  }
  now(): number {
    return 0;
  }
}

describe("GreedyChoice", () => {
  const B = 200;
  // three frontends: one may use every backend, one a shuffled subset, one a handful
  const some = Array.from({ length: 90 }, (_, k) => `b${(k * 37 + 11) % B}`);
  /** Frontends by allowed set (null: every backend), with latencies 0–6 ms. */
  const scenario = (policy: object, allowed: (string[] | null)[] = [null, some, ["b3", "b150", "b7", "b99", "b42"]]) =>
    scenarioFrom({
      name: "greedy",
      horizon: 10,
      frontends: allowed.map((backends, i) => ({ id: `f${i}`, arrivals: { kind: "poisson", rate: 10 }, ...(backends ? { backends } : {}) })),
      backends: Array.from({ length: B }, (_, j) => ({ id: `b${j}`, curve: j % 2 ? { kind: "saturating", max: 12, half: 2 } : { kind: "linear-capped", rate: 3, slots: 4 } })),
      latency: { unit: "ms", oneWay: Object.fromEntries(allowed.map((_, i) => [`f${i}`, Object.fromEntries(Array.from({ length: B }, (_, j) => [`b${j}`, (i * 31 + j * 17) % 7]))])) },
      policy,
    });

  for (const policy of [{ kind: "jsq" }, { kind: "gmsr" }, { kind: "sed" }]) {
    it(`${JSON.stringify(policy)}: the same choices when every frontend sees the same counts (frontends with one allowed set sharing their ties where the scores allow)`, () => {
      // frontends 0 and 3 may use every backend (one group where the scores allow), 1 and 4 the same subset (another)
      const s = scenario(policy, [null, some, ["b3", "b150", "b7", "b99", "b42"], null, some]);
      const sizes: KnownRequestSize = { mean: () => 1 };
      const named = new SharedState(B, true);
      const passing = new SharedState(B, false);
      const make = (state: ReceivedState): Policy => createPolicy({ scenario: s, spec: s.policy, state, sizes });
      const tree = make(named);
      const pass = make(passing);
      const rngs = [0, 1].map(() => Array.from({ length: 5 }, (_, i) => streamFor(6, 0, Purpose.policy, i)));
      const random = lcg(17);
      for (let step = 0; step < 8000; step++) {
        // every request changes a backend or two (its arrival, a departure elsewhere), as in the engine
        for (let c = random() < 0.9 ? 1 + Math.floor(random() * 2) : Math.floor(random() * 150); c > 0; c--) {
          const j = Math.floor(random() * B);
          const n = Math.floor(random() * 4);
          named.set(j, n);
          passing.set(j, n);
        }
        const i = Math.floor(random() * 5);
        expect(tree.route(i, rngs[0]![i]!)).toBe(pass.route(i, rngs[1]![i]!));
      }
    });
  }

  for (const policy of [{ kind: "jsq" }, { kind: "jsq", normalized: true }, { kind: "sed" }, { kind: "gmsr" }, { kind: "marginal-greedy" }]) {
    it(`${JSON.stringify(policy)}: the same choices and shares as a pass at every refresh`, () => {
      const s = scenario(policy);
      const F = s.frontends.length;
      // a mean size that a frontend learns now and then (SED and marginal-greedy then rescore every backend)
      let mean = 1;
      const sizes: KnownRequestSize = { mean: () => mean };
      const named = new ScriptedState(F, B, true);
      const passing = new ScriptedState(F, B, false);
      const make = (state: ReceivedState): Policy => createPolicy({ scenario: s, spec: s.policy, state, sizes });
      const tree = make(named);
      const pass = make(passing);
      const rngTree = streamFor(4, 0, Purpose.policy, 0);
      const rngPass = streamFor(4, 0, Purpose.policy, 0);
      const random = lcg(31);
      const sharesTree = new Float64Array(B);
      const sharesPass = new Float64Array(B);
      for (let step = 0; step < 6000; step++) {
        const i = Math.floor(random() * F);
        const allowed = s.frontends[i]!.allowed;
        // how many change before this request: mostly a few (the tree's regime), at times most of the row
        const r = random();
        const changes = r < 0.1 ? 0 : r < 0.8 ? 1 + Math.floor(random() * 4) : r < 0.95 ? Math.floor(random() * allowed.length) : 1;
        for (let c = 0; c < changes; c++) {
          const j = allowed[Math.floor(random() * allowed.length)]!;
          // counts of a few values: ties; at times unchanged (a named backend that did not change)
          const n = random() < 0.2 ? named.count(i, j) : Math.floor(random() * 4) / (random() < 0.5 ? 1 : 2);
          const listed = random() > 0.002;
          named.set(i, j, n, listed);
          passing.set(i, j, n, listed);
        }
        if (random() < 0.05) {
          const j = Math.floor(random() * B);
          named.touch(i, j);
          passing.touch(i, j);
        }
        if (random() < 0.01) mean = 0.5 + random();
        expect(tree.route(i, rngTree)).toBe(pass.route(i, rngPass));
        if (step % 50 === 0) {
          tree.shares(i, sharesTree);
          pass.shares(i, sharesPass);
          expect(Array.from(sharesTree)).toEqual(Array.from(sharesPass));
        }
      }
    });
  }
});
