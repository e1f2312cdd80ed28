// The scenario's service discipline behind the loop's seam: LLM engines, or processor sharing.
import type { Scenario } from "../model/scenario.ts";
import type { Curve } from "../model/curves/curve.ts";
import type { SlotTokens } from "../model/llm/slotTokens.ts";
import { LlmFleet } from "../model/llm/llmFleet.ts";
import { PerJobRates } from "../model/perJobRates.ts";
import { engineCurve } from "../model/curves/engineCurve.ts";
import { PsFleet } from "./psFleet.ts";
import type { ServiceBackend, ServiceFleet } from "./serviceFleet.ts";

/** `tokens` is required on an LLM scenario. */
export function buildServiceFleet(s: Scenario, tokens: SlotTokens | null): ServiceFleet<ServiceBackend> {
  if (s.llm)
    return new LlmFleet(
      s.backends.map((b) => ({ engine: b.engine!, servers: b.servers })),
      tokens!,
    );
  // one rate table per distinct curve: a homogeneous fleet of 1,000 backends reads one cached table, not 1,000 cold ones
  const rates = new Map<Curve, PerJobRates>();
  return new PsFleet(
    s.backends.map((b) => {
      let r = rates.get(b.curve);
      if (!r) rates.set(b.curve, (r = new PerJobRates(engineCurve(b.curve, s.scale))));
      return r;
    }),
  );
}
