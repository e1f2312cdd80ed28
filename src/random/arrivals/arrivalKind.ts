// The arrival-kind interface: schema, resolution to plain data, the process, and its rates for the model.
import type * as z from "zod";
import type { BuildContext } from "../distributions/distribution.ts";
import type { Stream } from "../stream.ts";

export interface ArrivalProcess {
  /** Time of the next arrival after now (Infinity when there is none). */
  next(rng: Stream, now: number): number;
  /** Size carried by the arrival just returned by next(), or NaN when sizes come from the size distribution. */
  size: number;
  /** Prompt and output tokens carried by that arrival (a trace's columns), or NaN when they come from the token laws. */
  input: number;
  output: number;
}

/**
 * An arrival kind. resolve() turns the validated spec into plain data (typed arrays, no
 * functions: it crosses to worker threads); the rest read only that data.
 */
export interface ArrivalKind<S extends z.ZodType = z.ZodType, D extends { kind: string } = { kind: string }> {
  readonly kind: string;
  readonly schema: S;
  resolve(spec: z.output<S>, ctx: BuildContext): D | null;
  /** The stochastic process at fluid scale N (rates ×N). */
  process(data: D, scale: number): ArrivalProcess;
  /** Mean rate over [0, horizon], unscaled: load checks, the optimum, the fluid model's stationary input. */
  meanRate(data: D, horizon: number): number;
  /** λ(t), unscaled: the fluid model's input. */
  rateFunction(data: D): (t: number) => number;
}

/** Declares an arrival kind with its methods typed by its schema and data. */
export function arrivalKind<S extends z.ZodType, D extends { kind: string }>(entry: ArrivalKind<S, D>): ArrivalKind<S, D> {
  return entry;
}
