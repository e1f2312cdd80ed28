// Paired differences between policies run on common random numbers.
import { pointsAcross, type RunResult } from "../stats/runMetrics.ts";
import { metricColumns, setAcrossReplications, type MetricColumns } from "./summarize.ts";

/**
 * For each metric the other policy's runs have (in the reference's order), the t interval of
 * (policy − reference) over replications r, where both ran replication r on the same arrival and
 * size streams (common random numbers). A policy compared with itself gives exactly 0 with
 * half-width 0.
 */
export function pairedDifferenceColumns(reference: RunResult[], other: RunResult[]): MetricColumns {
  const first = reference[0]!;
  const base = pointsAcross(first, reference);
  const compared = pointsAcross(first, other);
  const kept: number[] = [];
  for (let m = 0; m < first.keys.length; m++) if (compared.has(0, m)) kept.push(m);
  // every metric compared (nearly always): the reference's own names, not a copy of 10^5 of them a policy
  const columns = metricColumns(kept.length === first.keys.length ? first.keys : kept.map((m) => first.keys[m]!), "paired-replications");
  const values = new Float64Array(other.length);
  const baseline = new Float64Array(reference.length);
  kept.forEach((m, c) => {
    compared.into(m, values);
    base.into(m, baseline);
    for (let k = 0; k < values.length; k++) values[k] = values[k]! - baseline[k]!;
    setAcrossReplications(columns, c, values);
  });
  return columns;
}
