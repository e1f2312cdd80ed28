// Paired differences between policies run on common random numbers.
import { keyPositions, type RunResult } from "../stats/runMetrics.ts";
import { acrossReplications, type Estimate } from "../stats/estimate.ts";

/**
 * For each metric, the t interval of (policy − reference) over replications r, where both ran
 * replication r on the same arrival and size streams (common random numbers). A policy
 * compared with itself gives exactly 0 with half-width 0.
 */
export function pairedDifferences(reference: RunResult[], other: RunResult[]): Record<string, Estimate> {
  const out: Record<string, Estimate> = {};
  const first = reference[0]!;
  const inReference = reference.map((r) => keyPositions(first, r));
  const inOther = other.map((r) => keyPositions(first, r));
  for (let m = 0; m < first.keys.length; m++) {
    if (inOther[0]![m]! < 0) continue;
    out[first.keys[m]!] = acrossReplications(
      reference.map((r, k) => other[k]!.points[inOther[k]![m]!]! - r.points[inReference[k]![m]!]!),
      "paired-replications",
    );
  }
  return out;
}
