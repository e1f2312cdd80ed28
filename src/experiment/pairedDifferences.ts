// Paired differences between policies run on common random numbers.
import type { RunResult } from "../stats/runMetrics.ts";
import { acrossReplications, type Estimate } from "../stats/estimate.ts";

/**
 * For each metric, the t interval of (policy − reference) over replications r, where both ran
 * replication r on the same arrival and size streams (common random numbers). A policy
 * compared with itself gives exactly 0 with half-width 0.
 */
export function pairedDifferences(reference: RunResult[], other: RunResult[]): Record<string, Estimate> {
  const out: Record<string, Estimate> = {};
  for (const key of Object.keys(reference[0]!.metrics)) {
    if (!other[0]!.metrics[key]) continue;
    out[key] = acrossReplications(
      reference.map((r, k) => other[k]!.metrics[key]!.point - r.metrics[key]!.point),
      "paired-replications",
    );
  }
  return out;
}
