// Arrival processes of a frontend: next arrival time after `now`, drawing from the frontend's stream.
import { uniform, type Stream } from "../stream.ts";
import type { ArrivalSpec } from "../../scenario/scenario.ts";

export interface ArrivalProcess {
  /** Time of the next arrival after now (Infinity when there is none). */
  next(rng: Stream, now: number): number;
  /** Size carried by the arrival just returned by next(), or NaN when sizes come from the size distribution. */
  size: number;
}

/** Homogeneous Poisson with rate λ: exponential gaps. */
export function poissonArrivals(rate: number): ArrivalProcess {
  return { next: (rng, now) => now - Math.log(uniform(rng)) / rate, size: NaN };
}

/**
 * Non-homogeneous Poisson with piecewise-constant rate (rates[k] on [times[k], times[k+1]),
 * zero before times[0], rates[last] after), by inversion of the cumulative rate: a unit
 * exponential is spent across segments. Exact, one draw per arrival.
 */
export function piecewiseArrivals(times: Float64Array, rates: Float64Array, scale: number): ArrivalProcess {
  const m = times.length;
  return {
    size: NaN,
    next(rng, now) {
      let budget = -Math.log(uniform(rng));
      let t = now;
      let k = 0;
      while (k < m && times[k]! <= t) k++;
      k--; // segment holding t (-1: before the first breakpoint)
      for (;;) {
        const rate = k < 0 ? 0 : rates[k]! * scale;
        const end = k + 1 < m ? times[k + 1]! : Infinity;
        if (rate > 0 && budget <= rate * (end - t)) return t + budget / rate;
        if (end === Infinity) return Infinity;
        budget -= rate * (end - t);
        t = end;
        k++;
      }
    },
  };
}

/** Replays the trace's times (and sizes, when it has a size column); draws nothing. */
export function traceArrivals(times: Float64Array, sizes: Float64Array | null): ArrivalProcess {
  let k = 0;
  const p: ArrivalProcess = {
    size: NaN,
    next() {
      if (k >= times.length) return Infinity;
      if (sizes) p.size = sizes[k]!;
      return times[k++]!;
    },
  };
  return p;
}

export function arrivalProcess(spec: ArrivalSpec, scale: number): ArrivalProcess {
  switch (spec.kind) {
    case "poisson":
      return poissonArrivals(spec.rate * scale);
    case "piecewise":
      return piecewiseArrivals(spec.times, spec.rates, scale);
    case "trace":
      return traceArrivals(spec.times, spec.sizes);
  }
}
