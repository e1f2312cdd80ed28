// Feedback modes keyed by the scenario's "mode" string: each mode's schema lives beside its class.
import { z } from "zod";
import { quote } from "../schema/fieldSchemas.ts";
import { didYouMean } from "../schema/nearestName.ts";
import { periodicFeedbackSchema } from "./periodicFeedback.ts";
import { piggybackFeedbackSchema } from "./piggybackFeedback.ts";
import { instantFeedbackSchema } from "./instantFeedback.ts";

const schemas = [periodicFeedbackSchema, piggybackFeedbackSchema, instantFeedbackSchema] as const;
export const FEEDBACK_MODES = schemas.map((s) => s.shape.mode.value);

export const feedbackSchema = z
  .discriminatedUnion("mode", schemas, {
    error: (iss) => {
      const input = iss.input as { mode?: unknown } | undefined;
      if (input === null || typeof input !== "object" || Array.isArray(input)) return `must be a feedback object {"mode": ...} (got ${quote(input)})`;
      const mode = input.mode;
      return `unknown feedback mode ${quote(mode)}${typeof mode === "string" ? didYouMean(mode, FEEDBACK_MODES) : ""}; valid modes: ${FEEDBACK_MODES.join(", ")}`;
    },
  })
  .describe("how backend state reaches the frontends");

export type FeedbackSpec = z.output<typeof feedbackSchema>;
