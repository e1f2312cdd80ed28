// A second, deliberately naive simulator of docs/model.md sections 2 and 6, written apart from the
// engine for cross-checks: one event list, an object per request, processor sharing by updating
// every request's remaining work at each event (O(n)), delayed state looked up from a list of every
// publication. It shares no code with src/ but the model, so the two agree only where both follow it
// (its simplex projection is the sort-based one of the independent fluid integrator, also test-side).
import { projectSimplex } from "../fluid/independentDgdFluid.ts";

export type ReferenceFeedback = { mode: "periodic"; interval: number } | { mode: "piggyback" } | { mode: "instant" };
export type ReferencePolicy =
  | { kind: "jsq"; normalized?: boolean }
  | { kind: "nearest" }
  | { kind: "sed" }
  | { kind: "gmsr" }
  | { kind: "marginal-greedy" }
  | { kind: "round-robin" }
  | { kind: "pod"; d: number }
  | { kind: "dgd-lb"; stepSize: number; updateInterval: number; inflightCorrection?: boolean };

/** A frontend's arrivals: rates[i] Poisson unless given here. */
export type ReferenceArrivals = { kind: "piecewise"; breakpoints: Array<[number, number]> } | { kind: "closed"; clients: number; thinkMean: number };

export interface ReferenceScenario {
  horizon: number;
  warmup: number;
  /** Poisson rate of each frontend at scale 1 (or arrivals[i] where given). */
  rates: number[];
  arrivals?: Array<ReferenceArrivals | undefined>;
  /** allowed[i]: the backends frontend i may use, in order (default all). */
  allowed?: number[][];
  /** μ_j(n): work per second with n present at scale 1. */
  curves: Array<(n: number) => number>;
  /** μ'_j(n), for gmsr, marginal-greedy and DGD-LB. */
  slopes?: Array<(n: number) => number>;
  /** sup μ_j, for jsq's normalized form. */
  capacities?: number[];
  /** The fluid scale N: rates N·λ_i, curves N·μ_j(n/N), policies see n/N (default 1). */
  scale?: number;
  /** Request sizes of mean 1: exponential (default) or lognormal with this coefficient of variation. */
  lognormalCv?: number;
  /** Mean of an exponential delay added to every request and every response (reports travel without it). */
  jitterMean?: number;
  /** Speed windows: backend j serves at multiplier·μ_j(n) over [from, to). */
  speedWindows?: Array<{ backend: number; from: number; to: number; multiplier: number }>;
  /** One-way latencies in seconds, out[i][j] to the backend and back[i][j] to the frontend. */
  out: number[][];
  back: number[][];
  feedback: ReferenceFeedback;
  policy: ReferencePolicy;
  /** Periodic feedback held this many publications older than the model says: a wrong simulator, for checking that a comparison can fail. */
  staleBy?: number;
}

export interface ReferenceResult {
  /** Mean end-to-end latency of the responses received in [warmup, horizon]. */
  latencyMean: number;
  /** Mean time at the backend of the same requests. */
  servingMean: number;
  /** shares[i][j]: fraction of frontend i's requests born in [warmup, horizon] sent to j. */
  shares: number[][];
}

/** The event list: a plain binary heap of events by (time, sequence). */
class EventList<T extends { t: number; seq: number }> {
  private readonly items: T[] = [];
  private static before(a: { t: number; seq: number }, b: { t: number; seq: number }): boolean {
    return a.t < b.t || (a.t === b.t && a.seq < b.seq);
  }
  add(e: T): void {
    const h = this.items;
    let k = h.length;
    h.push(e);
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!EventList.before(e, h[p]!)) break;
      h[k] = h[p]!;
      k = p;
    }
    h[k] = e;
  }
  poll(): T | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      let k = 0;
      for (;;) {
        let c = 2 * k + 1;
        if (c >= h.length) break;
        if (c + 1 < h.length && EventList.before(h[c + 1]!, h[c]!)) c++;
        if (!EventList.before(h[c]!, last)) break;
        h[k] = h[c]!;
        k = c;
      }
      h[k] = last;
    }
    return top;
  }
}

