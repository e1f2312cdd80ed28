// CSV rows of metrics held as columns (MetricColumns): the text of the rows their dictionaries give,
// one row at a time. A 150 × 1,000 compare of three policies is 1.1·10^6 rows; its dictionaries and the
// joined text held 0.9 GB at once.
import { metricsRecord, type MetricColumns } from "../experiment/summarize.ts";
import { distinctKeys } from "./columnsJson.ts";
import { csvField } from "./fileSinks.ts";
import { estimateCells, numericCells } from "./metricsTable.ts";
import { metricUnit } from "./metricUnit.ts";

/** The columns of a metric's CSV cells (metricCsvCells), after whatever columns name its policy or point. */
export const METRIC_CSV_COLUMNS = "metric,unit,estimate,halfWidth,level,n,method";

/**
 * metric,unit,estimate,halfWidth,level,n,method of each metric, in the dictionary's order (where ids
 * with dots spell one metric's name twice, the dictionary's single entry: its first place, last value).
 */
export function* metricCsvCells(c: MetricColumns): Generator<string, void, void> {
  if (!distinctKeys(c.keys)) {
    for (const [key, e] of Object.entries(metricsRecord(c))) yield `${csvField(key)},${metricUnit(key)},${estimateCells(e)}`;
    return;
  }
  for (let m = 0; m < c.keys.length; m++) {
    const key = c.keys[m]!;
    const e = c.estimate[m]!;
    const h = c.halfWidth[m]!;
    yield `${csvField(key)},${metricUnit(key)},${numericCells(Number.isNaN(e) ? null : e, Number.isNaN(h) ? null : h, c.level, c.n[m]!, c.method)}`;
  }
}

/** `run --csv`: one row per metric. */
export function* runCsvLines(c: MetricColumns): Generator<string, void, void> {
  yield METRIC_CSV_COLUMNS;
  yield* metricCsvCells(c);
}
