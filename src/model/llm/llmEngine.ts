// An LLM serving engine (docs/model.md section 11): iteration-level steps of prefill and decode, its scenario schema.
import * as z from "zod";
import { integerAtLeast, nonNegative, oneOf, strict } from "../../input/fieldSchemas.ts";

export interface LlmEngine {
  /** a: seconds of a step's fixed cost. */
  stepBase: number;
  /** b: seconds per decoding sequence in a step (memory-bound decode). */
  stepPerSequence: number;
  /** c: seconds per token processed in a step (compute-bound). */
  stepPerToken: number;
  /** "max": τ = max(a + b·n_d, c·(p + n_d)) (roofline); "sum": τ = a + b·n_d + c·p. */
  combine: "max" | "sum";
  /** S: sequences admitted at once. */
  maxSequences: number;
  /** K: tokens a step may process (decode tokens first, the rest prefills), or null for no budget. */
  chunkTokens: number | null;
  /** M: the admitted sequences' I + O may not exceed it (KV cache), or null for no limit. */
  kvTokens: number | null;
}

export const llmEngineSchema = strict(
  {
    kind: z.literal("llm"),
    stepBase: nonNegative("a: seconds of every step's fixed cost"),
    stepPerSequence: nonNegative("b: seconds per decoding sequence in a step"),
    stepPerToken: nonNegative("c: seconds per token a step processes"),
    combine: oneOf(["max", "sum"], 'step time: "max" = max(a + b·n_d, c·(p + n_d)) (roofline), "sum" = a + b·n_d + c·p').default("max"),
    maxSequences: integerAtLeast(1, "S: sequences admitted at once (the engine's batch limit)"),
    chunkTokens: integerAtLeast(1, "K: token budget of a step (chunked prefill); omit for none").optional(),
    kvTokens: integerAtLeast(1, "M: the admitted sequences' input + output tokens may not exceed it (KV cache); omit for no limit").optional(),
  },
  'an engine object {kind: "llm", stepBase, stepPerSequence, stepPerToken, maxSequences, ...}',
);

export type LlmEngineSpec = z.output<typeof llmEngineSchema>;

/** The resolved engine; null with a reason when no step could ever take time (a = b = c = 0). */
export function resolveEngine(spec: LlmEngineSpec, report: (path: string, message: string) => void): LlmEngine | null {
  if (spec.stepBase === 0 && spec.stepPerSequence === 0 && spec.stepPerToken === 0) {
    report("stepBase", "stepBase, stepPerSequence and stepPerToken are all 0: a step would take no time; give at least one > 0");
    return null;
  }
  if (spec.combine === "sum" && spec.stepBase === 0 && spec.stepPerSequence === 0) {
    report("stepBase", 'with combine "sum", stepBase or stepPerSequence must be > 0 (else a decode-only step takes no time)');
    return null;
  }
  if (spec.combine === "max" && spec.stepBase === 0 && spec.stepPerToken === 0) {
    report("stepBase", 'with combine "max", stepBase or stepPerToken must be > 0 (else a prefill-only step takes no time)');
    return null;
  }
  return {
    stepBase: spec.stepBase,
    stepPerSequence: spec.stepPerSequence,
    stepPerToken: spec.stepPerToken,
    combine: spec.combine,
    maxSequences: spec.maxSequences,
    chunkTokens: spec.chunkTokens ?? null,
    kvTokens: spec.kvTokens ?? null,
  };
}

/** τ of a step with n_d decoding sequences and p prompt tokens, at full capacity. */
export function stepDuration(e: LlmEngine, decoding: number, prefill: number): number {
  const memory = e.stepBase + e.stepPerSequence * decoding;
  return e.combine === "max" ? Math.max(memory, e.stepPerToken * (prefill + decoding)) : memory + e.stepPerToken * prefill;
}
