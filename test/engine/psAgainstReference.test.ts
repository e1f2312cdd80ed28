// The engine's processor sharing (virtual-time finish tags in a heap) against the definition,
// request by request: a replayed trace of sizes routed round-robin is deterministic, so each
// request must leave its backend when a naive PS that subtracts every present request's share of
// the work at every event says it does. Six curve kinds, separately batching and merged servers, speed windows
// and an outage; the trace has a heavy tail and requests born at the same instant. The run's
// metrics must then be docs/model.md section 7's measurements of those same departures.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { scenarioFrom, stream, tempDir, writeJson } from "../helpers.ts";
import { simulate } from "../../src/engine/simulation.ts";
import { metricSample } from "../../src/stats/runMetrics.ts";

const HORIZON = 300;
const WARMUP = 30;

interface Backend {
  curve: Record<string, unknown>;
  /** μ(n) of the curve, written from docs/scenario-format.md's table. */
  mu: (n: number) => number;
  servers?: number;
  /** "merged": the servers form one batch, k·μ(n). */
  batching?: "merged";
  windows?: Array<{ from: number; to: number; multiplier: number }>;
  out: number;
}

/** Piecewise-linear through (0, 0) and the points, flat after the last. */
function tableMu(points: Array<[number, number]>): (n: number) => number {
  const all: Array<[number, number]> = [[0, 0], ...points];
  return (n) => {
    for (let k = 1; k < all.length; k++) {
      const [x0, y0] = all[k - 1]!;
      const [x1, y1] = all[k]!;
      if (n <= x1) return y0 + ((y1 - y0) * (n - x0)) / (x1 - x0);
    }
    return all.at(-1)![1];
  };
}

const BACKENDS: Backend[] = [
  { curve: { kind: "linear-capped", rate: 1.5, slots: 3 }, mu: (n) => 1.5 * Math.min(n, 3), out: 0.01 },
  { curve: { kind: "saturating", max: 5, half: 2 }, mu: (n) => (5 * n) / (n + 2), out: 0.03, windows: [{ from: 40, to: 55, multiplier: 0 }] },
  { curve: { kind: "exp-saturating", max: 4.5, scale: 2 }, mu: (n) => 4.5 * (1 - Math.exp(-n / 2)), out: 0, windows: [{ from: 100, to: 160, multiplier: 0.4 }] },
  { curve: { kind: "power", coef: 2, exponent: 0.6 }, mu: (n) => 2 * n ** 0.6, out: 0.2 },
  {
    curve: {
      kind: "table",
      points: [
        [1, 1.2],
        [4, 3.5],
        [10, 5],
      ],
    },
    mu: tableMu([
      [1, 1.2],
      [4, 3.5],
      [10, 5],
    ]),
    out: 0.05,
  },
  { curve: { kind: "saturating", max: 2.2, half: 1 }, mu: (n) => (2.2 * n) / (n + 1), servers: 3, out: 0.02, windows: [{ from: 200, to: 230, multiplier: 1.5 }] },
  { curve: { kind: "saturating", max: 1.6, half: 3 }, mu: (n) => (1.6 * n) / (n + 3), servers: 2, batching: "merged", out: 0.04 },
];

/** The backend's total rate with n present: k servers, n = k·m + r, r of them holding m + 1, or one merged batch (docs/model.md section 1). */
function backendRate(b: Backend, n: number): number {
  const k = b.servers ?? 1;
  if (b.batching === "merged") return k * b.mu(n);
  const m = Math.floor(n / k);
  const r = n - k * m;
  return (k - r) * b.mu(m) + r * b.mu(m + 1);
}

/**
 * Departure times by the definition: at every event each present request receives
 * speed·rate(n)/n times the time since the last event; the one with the least work left leaves
 * when that reaches zero.
 */
function naivePs(b: Backend, arrivals: Array<{ id: number; reach: number; size: number }>): Map<number, number> {
  const left = new Map<number, number>();
  const departed = new Map<number, number>();
  const speedAt = (t: number) => b.windows?.find((w) => w.from <= t && t < w.to)?.multiplier ?? 1;
  const changes = (b.windows ?? []).flatMap((w) => [w.from, w.to]).sort((x, y) => x - y);
  let now = 0;
  let next = 0;
  const serve = (until: number) => {
    const n = left.size;
    if (n > 0) {
      const each = (speedAt(now) * backendRate(b, n) * (until - now)) / n;
      for (const [id, w] of left) left.set(id, w - each);
    }
    now = until;
  };
  for (;;) {
    const n = left.size;
    const speed = speedAt(now);
    let leaving = -1;
    let tDepart = Infinity;
    if (n > 0 && speed > 0) {
      for (const [id, w] of left) if (leaving < 0 || w < left.get(leaving)!) leaving = id;
      tDepart = now + Math.max(left.get(leaving)!, 0) / ((speed * backendRate(b, n)) / n);
    }
    const tArrive = next < arrivals.length ? arrivals[next]!.reach : Infinity;
    const tChange = changes.find((c) => c > now) ?? Infinity;
    const t = Math.min(tDepart, tArrive, tChange);
    if (t === Infinity || t > HORIZON) return departed;
    serve(t);
    if (t === tDepart) {
      left.delete(leaving);
      departed.set(leaving, t);
    } else if (t === tArrive) {
      const a = arrivals[next++]!;
      left.set(a.id, a.size);
    }
  }
}

