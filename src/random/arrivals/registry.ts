// Arrival kinds keyed by the scenario's "kind" string: adding one is one file and one line in `entries`.
import type { ArrivalKind, ArrivalProcess, CarriedSizes } from "./arrivalKind.ts";
import { kindRegistry } from "../../input/fieldSchemas.ts";
import { poissonArrivals, type PoissonArrivals } from "./poisson.ts";
import { piecewiseArrivals, type PiecewiseArrivals } from "./piecewise.ts";
import { traceArrivals, type TraceArrivals } from "./trace.ts";
import { closedArrivals, type ClosedArrivals } from "./closed.ts";

const registry = kindRegistry("arrival", [poissonArrivals, piecewiseArrivals, traceArrivals, closedArrivals]);

/** A frontend's resolved arrivals: plain data, safe to send to worker threads. */
export type ArrivalSpec = PoissonArrivals | PiecewiseArrivals | TraceArrivals | ClosedArrivals;

/** Each kind under the general entry type (its methods typed by its own data inside its file). */
export const arrivalKinds = registry.kinds as unknown as ReadonlyMap<string, ArrivalKind>;
export const arrivalSchema = registry.schema;

function kindOf(spec: ArrivalSpec): ArrivalKind {
  const k = arrivalKinds.get(spec.kind);
  if (!k) throw new Error(`engine invariant violated: unknown arrival kind ${spec.kind}`);
  return k;
}

export const arrivalProcess = (spec: ArrivalSpec, scale: number): ArrivalProcess => kindOf(spec).process(spec, scale);
/** Mean arrival rate over [0, horizon] (unscaled), used for load checks and the optimum. */
export const meanArrivalRate = (spec: ArrivalSpec, horizon: number): number => kindOf(spec).meanRate(spec, horizon);
/** λ_i(t) of the fluid model. */
export const arrivalRateFunction = (spec: ArrivalSpec): ((t: number) => number) => kindOf(spec).rateFunction(spec);
/** The sizes a frontend's arrivals carry, or null when they come from its size law. */
export const carriedSizes = (spec: ArrivalSpec): CarriedSizes | null => kindOf(spec).carriedSizes?.(spec) ?? null;
/** `--set load=F` on a raw arrivals block: its kind's own rule, or nothing for an unknown kind (validation names it). */
export function scaleArrivalLoad(raw: Record<string, unknown>, factor: number): void {
  const kind = typeof raw.kind === "string" ? arrivalKinds.get(raw.kind) : undefined;
  kind?.scaleLoad(raw, factor);
}
export type { ArrivalProcess, CarriedSizes };
