// An independent DGD-LB fluid integrator for checking the critical-step search: written from
// docs/model.md sections 3 and 5 alone, sharing no code with src/ (plain Euler on the aggregate
// queues, sort-based projection, delays read from rings at whole steps), so a fault in the
// simulator's fluid model, optimum or judge cannot hide in both.

export interface SaturatingBackend {
  max: number;
  half: number;
}

export interface DgdFluidCase {
  /** λ_i, requests per second (mean size 1). */
  rates: number[];
  backends: SaturatingBackend[];
  /** One-way and return latencies in seconds, [i][j]. */
  oneWay: number[][];
  back: number[][];
  updateInterval: number;
}

const mu = (b: SaturatingBackend, n: number) => (b.max * n) / (n + b.half);
const muPrime = (b: SaturatingBackend, n: number) => (b.max * b.half) / ((n + b.half) * (n + b.half));

/** Euclidean projection of v onto the probability simplex (sort-based). */
export function projectSimplex(v: number[]): number[] {
  const u = [...v].sort((a, b) => b - a);
  let sum = 0;
  let theta = 0;
  for (let k = 0; k < u.length; k++) {
    sum += u[k]!;
    const t = (sum - 1) / (k + 1);
    if (u[k]! - t > 0) theta = t;
  }
  return v.map((x) => Math.max(0, x - theta));
}

/**
 * Runs DGD-LB at a small step until it settles, then switches to `stepSize` with every
 * frontend's routing kicked by 1e-3 and integrates `periods` windows of `window` seconds.
 * Returns the peak-to-peak amplitude of the queues (largest over backends) in each window.
 */
export function kickedAmplitudes(c: DgdFluidCase, stepSize: number, window: number, periods: number, h = 5e-4): number[] {
  const F = c.rates.length;
  const B = c.backends.length;
  const lag = (d: number) => Math.round(d / h);
  const depth = 1 + Math.max(...c.oneWay.flat().map(lag), ...c.back.flat().map(lag));
  const xRing = Array.from({ length: depth }, () => c.rates.map(() => new Array<number>(B).fill(1 / B)));
  const qRing = Array.from({ length: depth }, () => new Array<number>(B).fill(0));
  let x = c.rates.map(() => new Array<number>(B).fill(1 / B));
  let q = new Array<number>(B).fill(0);
  const every = Math.round(c.updateInterval / h);
  let n = 0;
  const step = (eta: number) => {
    if (n % every === 0 && n > 0) {
      x = x.map((xi, i) =>
        projectSimplex(
          xi.map((xij, j) => {
            const held = qRing[(n - lag(c.back[i]![j]!) + depth * 1e6) % depth]![j]!;
            return xij - eta * c.updateInterval * (c.oneWay[i]![j]! + c.back[i]![j]! + 1 / muPrime(c.backends[j]!, held));
          }),
        ),
      );
    }
    xRing[n % depth] = x.map((xi) => [...xi]);
    const next = q.map((qj, j) => {
      let inflow = 0;
      for (let i = 0; i < F; i++) inflow += c.rates[i]! * xRing[(n - lag(c.oneWay[i]![j]!) + depth * 1e6) % depth]![i]![j]!;
      return Math.max(0, qj + h * (inflow - mu(c.backends[j]!, qj)));
    });
    q = next;
    n++;
    qRing[n % depth] = [...q];
  };
  const settleSteps = Math.round(Math.max(200, 40 * window) / h);
  for (let k = 0; k < settleSteps; k++) step(0.3 * stepSize);
  x = x.map((xi) => {
    const order = xi.map((_, j) => j).sort((a, b) => xi[b]! - xi[a]!);
    const kicked = [...xi];
    const move = Math.min(1e-3, kicked[order[0]!]!);
    kicked[order[0]!]! -= move;
    kicked[order[1]!]! += move;
    return kicked;
  });
  const amplitudes: number[] = [];
  const perWindow = Math.round(window / h);
  for (let w = 0; w < periods; w++) {
    const low = new Array<number>(B).fill(Infinity);
    const high = new Array<number>(B).fill(-Infinity);
    for (let k = 0; k < perWindow; k++) {
      step(stepSize);
      q.forEach((v, j) => {
        low[j] = Math.min(low[j]!, v);
        high[j] = Math.max(high[j]!, v);
      });
    }
    amplitudes.push(Math.max(...high.map((v, j) => v - low[j]!)));
  }
  return amplitudes;
}
