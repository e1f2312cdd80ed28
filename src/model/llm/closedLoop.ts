// One engine under a closed loop of C clients with think time 0 and fixed token counts: what serving
// benchmarks measure (TTFT, inter-token latency, throughput), and the equivalent curve's μ(n).

import type { LlmEngine } from "./llmEngine.ts";
import { LlmFleet } from "./llmFleet.ts";
import { SlotTokens } from "./slotTokens.ts";

/** Completions per client ignored (the start) and then measured. */
export const WARMUP_ROUNDS = 5;
export const MEASURED_ROUNDS = 20;

export interface ClosedLoopResult {
  /** Requests completed per second. */
  rate: number;
  /** Output tokens per second. */
  throughput: number;
  /** Mean seconds from a request's arrival to its first token (no network). */
  ttft: number;
  /** Mean time per output token after the first, (last − first)/(O − 1); NaN for O = 1. */
  itl: number;
}

/**
 * The clients join one per step (their phases spread as under random arrivals; a benchmark's
 * clients drift apart the same way), each completion is replaced at once by the same client's next
 * request, and the figures are means over MEASURED_ROUNDS·C completions after WARMUP_ROUNDS·C.
 */
export function closedLoop(e: LlmEngine, input: number, output: number, clients: number): ClosedLoopResult {
  const tokens = new SlotTokens();
  tokens.grow(clients);
  tokens.input.fill(input);
  tokens.output.fill(output);
  const joined = new Float64Array(clients);
  const fleet = new LlmFleet([{ engine: e, servers: 1 }], tokens);
  const b = fleet.at(0);
  let present = 1;
  fleet.add(b, 0, 0, 1);
  let completions = 0;
  let t0 = 0;
  let ttft = 0;
  let itl = 0;
  const warm = WARMUP_ROUNDS * clients;
  const last = warm + MEASURED_ROUNDS * clients;
  for (;;) {
    const t = fleet.nextDeparture(b);
    if (t === Infinity) throw new Error("engine invariant violated: an engine with requests present has no next step");
    const slot = fleet.depart(b, t);
    if (slot >= 0) {
      completions++;
      if (completions === warm) t0 = t;
      else if (completions > warm) {
        ttft += tokens.firstToken[slot]! - joined[slot]!;
        itl += output > 1 ? (t - tokens.firstToken[slot]!) / (output - 1) : NaN;
        if (completions === last) {
          const n = last - warm;
          return { rate: n / (t - t0), throughput: (n * output) / (t - t0), ttft: ttft / n, itl: itl / n };
        }
      }
      joined[slot] = t;
      fleet.add(b, t, slot, 1);
    }
    if (present < clients) {
      joined[present] = t;
      fleet.add(b, t, present++, 1);
    }
  }
}
