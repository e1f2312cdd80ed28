// Feedback modes keyed by the scenario's "mode" string: each mode's schema lives beside its class.
import type * as z from "zod";
import { kindUnion } from "../input/fieldSchemas.ts";
import { periodicFeedbackSchema } from "./periodicFeedback.ts";
import { piggybackFeedbackSchema } from "./piggybackFeedback.ts";
import { instantFeedbackSchema } from "./instantFeedback.ts";

const schemas = [periodicFeedbackSchema, piggybackFeedbackSchema, instantFeedbackSchema] as const;
export const FEEDBACK_MODES = schemas.map((s) => s.shape.mode.value);

export const feedbackSchema = kindUnion("feedback", schemas, FEEDBACK_MODES, "mode").describe("how backend state reaches the frontends");

type FeedbackBlock = z.output<typeof feedbackSchema>;
export type { FeedbackBlock as FeedbackSpec };

declare module "../model/scenario.ts" {
  interface FeedbackSpecs {
    modes: FeedbackBlock;
  }
}
