// One completed request's row of `--trace` (and its tokens on LLM engines), read from its job record.
import type { Scenario } from "../model/scenario.ts";
import type { SlotTokens } from "../model/llm/slotTokens.ts";
import { COLD_BACKEND, COLD_FIELDS, COLD_SIZE, type JobRecords } from "./jobRecords.ts";
import type { TraceSink } from "./sinks.ts";

/** Frontend i's request in `slot`, born at `born`, reached its backend at `reached`, left it at `departed` and its response arrived at t. */
export function traceRequest(
  sink: TraceSink,
  s: Scenario,
  jobs: JobRecords,
  tokens: SlotTokens | undefined,
  slot: number,
  i: number,
  born: number,
  reached: number,
  departed: number,
  t: number,
): void {
  // the first token crosses the same back leg as the last: t − departed
  if (tokens) sink.tokens?.(tokens.input[slot]!, tokens.output[slot]!, tokens.firstToken[slot]! + (t - departed));
  const c = slot * COLD_FIELDS;
  sink.request(jobs.jobId[slot]!, s.frontends[i]!.id, s.backends[jobs.cold[c + COLD_BACKEND]!]!.id, jobs.cold[c + COLD_SIZE]!, born, reached, departed, t);
}
