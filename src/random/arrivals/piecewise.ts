// Non-homogeneous Poisson arrivals with a piecewise-constant rate (a daily cycle, a flash crowd).
import * as z from "zod";
import { standardExponential } from "../exponentialZiggurat.ts";
import { arrivalKind } from "./arrivalKind.ts";
import { pairs, strict } from "../../input/fieldSchemas.ts";

export interface PiecewiseArrivals {
  kind: "piecewise";
  times: Float64Array;
  rates: Float64Array;
}

/** Index of the segment holding t (the last breakpoint at or before t), −1 before the first. */
function segmentAt(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let k = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) {
      k = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return k;
}

export const piecewiseArrivals = arrivalKind({
  kind: "piecewise",
  schema: strict({
    kind: z.literal("piecewise"),
    breakpoints: pairs("[time, rate]", "[t seconds, λ requests per second] pairs: rate λ from t until the next breakpoint (0 before the first, the last rate after)"),
  }),
  resolve(spec, ctx): PiecewiseArrivals | null {
    const times = Float64Array.from(spec.breakpoints, (p) => p[0]);
    const rates = Float64Array.from(spec.breakpoints, (p) => p[1]);
    for (let k = 1; k < times.length; k++) {
      if (!(times[k]! > times[k - 1]!)) {
        ctx.report(`${ctx.path}.breakpoints[${k}]`, `times must increase strictly (got ${times[k]} after ${times[k - 1]})`);
        return null;
      }
    }
    if (!rates.some((r) => r > 0)) {
      ctx.report(`${ctx.path}.breakpoints`, "at least one rate must be > 0");
      return null;
    }
    return { kind: "piecewise", times, rates };
  },
  /**
   * By inversion of the cumulative rate: a unit exponential is spent across segments. Exact, one
   * draw per arrival.
   */
  process(data: PiecewiseArrivals, scale) {
    const { times, rates } = data;
    const m = times.length;
    return {
      size: NaN,
      input: NaN,
      output: NaN,
      next(rng, now) {
        let budget = standardExponential(rng);
        let t = now;
        let k = segmentAt(times, t);
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
  },
  meanRate(data: PiecewiseArrivals, horizon) {
    let area = 0;
    for (let k = 0; k < data.times.length; k++) {
      const from = Math.max(0, data.times[k]!);
      const to = k + 1 < data.times.length ? Math.min(horizon, data.times[k + 1]!) : horizon;
      if (to > from) area += data.rates[k]! * (to - from);
    }
    return area / horizon;
  },
  rateFunction: (data: PiecewiseArrivals) => (t) => {
    const k = segmentAt(data.times, t);
    return k < 0 ? 0 : data.rates[k]!;
  },
  /** Every breakpoint's rate ×factor. */
  scaleLoad(spec, factor) {
    if (Array.isArray(spec.breakpoints)) spec.breakpoints = spec.breakpoints.map((p: unknown) => (Array.isArray(p) && typeof p[1] === "number" ? [p[0], p[1] * factor] : p));
  },
});
