// The unit of each metric key's estimates, shared by the CLI's tables and CSV and by the playground (no Node imports).

/** Latency-like metrics (seconds in JSON and CSV; people read them in ms). */
export const isLatencyMetric = (key: string) => /latency|sojourn/.test(key);

/** The SI unit of a metric key's estimates (JSON and CSV): seconds, per second, a fraction or a count. */
export function metricUnit(key: string): string {
  return isLatencyMetric(key) ? "s" : key.includes("throughput") ? "1/s" : key.includes("share") ? "fraction" : "requests";
}
