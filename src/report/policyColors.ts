// One colour per policy kind in every chart (sweep panels, the report's comparison, the playground), so a
// reader who learns "sed is green" in one chart is not misled by the next, whatever subset a study ran.
import { POLICY_KINDS } from "../policies/registry.ts";

/** The kinds users compare most get the most distinct hues; the reference split is red, the naive baseline grey. */
const BY_KIND: Readonly<Record<string, string>> = Object.freeze(
  Object.assign(Object.create(null), {
    "dgd-lb": "#1f77b4",
    "static-optimal": "#d62728",
    sed: "#2ca02c",
    jsq: "#9467bd",
    random: "#7f7f7f",
    gmsr: "#ff7f0e",
    "marginal-greedy": "#8c564b",
    pod: "#e377c2",
    "round-robin": "#bcbd22",
    nearest: "#17becf",
    static: "#393b79",
  }),
);
/** For a kind added to the registry without a colour here, and for names outside it, by position. */
const SPARE = ["#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1"];

/** The colour of a policy label: its kind's fixed colour; another name takes a spare by its position. */
export function policyColor(policy: string, position = 0): string {
  const fixed = BY_KIND[policy];
  if (fixed) return fixed;
  const k = POLICY_KINDS.indexOf(policy);
  return SPARE[(k >= 0 ? k : position) % SPARE.length]!;
}

/** A Vega-Lite colour scale fixing each of these policies' colours (domain in the given order). */
export function policyColorScale(policies: readonly string[]): { domain: string[]; range: string[] } {
  const domain = [...new Set(policies)];
  let spare = 0;
  return { domain, range: domain.map((p) => policyColor(p, BY_KIND[p] || POLICY_KINDS.includes(p) ? 0 : spare++)) };
}
