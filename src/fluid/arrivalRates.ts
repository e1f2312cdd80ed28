// λ_i(t) of the fluid model: the rate of each frontend's arrival process as a function of time.
import type { ArrivalSpec } from "../scenario/scenario.ts";

/** Bin width used to turn a replayed trace into a piecewise-constant rate. */
export const TRACE_RATE_BIN = 1;

/**
 * Poisson: constant. Piecewise: its breakpoints. Trace: arrivals per TRACE_RATE_BIN-second bin
 * (the fluid sees the trace's rate, not its individual requests).
 */
export function arrivalRateFunction(spec: ArrivalSpec): (t: number) => number {
  switch (spec.kind) {
    case "poisson":
      return () => spec.rate;
    case "piecewise": {
      const { times, rates } = spec;
      return (t) => {
        let k = -1;
        let lo = 0;
        let hi = times.length - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          if (times[mid]! <= t) {
            k = mid;
            lo = mid + 1;
          } else hi = mid - 1;
        }
        return k < 0 ? 0 : rates[k]!;
      };
    }
    case "trace": {
      const last = spec.times.length ? spec.times[spec.times.length - 1]! : 0;
      const counts = new Float64Array(Math.floor(last / TRACE_RATE_BIN) + 1);
      for (const t of spec.times) if (t >= 0) counts[Math.floor(t / TRACE_RATE_BIN)]! += 1;
      return (t) => {
        const bin = Math.floor(t / TRACE_RATE_BIN);
        return t < 0 || bin >= counts.length ? 0 : counts[bin]! / TRACE_RATE_BIN;
      };
    }
  }
}
