// A size (or jitter) distribution: sample(rng) plus the moments tests check against.
import type * as z from "zod";
import type { Stream } from "../stream.ts";
import type { DataSource } from "../../input/dataSource.ts";

export interface Distribution {
  readonly kind: string;
  readonly mean: number;
  readonly variance: number;
  /** The largest value it can give, where that is finite (deterministic, empirical); bounds LLM requests against a KV cache. */
  readonly max?: number;
  sample(rng: Stream): number;
}

/** What a kind's build() gets: the input files, its field path, and where to report problems the schema cannot see. */
export interface BuildContext {
  data: DataSource;
  /** Field path of the spec, e.g. `frontends[0].requestSize`. */
  path: string;
  report(path: string, message: string): void;
}

/** A size law (also used for jitter): its scenario schema and how to build it. build() returns null after reporting. */
export interface SizeLawEntry<S extends z.ZodType = z.ZodType> {
  readonly kind: string;
  readonly schema: S;
  build(spec: z.output<S>, ctx: BuildContext): Distribution | null;
}

/** Declares a size law with its build() typed by its schema. */
export function sizeLaw<S extends z.ZodType>(entry: SizeLawEntry<S>): SizeLawEntry<S> {
  return entry;
}
