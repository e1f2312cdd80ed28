// Sequential stopping: add replications until every watched metric's interval is narrow enough.
import type { Estimate } from "../stats/estimate.ts";

export interface StoppingRule {
  /** Target 95% half-width; relative to |estimate| when `relative`. */
  target: number;
  relative: boolean;
  metrics: string[];
  maxReplications: number;
}

/** The half-width a metric must reach, or null when it cannot be judged yet (no estimate). */
function required(rule: StoppingRule, e: Estimate): number | null {
  if (e.estimate === null) return null;
  return rule.relative ? rule.target * Math.abs(e.estimate) : rule.target;
}

export function meetsTarget(rule: StoppingRule, metrics: Record<string, Estimate>): boolean {
  return rule.metrics.every((key) => {
    const e = metrics[key]!;
    const need = required(rule, e);
    return need !== null && e.halfWidth !== null && e.halfWidth <= need;
  });
}

/**
 * How many replications to have next. The half-width shrinks like 1/√R, so R·(h/target)² is the
 * projected need; growth is capped at 2R because early half-widths are themselves noisy. The
 * decision depends only on the results, never on how many workers produced them.
 */
export function nextReplications(rule: StoppingRule, metrics: Record<string, Estimate>, current: number): number {
  let ratio = 1;
  for (const key of rule.metrics) {
    const e = metrics[key]!;
    const need = required(rule, e);
    if (need === null || e.halfWidth === null || need === 0) ratio = Math.max(ratio, 2);
    else ratio = Math.max(ratio, e.halfWidth / need);
  }
  const projected = Math.ceil(current * ratio * ratio);
  return Math.min(rule.maxReplications, Math.max(current + 1, Math.min(2 * current, projected)));
}
