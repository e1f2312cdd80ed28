// Claim 3: mean latency of DGD-LB, static-optimal and the baselines as network latencies grow (95% intervals).
// npx tsx analysis/latency-gains.ts  ->  analysis/out/latency-gains.svg, latency-gains.md
// The grid is one `lbsim sweep` invocation (the command a reader would run), printed below.
import { join } from "node:path";
import { OUT, summary, sweep } from "./common.ts";
import { policiesByMeanLatency } from "../src/experiment/sweepResult.ts";

const FACTORS = [0.25, 0.5, 1, 2, 4];
const POLICIES = ["dgd-lb", "static-optimal", "sed", "jsq", "gmsr", "random"];
const REPLICATIONS = 8;

const args = [
  "scenarios/geo-large-latency.json",
  "--vary",
  `latency.scale=${FACTORS.join(",")}`,
  "--policies",
  POLICIES.join(","),
  "--replications",
  String(REPLICATIONS),
  "--set",
  "horizon=300",
  "--set",
  "warmup=60",
  "--svg",
  join(OUT, "latency-gains.svg"),
];
const result = sweep(args);

const ms = (x: number | null | undefined) => (x == null ? "-" : (x * 1000).toFixed(1));
const table = result.points.map((p) => {
  const cells = POLICIES.map((k) => {
    const e = p.policies[k]!.metrics["latency.mean"]!;
    return `${ms(e.estimate)} ± ${ms(e.halfWidth)}`;
  });
  // DGD-LB against the best baseline that does not know the demand (static-optimal is an oracle)
  const blind = POLICIES.slice(2);
  const best = policiesByMeanLatency(p, blind)[0]!;
  const d = p.differences[best]!["latency.mean"]!; // best − dgd-lb (dgd-lb is the reference)
  cells.push(`${best}: ${ms(d.estimate === null ? null : -d.estimate)} ± ${ms(d.halfWidth)}`);
  return `| ×${p.values["latency.scale"]} | ${cells.join(" | ")} |`;
});

summary(
  "latency-gains",
  `
# Claim 3: latency gains of DGD-LB as network latencies grow

\`lbsim sweep ${args.slice(0, -2).join(" ")} --svg analysis/out/latency-gains.svg\`: \`geo-large-latency.json\`
(2 frontends, 3 backends on different continents, periodic state reports every 50 ms, DGD-LB step 0.1,
update 0.1 s) with every latency multiplied by the factor; ${REPLICATIONS} replications of 300 s (60 s
warm-up) per cell, common random numbers across policies. Mean latency in ms ± 95% half-width; the last
column is DGD-LB minus the best demand-blind baseline, paired (negative: DGD-LB is faster).

| factor | ${POLICIES.join(" | ")} | DGD-LB − best baseline |
| --- | ${POLICIES.map(() => "---").join(" | ")} | --- |
${table.join("\n")}

static-optimal is an oracle (it knows every arrival rate); DGD-LB gets within a few percent of it from
delayed counts alone while the greedy baselines (sed, jsq, gmsr) chase reports that are d_ij + d_ji old
and herd, and lose more the longer the latencies. The fixed step 0.1 is 0.07 of the fluid model's
critical step at ×1 (1.42) and 0.19 of it at ×4 (0.52; η_c falls as the loop delay grows, claim 2):
below the fluid bound, but at this scale (queues of a few requests) the noisy counts make a step that
large jitter, and in some replications at ×4 DGD-LB's routing swings (the wide interval).
\`"stepSize": "auto"\` (the default) picks 0.05·η_c there by its pilot and is within 1% of static-optimal.

![latency gains](latency-gains.svg)
`,
);
