// Paired differences between policies run on common random numbers.
import { pointsAcross, type RunResult } from "../stats/runMetrics.ts";
import { acrossReplications, type Estimate } from "../stats/estimate.ts";

/**
 * For each metric, the t interval of (policy − reference) over replications r, where both ran
 * replication r on the same arrival and size streams (common random numbers). A policy
 * compared with itself gives exactly 0 with half-width 0.
 */
export function pairedDifferences(reference: RunResult[], other: RunResult[]): Record<string, Estimate> {
  const out: Record<string, Estimate> = {};
  const first = reference[0]!;
  const base = pointsAcross(first, reference);
  const compared = pointsAcross(first, other);
  for (let m = 0; m < first.keys.length; m++) {
    if (!compared.has(0, m)) continue;
    const b = base.at(m);
    out[first.keys[m]!] = acrossReplications(
      compared.at(m).map((x, k) => x - b[k]!),
      "paired-replications",
    );
  }
  return out;
}
