// The report's sentence on state-aware routing against the best static split, from the study's own estimates.
import type { CompareStudyResult } from "../experiment/studyResult.ts";
import type { SweepStudyResult } from "../experiment/sweepResult.ts";

const percent = (x: number) => `${(Math.abs(x) * 100).toFixed(1)}%`;

/** sed's mean latency relative to static-optimal's (point estimates), or null when either is missing. */
function sedAgainstStatic(policies: Record<string, { metrics: Record<string, { estimate: number | null }> }>): number | null {
  const sed = policies["sed"]?.metrics["latency.mean"]?.estimate;
  const fixed = policies["static-optimal"]?.metrics["latency.mean"]?.estimate;
  return typeof sed === "number" && typeof fixed === "number" && fixed > 0 ? sed / fixed - 1 : null;
}

/**
 * static-optimal is the best fixed split (the fluid optimum's routing); no split, and so no policy
 * that converges to one, beats it in the large-N limit. A small fleet's queues
 * fluctuate, and a policy that reads them (sed) can send a request where a queue is short at
 * that moment: it can beat every static split. The sentence says whether it does here.
 */
export function stateAwareFinding(comparison: CompareStudyResult, sweep?: SweepStudyResult): string | null {
  const here = sedAgainstStatic(comparison.policies);
  if (here === null) return null;
  const lead =
    here < 0
      ? `State-aware routing beats every static split here: sed's mean latency is ${percent(here)} below static-optimal's, the best fixed split (the fluid optimum's routing). In a fleet this small the queues fluctuate, and sed sends each request where a queue is short at that moment, which no fixed split can; the gap closes as the fleet grows and each queue's fluctuations shrink against its mean.`
      : `sed's mean latency is ${percent(here)} above static-optimal's, the best fixed split (the fluid optimum's routing): here reading the delayed queues does not pay for what it costs (herding on late reports).`;
  if (!sweep) return lead;
  const wins = sweep.points.map((p) => sedAgainstStatic(p.policies)).filter((d): d is number => d !== null);
  if (wins.length === 0) return lead;
  const below = wins.filter((d) => d < 0).length;
  return `${lead} Across the sweep, sed is below static-optimal at ${below} of ${wins.length} points.`;
}
