// Fit an LLM engine (a, b, c, S) to a measured serving table by closed-loop simulation of the chosen rows.
import type { LlmEngine } from "./llmEngine.ts";
import { closedLoop } from "./closedLoop.ts";

/** One measured row: C clients in a closed loop, and what the benchmark reported (seconds, tokens/s). */
export interface MeasuredRow {
  concurrency: number;
  ttft: number;
  itl: number;
  throughput: number;
}

export interface FitOptions {
  input: number;
  output: number;
  combine: "max" | "sum";
  /** Concurrencies of the rows fitted on (the others are predicted). */
  rows: number[];
  /** Fix S instead of fitting it. */
  maxSequences?: number;
  chunkTokens?: number;
}

export interface FitResult {
  engine: { kind: "llm" } & Omit<LlmEngine, "chunkTokens" | "kvTokens"> & { chunkTokens?: number };
  rows: Array<{ concurrency: number; fitted: boolean; measured: Omit<MeasuredRow, "concurrency">; predicted: Omit<MeasuredRow, "concurrency"> }>;
  /** Largest |predicted/measured − 1| over every row, and over the rows not fitted on. */
  maxRelativeError: { ttft: number; itl: number; throughput: number };
  heldOutMaxRelativeError: { ttft: number; itl: number; throughput: number } | null;
  /** Summed squared log errors on the fitted rows (what the fit minimised). */
  loss: number;
  /** Closed-loop simulations the fit ran. */
  evaluations: number;
}

/** Chunk budgets tried when none is given: none, then powers of two around a prompt's size. */
const CHUNK_CANDIDATES = [undefined, 512, 1024, 2048, 4096, 8192, 16384];

/** The fit with the lowest loss on the chosen rows over the chunk budgets (the given one when there is one). */
export function fitEngineChoosingChunk(table: MeasuredRow[], o: FitOptions): FitResult {
  if (o.chunkTokens !== undefined) return fitEngine(table, o);
  let best: FitResult | null = null;
  let evaluations = 0;
  for (const chunkTokens of CHUNK_CANDIDATES) {
    const r = fitEngine(table, { ...o, chunkTokens });
    evaluations += r.evaluations;
    if (!best || r.loss < best.loss) best = r;
  }
  return { ...best!, evaluations };
}

const METRICS = ["ttft", "itl", "throughput"] as const;

function predict(e: LlmEngine, o: FitOptions, c: number): Omit<MeasuredRow, "concurrency"> {
  const r = closedLoop(e, o.input, o.output, c);
  return { ttft: r.ttft, itl: r.itl, throughput: r.throughput };
}

/**
 * Nelder–Mead on log a, log b, log c (and log S unless given) minimising the summed squared log
 * errors of TTFT, inter-token latency and throughput on the fitted rows. The start reads the table:
 * at one client a decode step is a + b (the ITL) and the prefill step c·I (the TTFT); the plateau's
 * rate and the queueing delay at the most clients give S.
 */
