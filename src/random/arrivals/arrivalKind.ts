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
  /**
   * `--set load=F`: multiplies the demand of a raw spec (before validation, so it leaves alone what
   * it does not recognise: the schema reports that afterwards).
   */
  scaleLoad(spec: Record<string, unknown>, factor: number): void;
  /** When the arrivals carry their own request sizes (a trace's column); absent or null: sizes come from the frontend's size law. */
  carriedSizes?(data: D): CarriedSizes | null;
}

export interface CarriedSizes {
  /** Mean size of the requests arriving up to `horizon` (NaN when none does). */
  mean(horizon: number): number;
  /** The mean a frontend may assume before it has seen a request; null: it learns it from its requests. */
  declaredMean: number | null;
}

/** Declares an arrival kind with its methods typed by its schema and data. */
export function arrivalKind<S extends z.ZodType, D extends { kind: string }>(entry: ArrivalKind<S, D>): ArrivalKind<S, D> {
  return entry;
}
