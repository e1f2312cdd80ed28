// Per-request token state of an LLM run, indexed by the engine's job slot (grown with the slot table).
export class SlotTokens {
  /** I: prompt tokens. */
  input = new Float64Array(0);
  /** O: output tokens. */
  output = new Float64Array(0);
  /** Prompt tokens not yet prefilled. */
  promptLeft = new Float64Array(0);
  /** Engine time of the first output token (the end of the step that finished the prompt). */
  firstToken = new Float64Array(0);

  /** Room for slots 0..slots−1, keeping what is there. */
  grow(slots: number): void {
    if (slots <= this.input.length) return;
    const more = (a: Float64Array) => {
      const b = new Float64Array(slots);
      b.set(a);
      return b;
    };
    this.input = more(this.input);
    this.output = more(this.output);
    this.promptLeft = more(this.promptLeft);
    this.firstToken = more(this.firstToken);
  }
}
