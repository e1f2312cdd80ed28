// How `sweep` prints: a table per point for people, tidy CSV or JSON for scripts, an SVG of the bands.
import type { SweepStudyColumns, SweepStudyResult } from "../experiment/sweepResult.ts";
import { alignColumns } from "./metricsTable.ts";
import { csvField } from "./fileSinks.ts";
import { METRIC_CSV_COLUMNS, metricCsvCells } from "./columnsCsv.ts";
import { stepSizeLines, warningLines } from "./studyOutput.ts";
import { renderSvg, type TopLevelSpec } from "./vegaSvg.ts";
import { policyColorScale } from "./policyColors.ts";

const ms = (x: number | null | undefined) => (x === null || x === undefined ? "-" : (x * 1000).toFixed(1));
const cell = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** The metrics sweep's table and chart show by default (the dictionaries they need: sweepRecords' `only`). */
export const SWEEP_SHOWN_METRICS: ReadonlySet<string> = new Set(["latency.mean", "latency.p99"]);

export function sweepTable(result: SweepStudyResult, metric = "latency.mean"): string {
  const rows = [[...result.varied, "policy", `${metric} (ms)`, `Δ vs ${result.reference} (ms)`]];
  for (const p of result.points) {
    for (const [policy, { metrics }] of Object.entries(p.policies)) {
      const e = metrics[metric];
      const d = p.differences[policy]?.[metric];
      rows.push([...result.varied.map((path) => cell(p.values[path])), policy, e ? `${ms(e.estimate)} ± ${ms(e.halfWidth)}` : "-", d ? `${ms(d.estimate)} ± ${ms(d.halfWidth)}` : "-"]);
    }
  }
  const point = (k: number) => `point ${k + 1} (${result.varied.map((path) => `${path}=${cell(result.points[k]!.values[path])}`).join(", ")}) `;
  const steps = result.points.map((p, k) => stepSizeLines(p.stepSizes, point(k)));
  const warnings = result.points.map((p, k) => warningLines(p.warnings, point(k)));
  return `${result.replications} replications per policy and point, common random numbers; 95% intervals\n` + alignColumns(rows) + steps.join("") + warnings.join("");
}

/** One row per (point, policy, metric) estimate and per (point, policy, metric) paired difference. */
export function* sweepCsvLines(result: SweepStudyColumns): Generator<string, void, void> {
  yield [...result.varied.map(csvField), "policy", "reference", METRIC_CSV_COLUMNS].join(",");
  for (const p of result.points) {
    const at = result.varied.map((path) => `${csvField(cell(p.values[path]))},`).join("");
    for (const [policy, { metrics }] of Object.entries(p.policies)) for (const cells of metricCsvCells(metrics)) yield `${at}${csvField(policy)},,${cells}`;
    for (const [policy, diffs] of Object.entries(p.differences)) for (const cells of metricCsvCells(diffs)) yield `${at}${csvField(policy)},${csvField(result.reference)},${cells}`;
  }
}

/**
 * One panel per metric: each policy's estimate and 95% band along the first varied path (other paths as dashes).
 * `titled: false` leaves the title to a page's caption (headless Vega sizes the SVG to a long title's estimate).
 */
export async function sweepSvg(result: SweepStudyResult, metrics = ["latency.mean", "latency.p99"], titled = true): Promise<string> {
  const [first, ...others] = result.varied;
  const rows = result.points.flatMap((p) =>
    Object.entries(p.policies).flatMap(([policy, { metrics: m }]) =>
      metrics.flatMap((metric) => {
        const e = m[metric];
        if (!e || e.estimate === null) return [];
        const hw = e.halfWidth ?? 0;
        return [
          {
            x: p.values[first!],
            policy,
            metric: `${metric} (ms)`,
            others: others.map((o) => `${o}=${cell(p.values[o])}`).join(", "),
            y: e.estimate * 1000,
            lo: (e.estimate - hw) * 1000,
            hi: (e.estimate + hw) * 1000,
          },
        ];
      }),
    ),
  );
  const numeric = rows.every((r) => typeof r.x === "number");
  const x = { field: "x", type: numeric ? "quantitative" : "ordinal", title: first, ...(numeric ? { scale: { zero: false } } : {}) } as const;
  const policies = result.points.flatMap((p) => Object.keys(p.policies));
  const color = { field: "policy", type: "nominal", title: "policy", scale: policyColorScale(policies), legend: { symbolType: "stroke", symbolStrokeWidth: 3, symbolOpacity: 1 } };
  // the other varied paths as dashes; the legend draws dashed strokes (a point symbol would show identical dots)
  const dash = others.length
    ? { strokeDash: { field: "others", type: "nominal", title: others.join(", "), legend: { symbolType: "stroke", symbolStrokeColor: "#333", symbolStrokeWidth: 2, symbolSize: 400 } } }
    : {};
  const spec = {
    ...(titled ? { title: `${result.varied.join(" × ")}: estimate and 95% band per policy (${result.replications} replications, common random numbers)` } : {}),
    data: { values: rows },
    facet: { column: { field: "metric", type: "nominal", title: null } },
    resolve: { scale: { y: "independent" } },
    spec: {
      width: 320,
      height: 220,
      layer: [
        {
          mark: { type: "area", opacity: 0.15 },
          encoding: { x, y: { field: "lo", type: "quantitative", scale: { zero: false }, title: "ms" }, y2: { field: "hi" }, color, detail: { field: "others" } },
        },
        { mark: { type: "line", strokeWidth: 1.6 }, encoding: { x, y: { field: "y", type: "quantitative", scale: { zero: false }, title: "ms" }, color, ...dash } },
        { mark: { type: "point", filled: true, size: 30 }, encoding: { x, y: { field: "y", type: "quantitative" }, color, detail: { field: "others" } } },
      ],
    },
  } as unknown as TopLevelSpec;
  return renderSvg(spec);
}
