// An LLM engine's equivalent throughput curve μ(n): what routing, the optimum, the fluid model and DGD-LB read.
import type { Curve } from "../curves/curve.ts";
import { table } from "../curves/table.ts";
import { concaveMajorant } from "../curves/concaveMajorant.ts";
import type { LlmEngine } from "./llmEngine.ts";
import { closedLoop } from "./closedLoop.ts";

/** Every n up to this, then a geometric grid (the curve is piecewise linear between the points). */
const DENSE_UP_TO = 16;
const GRID_RATIO = 1.15;

/** The most requests the engine ever runs at once with these token counts: maxSequences, or what the KV cache holds. */
export function runningLimit(e: LlmEngine, input: number, output: number): number {
  const kv = e.kvTokens === null ? Infinity : Math.floor(e.kvTokens / (input + output));
  return Math.max(1, Math.min(e.maxSequences, kv));
}

/**
 * Requests per second one engine completes with exactly n requests present, every request with
 * `input` prompt and `output` output tokens: the closed loop of n clients with no think time
 * (closedLoop.ts). Exact for the model, not a formula: with combine "sum" and no binding budget it
 * equals n / (a·O + b·n·(O−1) + c·n·I) (docs/model.md section 11).
 */
export function closedLoopRate(e: LlmEngine, input: number, output: number, n: number): number {
  return closedLoop(e, input, output, n).rate;
}

/** n at which μ is measured: 1…DENSE_UP_TO, then ×GRID_RATIO, and the running limit itself. */
function grid(limit: number): number[] {
  const ns: number[] = [];
  for (let n = 1; n <= Math.min(limit, DENSE_UP_TO); n++) ns.push(n);
  for (let n = DENSE_UP_TO * GRID_RATIO; n < limit; n *= GRID_RATIO) if (Math.round(n) > ns.at(-1)!) ns.push(Math.round(n));
  if (ns.at(-1)! < limit) ns.push(limit);
  return ns;
}

const cache = new Map<string, Curve>();

/**
 * μ(n) in requests/s for one engine at mean token counts (rounded to whole tokens): the closed-loop
 * rate at a grid of n up to the running limit, flat beyond it (waiting requests add nothing), made
 * non-decreasing and replaced by its least concave majorant, as routing and the fluid model need.
 */
export function equivalentCurve(e: LlmEngine, meanInput: number, meanOutput: number): Curve {
  const input = Math.max(1, Math.round(meanInput));
  const output = Math.max(1, Math.round(meanOutput));
  const key = JSON.stringify([e, input, output]);
  const hit = cache.get(key);
  if (hit) return hit;
  let best = 0;
  const points = grid(runningLimit(e, input, output)).map((n) => [n, (best = Math.max(best, closedLoopRate(e, input, output, n)))] as [number, number]);
  const curve = table(concaveMajorant(points));
  cache.set(key, curve);
  return curve;
}
