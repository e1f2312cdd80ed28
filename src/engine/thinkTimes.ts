// Closed-loop frontends: each completion sends the client's next request after a think time.
import type { Scenario } from "../model/scenario.ts";
import type { Distribution } from "../random/distributions/distribution.ts";
import { thinkTime } from "../random/arrivals/closed.ts";
import { Purpose, substream, type Stream } from "../random/stream.ts";

export class ThinkTimes {
  /** Some frontend is a closed loop (its completions schedule its arrivals). */
  readonly any: boolean;
  /** Per frontend: its think-time law when its arrivals are a closed loop, else null. */
  private readonly laws: Array<Distribution | null>;
  private readonly rng: Stream[];

  constructor(scenario: Scenario, root: Stream) {
    this.laws = scenario.frontends.map((f) => (f.arrivals.kind === "closed" ? thinkTime(f.arrivals) : null));
    this.any = this.laws.some((d) => d !== null);
    this.rng = scenario.frontends.map((_, i) => (this.laws[i] ? substream(root, Purpose.think, i) : root));
  }

  /** Frontend i's arrivals follow its completions. */
  closed(i: number): boolean {
    return this.laws[i] !== null;
  }

  /** When the client whose request completed at t sends its next one (NaN when frontend i is open). */
  next(i: number, t: number): number {
    const law = this.laws[i];
    return law ? t + law.sample(this.rng[i]!) : NaN;
  }
}
