// A size (or jitter) distribution: sample(rng) plus the moments tests check against.
import type { Stream } from "../stream.ts";

export interface Distribution {
  readonly kind: string;
  readonly mean: number;
  readonly variance: number;
  sample(rng: Stream): number;
}
