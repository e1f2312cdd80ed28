// Deterministic size law: every request has the same work.
import * as z from "zod";
import { sizeLaw, type Distribution } from "./distribution.ts";
import { positive, strict } from "../../input/fieldSchemas.ts";

export const deterministicSize = sizeLaw({
  kind: "deterministic",
  schema: strict({ kind: z.literal("deterministic"), value: positive("work of every request (work units; seconds for jitter)") }),
  build: (spec) => deterministic(spec.value),
});

/** Always `value`; variance 0. Draws nothing, so other streams are unaffected. */
export function deterministic(value: number): Distribution {
  return { kind: "deterministic", mean: value, variance: 0, max: value, sample: () => value };
}
