// The unit of each metric key's estimates, shared by the CLI's tables and CSV and by the playground (no Node imports).

/** Latency-like metrics (seconds in JSON and CSV; people read them in ms). */
export const isLatencyMetric = (key: string) => /latency|sojourn|ttft|tpot/.test(key);

/** The SI unit of a metric key's estimates (JSON and CSV): seconds, per second, a fraction or a count. */
export function metricUnit(key: string): string {
  if (isLatencyMetric(key)) return "s";
  if (key === "throughput.outputTokens") return "tokens/s";
  if (key.includes("throughput") || key === "goodput") return "1/s";
  return key.includes("share") || key.includes("attainment") ? "fraction" : "requests";
}
