// Vega-Lite specs rendered to SVG headlessly (no browser, no canvas): charts for analysis/ and reports.
import * as vega from "vega";
import * as vl from "vega-lite";

/** Common look: readable fonts, white background, no chart chrome a reader does not need. */
const CONFIG: vl.TopLevelSpec["config"] = {
  background: "white",
  font: "Helvetica, Arial, sans-serif",
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridOpacity: 0.4 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 400 },
  title: { fontSize: 14, anchor: "start" },
  view: { stroke: null },
};

export async function renderSvg(spec: vl.TopLevelSpec): Promise<string> {
  const compiled = vl.compile({ ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as vl.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  return view.toSVG();
}

export type { TopLevelSpec } from "vega-lite";