/** A seeded trace: Poisson at 18/s, a lognormal body with a heavy tail (some sizes 50× the mean), pairs born at one instant. */
function traceRows(seed: number): Array<{ t: number; size: number }> {
  const next = stream(seed);
  const u = () => 1 - next(); // in (0, 1]: logarithms stay finite
  const rows: Array<{ t: number; size: number }> = [];
  let t = 0;
  while (t < HORIZON) {
    t += -Math.log(u()) / 18;
    const twins = u() < 0.05 ? 2 : 1;
    for (let k = 0; k < twins; k++) {
      const z = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
      rows.push({ t, size: u() < 0.01 ? 50 : Math.exp(-0.5 + z) });
    }
  }
  return rows;
}

describe("processor sharing agrees with its definition, request by request", () => {
  for (const seed of [1, 2]) {
    it(`six curve kinds, three separately batching servers, two merged ones, speed windows and an outage (seed ${seed})`, () => {
      const rows = traceRows(seed);
      const dir = tempDir();
      writeFileSync(join(dir, "trace.csv"), `arrival_s,size\n${rows.map((r) => `${r.t},${r.size}`).join("\n")}\n`);
      const s = scenarioFrom(
        {
          horizon: HORIZON,
          warmup: WARMUP,
          frontends: [{ id: "f", arrivals: { kind: "trace", path: "trace.csv", sizeColumn: "size" } }],
          backends: BACKENDS.map((b, j) => ({ id: `b${j}`, curve: b.curve, servers: b.servers ?? 1, ...(b.batching ? { batching: b.batching } : {}), capacitySchedule: b.windows ?? [] })),
          latency: { oneWay: { f: Object.fromEntries(BACKENDS.map((b, j) => [`b${j}`, b.out])) } },
          policy: { kind: "round-robin" },
        },
        writeJson(dir, "scenario.json", {}),
      );
      const engine = new Map<number, { backend: string; departed: number }>();
      const run = simulate(s, { trace: { request: (id, _f, backend, _size, _born, _reached, departed) => engine.set(id, { backend, departed }) } });
      // the engine's rows are the requests whose response is back by the horizon (the back leg is the out leg)
      const expected = BACKENDS.map((b, j) =>
        naivePs(
          b,
          rows.flatMap((r, id) => (id % BACKENDS.length === j ? [{ id, reach: r.t + b.out, size: r.size }] : [])),
        ),
      );
      const wrong: string[] = [];
      let compared = 0;
      for (const [j, departures] of expected.entries())
        for (const [id, t] of departures) {
          if (t + BACKENDS[j]!.out > HORIZON) continue;
          const e = engine.get(id);
          if (e?.backend !== `b${j}` || !(Math.abs(e.departed - t) <= 1e-7)) wrong.push(`request ${id} at b${j}: engine ${e?.backend} ${e?.departed}, definition ${t}`);
          compared++;
        }
      expect(wrong.slice(0, 5)).toEqual([]);
      expect(engine.size).toBe(compared);
      expect(compared).toBeGreaterThan(4000);

      // section 7: responses received in [warmup, horizon], departures in it, births in it, and
      // the number present integrated over it
      const window = HORIZON - WARMUP;
      const inWindow = (t: number) => t >= WARMUP && t <= HORIZON;
      const want: Record<string, number> = {};
      const latencies: number[] = [];
      for (const [j, departures] of expected.entries()) {
        const b = BACKENDS[j]!;
        let sojourn = 0;
        let departed = 0;
        let area = 0;
        for (const [id, r] of rows.entries()) {
          if (id % BACKENDS.length !== j) continue;
          const reach = r.t + b.out;
          const leave = departures.get(id) ?? Infinity;
          area += Math.max(0, Math.min(leave, HORIZON) - Math.max(reach, WARMUP));
          if (inWindow(leave)) {
            sojourn += leave - reach;
            departed++;
          }
          if (inWindow(leave + b.out)) latencies.push(leave + b.out - r.t);
        }
        want[`backend.b${j}.throughput`] = departed / window;
        want[`backend.b${j}.sojourn.mean`] = sojourn / departed;
        want[`backend.b${j}.inSystem.mean`] = area / window;
        const born = rows.filter((r) => inWindow(r.t)).length;
        want[`frontend.f.share.b${j}`] = rows.filter((r, id) => id % BACKENDS.length === j && inWindow(r.t)).length / born;
      }
      want["latency.mean"] = latencies.reduce((a, x) => a + x, 0) / latencies.length;
      const off = Object.entries(want).filter(([key, value]) => !(Math.abs(metricSample(run, key)!.point - value) <= 1e-9 * Math.max(1, Math.abs(value))));
      expect(off.map(([key, value]) => `${key}: run ${metricSample(run, key)!.point}, definition ${value}`)).toEqual([]);
      // quantiles: the ⌈p·n⌉-th smallest latency, to the histogram's ±0.2%
      latencies.sort((a, b) => a - b);
      for (const p of [0.5, 0.9, 0.99]) {
        const exact = latencies[Math.ceil(p * latencies.length) - 1]!;
        const reported = metricSample(run, `latency.p${Math.round(p * 100)}`)!.point;
        expect(Math.abs(reported / exact - 1), `latency.p${Math.round(p * 100)}: ${reported} against ${exact}`).toBeLessThan(0.002);
      }
    });
  }
});
