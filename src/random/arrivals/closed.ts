// Closed-loop arrivals, as serving benchmarks are measured: C clients, each sending its next request a think
// time after its previous response has fully arrived. The engine runs the loop (a completion schedules the
// client's next request); this kind holds its parameters and has no open rate.
import * as z from "zod";
import { arrivalKind } from "./arrivalKind.ts";
import { integerAtLeast, nonNegative, strict } from "../../input/fieldSchemas.ts";
import { sizeLawSchema, sizeLaws } from "../distributions/registry.ts";
import { deterministic } from "../distributions/deterministic.ts";
import type { Distribution } from "../distributions/distribution.ts";

export interface ClosedArrivals {
  kind: "closed";
  clients: number;
  /** Think time law (seconds): a constant or a size law. Plain data for worker threads: the spec, rebuilt on use. */
  think: number | Record<string, unknown>;
}

/** The think-time law of a closed frontend. */
export function thinkTime(data: ClosedArrivals): Distribution {
  if (typeof data.think === "number") return deterministic(data.think);
  const entry = sizeLaws.get(String(data.think.kind))!;
  const d = entry.build(data.think, { data: { columns: () => [], json: () => null } as never, path: "think", report: () => {} });
  if (!d) throw new Error("engine invariant violated: a validated think-time law did not build");
  return d;
}

export const closedArrivals = arrivalKind({
  kind: "closed",
  schema: strict({
    kind: z.literal("closed"),
    clients: integerAtLeast(1, "C: clients at this frontend, each with one request outstanding or thinking"),
    think: z
      .union([nonNegative("seconds"), sizeLawSchema], { error: "must be a number of seconds >= 0 or a size law ({kind: ...}, seconds)" })
      .default(0)
      .describe("seconds a client waits after a response before its next request: a number or a law"),
  }),
  resolve(spec, ctx): ClosedArrivals | null {
    if (typeof spec.think !== "number" && (spec.think.kind === "empirical" || !sizeLaws.get(spec.think.kind)!.build(spec.think, ctx))) {
      if (spec.think.kind === "empirical") ctx.report(`${ctx.path}.think`, "an empirical think-time law is not supported; use a number or exponential, deterministic, lognormal or gamma");
      return null;
    }
    return { kind: "closed", clients: spec.clients, think: spec.think as ClosedArrivals["think"] };
  },
  /** Open arrivals: none (the engine starts the clients and schedules their requests). */
  process: () => ({ next: () => Infinity, size: NaN, input: NaN, output: NaN }),
  /** No open rate: the loop throttles itself, so it never overloads; analyses that need λ refuse it. */
  meanRate: () => 0,
  rateFunction: () => () => 0,
  /** The demand of a closed loop is its clients (rounded, at least 1). */
  scaleLoad(spec, factor) {
    if (typeof spec.clients === "number") spec.clients = Math.max(1, Math.round(spec.clients * factor));
  },
});