/** mulberry32 pairs: 53-bit uniforms on (0, 1). */
class Uniforms {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  private next32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  next(): number {
    return ((this.next32() >>> 5) * 67108864 + (this.next32() >>> 6) + 0.5) / 9007199254740992;
  }
  exponential(rate: number): number {
    return -Math.log(this.next()) / rate;
  }
  /** Uniform integer in [0, n). */
  index(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** Lognormal of mean 1 and coefficient of variation cv (Box–Muller for the normal). */
  lognormal(cv: number): number {
    const sigma2 = Math.log(1 + cv * cv);
    const z = Math.sqrt(-2 * Math.log(this.next())) * Math.cos(2 * Math.PI * this.next());
    return Math.exp(-sigma2 / 2 + Math.sqrt(sigma2) * z);
  }
}

interface Request {
  frontend: number;
  backend: number;
  born: number;
  reached: number;
  remaining: number;
}

type Event =
  | { t: number; seq: number; kind: "arrival"; frontend: number }
  | { t: number; seq: number; kind: "reach"; request: Request }
  | { t: number; seq: number; kind: "departure"; backend: number; version: number }
  | { t: number; seq: number; kind: "response"; request: Request; reported: number; departed: number }
  | { t: number; seq: number; kind: "publish"; k: number }
  | { t: number; seq: number; kind: "update"; k: number }
  | { t: number; seq: number; kind: "speed"; backend: number; multiplier: number };

/** An event before the list numbers it (Omit of each member, so the union stays one). */
type Unsequenced = Event extends infer E ? (E extends Event ? Omit<E, "seq"> : never) : never;

export function referenceRun(s: ReferenceScenario, seed: number): ReferenceResult {
  const F = s.rates.length;
  const B = s.curves.length;
  const N = s.scale ?? 1;
  const service = (j: number, n: number) => N * s.curves[j]!(n / N);
  const speed = new Array<number>(B).fill(1);
  const nextInCycle = new Array<number>(F).fill(0);
  const allowed = s.allowed ?? Array.from({ length: F }, () => Array.from({ length: B }, (_, j) => j));
  /** sent[i][j]: frontend i's send times to backend j (DGD-LB's in-flight correction). */
  const sent = Array.from({ length: F }, () => Array.from({ length: B }, () => [] as number[]));
  const rng = new Uniforms(seed);
  const size = () => (s.lognormalCv === undefined ? rng.exponential(1) : rng.lognormal(s.lognormalCv));
  const jitter = () => (s.jitterMean === undefined ? 0 : rng.exponential(1 / s.jitterMean));
  /** Frontend i's next open arrival after t (Infinity when none): Poisson, or piecewise by spending an Exp(1) budget of integrated rate. */
  const nextArrival = (i: number, t: number): number => {
    const a = s.arrivals?.[i];
    if (a === undefined) return t + rng.exponential(N * s.rates[i]!);
    const points = (a as { breakpoints: Array<[number, number]> }).breakpoints;
    let budget = rng.exponential(1);
    for (let k = 0; k < points.length; k++) {
      const [from, rate] = points[k]!;
      const to = k + 1 < points.length ? points[k + 1]![0] : Infinity;
      const start = Math.max(t, from);
      if (to <= start) continue;
      if (rate > 0 && budget / (N * rate) <= to - start) return start + budget / (N * rate);
      budget -= N * rate * (to - start);
    }
    return Infinity;
  };
  const closed = (i: number) => s.arrivals?.[i]?.kind === "closed";
  const queue = new EventList<Event>();
  let seq = 0;
  const at = (e: Unsequenced) => {
    (e as Event).seq = seq++;
    queue.add(e as Event);
  };

  const present: Request[][] = Array.from({ length: B }, () => []);
  const lastUpdate = new Array<number>(B).fill(0);
  const version = new Array<number>(B).fill(0);
  const publications: number[][] = []; // publications[k][j]: n_j at time k·Δ
  const heard = Array.from({ length: F }, () => Array.from({ length: B }, () => ({ n: 0, measured: -Infinity })));
  const routed = Array.from({ length: F }, () => new Array<number>(B).fill(0));
  let latencySum = 0;
  let servingSum = 0;
  let latencyCount = 0;

  /** Serves backend j's requests up to time t. */
  const advance = (j: number, t: number) => {
    const n = present[j]!.length;
    if (n > 0) {
      const each = ((speed[j]! * service(j, n)) / n) * (t - lastUpdate[j]!);
      for (const r of present[j]!) r.remaining -= each;
    }
    lastUpdate[j] = t;
  };
  const scheduleDeparture = (j: number, t: number) => {
    version[j]!++;
    const n = present[j]!.length;
    if (n === 0 || speed[j] === 0) return;
    let least = Infinity;
    for (const r of present[j]!) least = Math.min(least, r.remaining);
    at({ t: t + Math.max(least, 0) / ((speed[j]! * service(j, n)) / n), kind: "departure", backend: j, version: version[j]! });
  };

  /** Which periodic publication frontend i holds of backend j at time t (negative: none yet). */
  const heldPublication = (i: number, j: number, t: number, interval: number) => Math.floor((t - s.back[i]![j]!) / interval + 1e-12) - (s.staleBy ?? 0);
  /** What frontend i holds of backend j's count at time t, over N. */
  const view = (i: number, j: number, t: number): number => {
    const fb = s.feedback;
    if (fb.mode === "instant") return present[j]!.length / N;
    if (fb.mode === "piggyback") return heard[i]![j]!.n;
    const k = heldPublication(i, j, t, fb.interval);
    return k < 0 ? 0 : publications[k]![j]!;
  };
  /** When the count frontend i holds of backend j was measured. */
  const measuredAt = (i: number, j: number, t: number): number => {
    const fb = s.feedback;
    if (fb.mode === "instant") return t;
    if (fb.mode === "piggyback") return heard[i]![j]!.measured;
    return heldPublication(i, j, t, fb.interval) * fb.interval;
  };
  /** Uniform among the least scores (ties in backend order, one draw). */
  const argmin = (candidates: number[], score: (j: number) => number): number => {
    const scores = candidates.map(score);
    const least = Math.min(...scores);
    const tied = candidates.filter((_, a) => scores[a] === least);
    return tied.length === 1 ? tied[0]! : tied[rng.index(tied.length)]!;
  };
  // DGD-LB's routing: uniform over E_i until the first update
  const x = allowed.map((E) => Array.from({ length: B }, (_, j) => (E.includes(j) ? 1 / E.length : 0)));
  /** μ'_j(n̂) raised to docs/model.md section 5's floor for a flat curve. */
  const guardedSlope = (j: number, n: number) => Math.max(s.slopes![j]!(n), (1e-6 * s.curves[j]!(1)) / (1 + n));
  /** DGD-LB's in-flight correction: i's own requests sent to j too late to be in the count it holds. */
  const unseen = (i: number, j: number, t: number) => {
    const since = measuredAt(i, j, t) - s.out[i]![j]!;
    const log = sent[i]![j]!;
    // the count a pair holds is measured later at every update, so older sends are never unseen again
    while (log.length > 0 && log[0]! <= since) log.shift();
    return log.length / N;
  };
  const gradient = (i: number, j: number, t: number) => {
    const p = s.policy;
    const corrected = p.kind === "dgd-lb" && p.inflightCorrection === true;
    return s.out[i]![j]! + s.back[i]![j]! + 1 / guardedSlope(j, view(i, j, t) + (corrected ? unseen(i, j, t) : 0));
  };
  const route = (i: number, t: number): number => {
    const all = allowed[i]!;
    const p = s.policy;
    if (p.kind === "round-robin") {
      const k = nextInCycle[i]!;
      nextInCycle[i] = (k + 1) % all.length;
      return all[k]!;
    }
    if (p.kind === "nearest") return argmin(all, (j) => s.out[i]![j]!);
    if (p.kind === "gmsr") return argmin(all, (j) => -s.slopes![j]!(view(i, j, t)));
    if (p.kind === "marginal-greedy") return argmin(all, (j) => gradient(i, j, t));
    if (p.kind === "dgd-lb") {
      const u = rng.next();
      let sum = 0;
      for (let j = 0; j < B; j++) if (u < (sum += x[i]![j]!)) return j;
      let last = B - 1; // u at the rounding gap below 1: the last backend with a share
      while (x[i]![last] === 0) last--;
      return last;
    }
    if (p.kind === "jsq") return argmin(all, (j) => view(i, j, t) / (p.normalized ? s.capacities![j]! : 1));
    if (p.kind === "sed") return argmin(all, (j) => s.out[i]![j]! + s.back[i]![j]! + (view(i, j, t) + 1 / N) / s.curves[j]!(view(i, j, t) + 1 / N));
    const sampled: number[] = [];
    while (sampled.length < Math.min(p.d, all.length)) {
      const j = all[rng.index(all.length)]!;
      if (!sampled.includes(j)) sampled.push(j);
    }
    sampled.sort((a, b) => a - b);
    return argmin(sampled, (j) => view(i, j, t));
  };

  for (let i = 0; i < F; i++) {
    const a = s.arrivals?.[i];
    if (a?.kind === "closed") for (let c = 0; c < a.clients; c++) at({ t: 0, kind: "arrival", frontend: i });
    else at({ t: nextArrival(i, 0), kind: "arrival", frontend: i });
  }
  for (const w of s.speedWindows ?? []) {
    at({ t: w.from, kind: "speed", backend: w.backend, multiplier: w.multiplier });
    at({ t: w.to, kind: "speed", backend: w.backend, multiplier: 1 });
  }
  if (s.feedback.mode === "periodic") at({ t: 0, kind: "publish", k: 0 });
  if (s.policy.kind === "dgd-lb") at({ t: s.policy.updateInterval, kind: "update", k: 1 });

  for (;;) {
    const e = queue.poll();
    if (e === undefined || e.t > s.horizon) break;
    const t = e.t;
    switch (e.kind) {
      case "arrival": {
        const i = e.frontend;
        const j = route(i, t);
        if (t >= s.warmup) routed[i]![j]!++;
        sent[i]![j]!.push(t);
        at({ t: t + s.out[i]![j]! + jitter(), kind: "reach", request: { frontend: i, backend: j, born: t, reached: NaN, remaining: size() } });
        if (!closed(i)) at({ t: nextArrival(i, t), kind: "arrival", frontend: i });
        break;
      }
      case "reach": {
        const j = e.request.backend;
        advance(j, t);
        e.request.reached = t;
        present[j]!.push(e.request);
        scheduleDeparture(j, t);
        break;
      }
      case "departure": {
        const j = e.backend;
        if (e.version !== version[j]) break; // superseded by a later arrival or departure
        advance(j, t);
        const list = present[j]!;
        let k = 0;
        for (let a = 1; a < list.length; a++) if (list[a]!.remaining < list[k]!.remaining) k = a;
        const [done] = list.splice(k, 1);
        scheduleDeparture(j, t);
        at({ t: t + s.back[done!.frontend]![j]! + jitter(), kind: "response", request: done!, reported: list.length / N, departed: t });
        break;
      }
      case "response": {
        const r = e.request;
        if (t >= s.warmup) {
          latencySum += t - r.born;
          servingSum += e.departed - r.reached;
          latencyCount++;
        }
        if (closed(r.frontend)) {
          const think = (s.arrivals![r.frontend] as { thinkMean: number }).thinkMean;
          at({ t: t + (think > 0 ? rng.exponential(1 / think) : 0), kind: "arrival", frontend: r.frontend });
        }
        const held = heard[r.frontend]![r.backend]!;
        if (e.departed > held.measured) {
          held.n = e.reported;
          held.measured = e.departed;
        }
        break;
      }
      case "update": {
        const p = s.policy as { stepSize: number; updateInterval: number };
        for (let i = 0; i < F; i++) {
          const E = allowed[i]!;
          const projected = projectSimplex(E.map((j) => x[i]![j]! - p.stepSize * p.updateInterval * gradient(i, j, t)));
          E.forEach((j, a) => (x[i]![j] = projected[a]!));
        }
        at({ t: (e.k + 1) * p.updateInterval, kind: "update", k: e.k + 1 });
        break;
      }
      case "speed": {
        advance(e.backend, t);
        speed[e.backend] = e.multiplier;
        scheduleDeparture(e.backend, t);
        break;
      }
      case "publish": {
        publications[e.k] = present.map((list) => list.length / N);
        const interval = (s.feedback as { interval: number }).interval;
        at({ t: (e.k + 1) * interval, kind: "publish", k: e.k + 1 });
        break;
      }
    }
  }
  return {
    latencyMean: latencySum / latencyCount,
    servingMean: servingSum / latencyCount,
    shares: routed.map((row) => {
      const total = row.reduce((a, b) => a + b, 0);
      return row.map((c) => c / total);
    }),
  };
}
