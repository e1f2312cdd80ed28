// A metric a user named on the command line (--metrics, --slo), looked up in a run's estimates.
import type { Estimate } from "../stats/estimate.ts";
import { StudyError } from "../input/studyError.ts";
import { quote } from "../input/quote.ts";
import { didYouMean } from "../input/nearestName.ts";
import { nameList } from "../input/nameList.ts";

/**
 * metrics[key], or a StudyError naming the option, the nearest metric and the first few of them.
 * An own property: a name every object has ("constructor") is no metric.
 */
export function namedMetric(metrics: Record<string, Estimate>, key: string, option: string): Estimate {
  if (!Object.hasOwn(metrics, key)) {
    const names = Object.keys(metrics);
    throw new StudyError(`${option}: no metric ${quote(key)} in this scenario${didYouMean(key, names)}; metrics are ${nameList(names)}`);
  }
  return metrics[key]!;
}
