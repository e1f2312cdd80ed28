// Each request's prompt and output tokens on LLM engines: the trace's counts, else drawn at birth.
import type { Scenario } from "../model/scenario.ts";
import { SlotTokens } from "../model/llm/slotTokens.ts";
import { Purpose, substream, type Stream } from "../random/stream.ts";

export class RequestTokens {
  /** Per slot: counts and first-token time (what the LLM fleet reads and writes). */
  readonly slots = new SlotTokens();
  /** The counts the trace gives frontend i's next request, NaN when it gives none. */
  private readonly pendingInput: Float64Array;
  private readonly pendingOutput: Float64Array;
  private readonly rng: Stream[];

  constructor(
    private readonly scenario: Scenario,
    root: Stream,
  ) {
    this.pendingInput = new Float64Array(scenario.frontends.length).fill(NaN);
    this.pendingOutput = new Float64Array(scenario.frontends.length).fill(NaN);
    this.rng = scenario.frontends.map((_, i) => substream(root, Purpose.tokens, i));
  }

  /** Frontend i's next request carries these counts (its arrival process's; NaN: draw them). */
  expect(i: number, input: number, output: number): void {
    this.pendingInput[i] = input;
    this.pendingOutput[i] = output;
  }

  /** The tokens of frontend i's request born in `slot`: the trace's, else drawn from the frontend's laws, whole and at least 1. */
  draw(i: number, slot: number): void {
    let input = this.pendingInput[i]!;
    let output = this.pendingOutput[i]!;
    if (input !== input) {
      const laws = this.scenario.frontends[i]!.tokens!;
      input = Math.max(1, Math.round(laws.input.sample(this.rng[i]!)));
      output = Math.max(1, Math.round(laws.output.sample(this.rng[i]!)));
    }
    this.slots.input[slot] = input;
    this.slots.output[slot] = output;
  }
}
