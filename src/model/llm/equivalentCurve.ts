// An LLM engine's equivalent throughput curve μ(n): what routing, the optimum, the fluid model and DGD-LB read.
import type { Curve } from "../curves/curve.ts";
import { table } from "../curves/table.ts";
import { concaveMajorant } from "../curves/concaveMajorant.ts";
import type { LlmEngine } from "./llmEngine.ts";
import { LlmFleet } from "./llmFleet.ts";
import { SlotTokens } from "./slotTokens.ts";

/** Completions measured per request present, after as many again per... (WARMUP_ROUNDS·n) to forget the start. */
const WARMUP_ROUNDS = 5;
const MEASURED_ROUNDS = 20;
/** Every n up to this, then a geometric grid (the curve is piecewise linear between the points). */
const DENSE_UP_TO = 16;
const GRID_RATIO = 1.15;

/** The most requests the engine ever runs at once with these token counts: maxSequences, or what the KV cache holds. */
export function runningLimit(e: LlmEngine, input: number, output: number): number {
  const kv = e.kvTokens === null ? Infinity : Math.floor(e.kvTokens / (input + output));
  return Math.max(1, Math.min(e.maxSequences, kv));
}

/**
 * Requests per second one engine completes with exactly n requests present (a closed loop: each
 * completion is replaced at once), every request with `input` prompt and `output` output tokens.
 * The n requests join one per step, so their phases spread as under random arrivals, and the rate is
 * measured over MEASURED_ROUNDS·n completions after WARMUP_ROUNDS·n. Exact for the model, not a formula:
 * with combine "sum" and no binding budget it equals n / (a·O + b·n·(O−1) + c·n·I) (docs/model.md section 11).
 */
export function closedLoopRate(e: LlmEngine, input: number, output: number, n: number): number {
  const tokens = new SlotTokens();
  tokens.grow(n);
  tokens.input.fill(input);
  tokens.output.fill(output);
  const fleet = new LlmFleet([{ engine: e, servers: 1 }], tokens);
  const b = fleet.at(0);
  let present = 1;
  fleet.add(b, 0, 0, 1);
  let completions = 0;
  let t0 = 0;
  const warm = WARMUP_ROUNDS * n;
  const last = warm + MEASURED_ROUNDS * n;
  for (;;) {
    const t = fleet.nextDeparture(b);
    if (t === Infinity) throw new Error("engine invariant violated: an engine with requests present has no next step");
    const slot = fleet.depart(b, t);
    if (slot >= 0) {
      completions++;
      if (completions === warm) t0 = t;
      if (completions === last) return (last - warm) / (t - t0);
      fleet.add(b, t, slot, 1);
    }
    if (present < n) fleet.add(b, t, present++, 1);
  }
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
