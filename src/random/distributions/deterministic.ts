import type { Distribution } from "./distribution.ts";

/** Always `value`; variance 0. Draws nothing, so other streams are unaffected. */
export function deterministic(value: number): Distribution {
  return { kind: "deterministic", mean: value, variance: 0, sample: () => value };
}