export function fitEngine(table: MeasuredRow[], o: FitOptions): FitResult {
  const chosen = o.rows.map((c) => {
    const row = table.find((r) => r.concurrency === c);
    if (!row) throw new RangeError(`--rows: concurrency ${c} is not a row of the table (rows: ${table.map((r) => r.concurrency).join(", ")})`);
    return row;
  });
  const free = o.maxSequences === undefined ? 4 : 3;
  if (chosen.length * 3 < free) throw new RangeError(`--rows: ${chosen.length} row(s) give ${chosen.length * 3} measurements for ${free} parameters; choose more rows`);
  const lone = [...table].sort((x, y) => x.concurrency - y.concurrency)[0]!;
  const most = [...table].sort((x, y) => y.concurrency - x.concurrency)[0]!;
  const plateauRate = most.throughput / o.output;
  const s0 = o.maxSequences ?? Math.max(1, Math.min(most.concurrency, most.concurrency - (most.ttft - lone.ttft) * plateauRate));
  const a0 = Math.max(1e-6, 0.8 * lone.itl);
  const b0 = Math.max(1e-7, (most.itl - a0) / s0);
  const c0 = Math.max(1e-9, lone.ttft / o.input);
  const engineAt = (x: number[]): LlmEngine => ({
    stepBase: Math.exp(x[0]!),
    stepPerSequence: Math.exp(x[1]!),
    stepPerToken: Math.exp(x[2]!),
    combine: o.combine,
    // S above twice the most clients measured changes nothing the table can show
    maxSequences: o.maxSequences ?? Math.max(1, Math.min(2 * most.concurrency, Math.round(Math.exp(x[3]!)))),
    chunkTokens: o.chunkTokens ?? null,
    kvTokens: null,
  });
  let evaluations = 0;
  const loss = (x: number[]): number => {
    const e = engineAt(x);
    let sum = 0;
    for (const row of chosen) {
      evaluations++;
      const p = predict(e, o, row.concurrency);
      for (const m of METRICS) sum += Math.log(p[m] / row[m]) ** 2;
    }
    return Number.isFinite(sum) ? sum : Infinity;
  };
  const start = [Math.log(a0), Math.log(b0), Math.log(c0), ...(o.maxSequences === undefined ? [Math.log(s0)] : [])];
  const best = nelderMead(loss, start, 0.3, 400);
  const engine = engineAt(best);
  const bestLoss = loss(best);
  const rows = [...table]
    .sort((x, y) => x.concurrency - y.concurrency)
    .map((r) => ({
      concurrency: r.concurrency,
      fitted: o.rows.includes(r.concurrency),
      measured: { ttft: r.ttft, itl: r.itl, throughput: r.throughput },
      predicted: predict(engine, o, r.concurrency),
    }));
  const worst = (subset: typeof rows) => Object.fromEntries(METRICS.map((m) => [m, Math.max(...subset.map((r) => Math.abs(r.predicted[m] / r.measured[m] - 1)))])) as FitResult["maxRelativeError"];
  const heldOut = rows.filter((r) => !r.fitted);
  return {
    engine: {
      kind: "llm",
      stepBase: engine.stepBase,
      stepPerSequence: engine.stepPerSequence,
      stepPerToken: engine.stepPerToken,
      combine: engine.combine,
      maxSequences: engine.maxSequences,
      ...(o.chunkTokens !== undefined ? { chunkTokens: o.chunkTokens } : {}),
    },
    rows,
    maxRelativeError: worst(rows),
    heldOutMaxRelativeError: heldOut.length ? worst(heldOut) : null,
    loss: bestLoss,
    evaluations,
  };
}

/** Nelder–Mead simplex minimisation from x0 with initial steps `step`, at most `iterations` iterations. */
export function nelderMead(f: (x: number[]) => number, x0: number[], step: number, iterations: number): number[] {
  const n = x0.length;
  let simplex = [x0, ...x0.map((_, k) => x0.map((v, m) => (m === k ? v + step : v)))].map((x) => ({ x, y: f(x) }));
  const add = (p: number[], q: number[], t: number) => p.map((v, k) => v + t * (q[k]! - v));
  for (let it = 0; it < iterations; it++) {
    simplex.sort((p, q) => p.y - q.y);
    const best = simplex[0]!;
    const worst = simplex[n]!;
    if (Math.abs(worst.y - best.y) <= 1e-10 * (Math.abs(best.y) + 1e-12)) break;
    const centroid = x0.map((_, k) => simplex.slice(0, n).reduce((s, p) => s + p.x[k]!, 0) / n);
    const reflected = add(centroid, worst.x, -1);
    const fr = f(reflected);
    if (fr < best.y) {
      const expanded = add(centroid, worst.x, -2);
      const fe = f(expanded);
      simplex[n] = fe < fr ? { x: expanded, y: fe } : { x: reflected, y: fr };
    } else if (fr < simplex[n - 1]!.y) simplex[n] = { x: reflected, y: fr };
    else {
      const contracted = add(centroid, worst.x, 0.5);
      const fc = f(contracted);
      if (fc < worst.y) simplex[n] = { x: contracted, y: fc };
      else simplex = simplex.map((p, k) => (k === 0 ? p : { x: add(best.x, p.x, 0.5), y: f(add(best.x, p.x, 0.5)) }));
    }
  }
  simplex.sort((p, q) => p.y - q.y);
  return simplex[0]!.x;
}
