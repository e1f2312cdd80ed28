// How `run`, `compare` and `merge` print a study: a table for people, --json or --csv for scripts.
import type { CompareStudyColumns, CompareStudyResult, RunStudyColumns } from "../experiment/studyResult.ts";
import { alignColumns, metricsTableLines } from "./metricsTable.ts";
import { csvField } from "./fileSinks.ts";
import { METRIC_CSV_COLUMNS, metricCsvCells } from "./columnsCsv.ts";
import type { StepSizeChoice } from "../model/scenario.ts";

export type OutputFormat = "table" | "json" | "csv";

const ms = (x: number | null) => (x === null ? "-" : (x * 1000).toFixed(1));

/**
 * The run's table, a line at a time (writeLines), read from the metrics' columns (metricsTableLines):
 * --json and --csv are written from them as well (common.ts).
 */
export function* runResultLines(result: RunStudyColumns, description?: string): Generator<string, void, void> {
  yield runHead(result, description);
  yield* metricsTableLines(result.metrics);
  const warnings = warningLines(result.warnings);
  if (warnings) yield warnings.slice(1); // each warning line begins with its newline
}

/** The lines above a run's table, the last of them blank. */
function runHead(result: RunStudyColumns, description?: string): string {
  const lines = [`scenario ${result.scenario} (policy ${result.policy}, seed ${result.seed}, ${result.replications} replication${result.replications > 1 ? "s" : ""})`];
  if (description) lines.push(description);
  if (result.warmup) lines.push(`warm-up ${result.warmup.time.toFixed(3)} s, chosen by MSER-5 on a pilot run`);
  if (result.stopping) {
    const s = result.stopping;
    const target = s.relative ? `${s.target * 100}% of the estimate` : `${s.target}`;
    lines.push(
      s.met
        ? `sequential stopping: ${s.metrics.join(", ")} reached half-width ≤ ${target} after ${result.replications} replications`
        : `sequential stopping: ${s.metrics.join(", ")} did NOT reach half-width ≤ ${target} within the maximum of ${s.maxReplications} replications`,
    );
  }
  if (result.stepSize) lines.push(stepSizeLine("DGD-LB", result.stepSize));
  lines.push(`requests: ${result.counts.arrived} arrived, ${result.counts.completed} completed, ${result.counts.inFlight} in flight at the horizon\n`);
  return lines.join("\n");
}

const COMPARE_TABLE_KEYS = { plain: ["latency.mean", "latency.p99"], llm: ["latency.mean", "ttft.p99", "tpot.p99"] };
/** The metrics compare's table shows (the dictionaries a table needs: compareRecords' `only`). */
export const COMPARE_TABLE_METRICS: ReadonlySet<string> = new Set([...COMPARE_TABLE_KEYS.plain, ...COMPARE_TABLE_KEYS.llm]);

/** The comparison's table (--json and --csv are written from its columns: common.ts). */
export function formatCompareResult(result: CompareStudyResult): string {
  const reference = result.reference;
  // on LLM engines the planner's figures: time to first token and per output token at the tail
  const llm = Object.values(result.policies).some((p) => p.metrics["ttft.p99"] !== undefined);
  const keys = llm ? COMPARE_TABLE_KEYS.llm : COMPARE_TABLE_KEYS.plain;
  const rows = [["policy", ...keys.flatMap((k) => [`${k} (ms)`, `Δ vs ${reference} (ms)`])]];
  for (const k of Object.keys(result.policies)) {
    rows.push([
      k,
      ...keys.flatMap((key) => {
        const e = result.policies[k]!.metrics[key];
        if (!e) return ["-", "-"];
        const d = result.differences[k]?.[key];
        return [`${ms(e.estimate)} ± ${ms(e.halfWidth)}`, d ? `${ms(d.estimate)} ± ${ms(d.halfWidth)}` : "-"];
      }),
    ]);
  }
  return `${result.replications} replications per policy, common random numbers; 95% intervals\n` + alignColumns(rows) + stepSizeLines(result.stepSizes) + warningLines(result.warnings);
}

/** Backends whose growing queue gets a line of its own under a table; the rest are counted in one line (--json lists every one). */
export const LISTED_GROWING_QUEUES = 5;

/**
 * Under a table: a line per warning. Policies with the same kind of warning share a line (the
 * first one's figures, named), so five policies that all leave 1% in flight are one line, not five.
 * A growing queue is a line per backend up to LISTED_GROWING_QUEUES, then one line for the others:
 * an overloaded fleet of 1,000 backends printed some 500 lines under its table.
 */
export function warningLines(warnings: ReadonlyArray<{ code: string; message: string; policy?: string }> | undefined, prefix = ""): string {
  const groups = new Map<string, Array<{ message: string; policy?: string }>>();
  const growing = new Set<string>();
  for (const w of warnings ?? []) {
    const key = w.code === "queue_growth" ? w.message.slice(0, w.message.indexOf("'s queue")) : w.code; // one line per backend
    let g = groups.get(key);
    if (!g) {
      if (w.code === "queue_growth" && growing.add(key).size > LISTED_GROWING_QUEUES) continue;
      groups.set(key, (g = []));
    }
    g.push(w);
  }
  const lines = [...groups.values()].map((g) => {
    const policies = g.flatMap((w) => (w.policy ? [w.policy] : []));
    const who = policies.length === 0 ? "" : policies.length === 1 ? `${policies[0]}: ` : `${policies.join(", ")} (${policies[0]}'s figures): `;
    return `\nwarning: ${prefix}${who}${g[0]!.message}`;
  });
  const unlisted = growing.size - LISTED_GROWING_QUEUES;
  if (unlisted > 0) lines.push(`\nwarning: ${prefix}the queues of ${unlisted} more backend${unlisted === 1 ? "" : "s"} grew through the run as well (--json lists each with its figures)`);
  return lines.join("");
}

/** Under a table: each "auto" step chosen and why, one line per label (`prefix` names a sweep point). */
export function stepSizeLines(stepSizes: Record<string, StepSizeChoice> | undefined, prefix = ""): string {
  if (!stepSizes) return "";
  return Object.entries(stepSizes)
    .map(([label, c]) => `\n${prefix}${stepSizeLine(label, c)}`)
    .join("");
}

/** "LABEL step η: why", the one way every output names an "auto" step. */
export function stepSizeLine(label: string, c: StepSizeChoice): string {
  return `${label} step ${Number(c.stepSize.toPrecision(4))}: ${c.why}`;
}

/**
 * Tidy CSV of a comparison: one row per (policy, metric) estimate, then one per (policy, metric)
 * paired difference against the reference (the `reference` column is empty for estimates).
 */
export function* compareCsvLines(result: CompareStudyColumns): Generator<string, void, void> {
  yield `policy,reference,${METRIC_CSV_COLUMNS}`;
  for (const [policy, { metrics }] of Object.entries(result.policies)) for (const cells of metricCsvCells(metrics)) yield `${csvField(policy)},,${cells}`;
  for (const [policy, diffs] of Object.entries(result.differences)) for (const cells of metricCsvCells(diffs)) yield `${csvField(policy)},${csvField(result.reference)},${cells}`;
}
