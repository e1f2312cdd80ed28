// `npm run bench [-- --json]`: simulated requests and events per second on fixed workloads.
import { geoFleet, greedyFleet, llmFleet, mm1, realisticFleet, realisticFleetSpec } from "./workloads.ts";
import { againstCpp, cliRun, cliShortStudy, cliStability, fleetScaling, POLICIES, THREE_REGIONS } from "./fleetScaling.ts";
import { loadScenario } from "../dist/scenario/loadScenario.js";
import { simulate } from "../dist/engine/simulation.js";
import type { Scenario } from "../dist/index.js";
import { availableParallelism } from "node:os";
import { runTasks } from "../dist/experiment/replicationPool.js";
import { shutdownWorkers } from "../dist/experiment/threadPools.js";
import { replicationTask, type ReplicationTask } from "../dist/experiment/replicationTask.js";
import { median } from "simple-statistics";
import { raiseInliningBudget } from "../dist/cli/inliningBudget.js";
import { integrateFluid } from "../dist/fluid/fluidModel.js";

interface Figure {
  name: string;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  eventsPerSecond: number;
}

/** The median of three runs of the same scenario (a run is a pure function of the scenario: each does the same work). */
function measure(name: string, s: Scenario, eventsPerRequest: number): Figure {
  const times: number[] = [];
  let requests = 0;
  for (let k = 0; k < 3; k++) {
    const t0 = process.hrtime.bigint();
    requests = simulate(s).counts.arrived;
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const seconds = times.sort((a, b) => a - b)[1]!;
  return { name, requests, seconds, requestsPerSecond: requests / seconds, eventsPerSecond: (requests * eventsPerRequest) / seconds };
}

// as the CLI does, so the in-process figures are those of `lbsim run`
raiseInliningBudget();
const json = process.argv.includes("--json");
const requests = Number(process.argv.find((a) => a.startsWith("--requests="))?.slice(11) ?? 2e6);
// warm the JIT on a short run of each workload so the figures are steady-state
simulate(mm1(2e5));
simulate(geoFleet(4, 16, 2e5, { kind: "random" }));
simulate(geoFleet(4, 16, 2e5, { kind: "dgd-lb", stepSize: 0.05, updateInterval: 0.1 }));
const figures = [
  // events per request: arrival + departure (zero latency: no transit events)
  measure("a: M/M/1-PS, lambda=0.9", mm1(requests), 2),
  // arrival + reach backend + departure; feedback publications are O(B) per interval, not per request
  measure("b: 4x16 geo, random", geoFleet(4, 16, requests, { kind: "random" }), 3),
  measure("b: 4x16 geo, dgd-lb", geoFleet(4, 16, requests, { kind: "dgd-lb", stepSize: 0.05, updateInterval: 0.1 }), 3),
  measure("b: 4x16 geo, jsq", geoFleet(4, 16, requests, { kind: "jsq" }), 3),
];
const dgd = figures[2]!.requestsPerSecond / figures[1]!.requestsPerSecond;
// LLM engines on the same topology, measured last: the engine's call sites have seen PS backends
// first, as in a process that runs both, so the figure is if anything pessimistic. Events per
// request: arrival, reach, completion and the steps (about 3.9 a request here), counted as 6.
simulate(llmFleet(4, 16, 2e5, { kind: "random" }));
const llmFigure = measure("c: 4x16 LLM engines, random", llmFleet(4, 16, requests, { kind: "random" }), 6);
figures.push(llmFigure);
const llmOverPs = figures[1]!.requestsPerSecond / llmFigure.requestsPerSecond;
// JSQ on 1,000 backends (the realistic fleet's latencies and curves), 2·10^5 requests: a refresh
// rescores what changed since the frontend's last request (a tournament tree) or passes over all
const greedyRequests = Math.min(requests, 2e5);
simulate(greedyFleet(10, 1000, 2e4, { mode: "periodic", interval: 0.1 }));
for (const [F, feedback] of [
  [10, { mode: "periodic", interval: 0.1 }],
  [100, { mode: "periodic", interval: 0.1 }],
  [100, { mode: "piggyback" }],
  [1, { mode: "instant" }],
  [100, { mode: "instant" }],
] as const)
  figures.push(measure(`d: jsq ${F}x1000 ${feedback.mode}`, greedyFleet(F, 1000, greedyRequests, feedback), 3));
// The fluid model on a large fleet (lbsim fluid, stability, validate-fluid read it): one
// integration of the realistic 50 × 500 fleet under DGD-LB over 1 s, after one over 0.2 s
const fluidFleet = realisticFleet(50, 500, 1e5, "dgd-lb");
integrateFluid(fluidFleet, { horizon: 0.2 });
const fluidStart = process.hrtime.bigint();
const fluidRun = integrateFluid(fluidFleet, { horizon: 1 });
const fluidSeconds = Number(process.hrtime.bigint() - fluidStart) / 1e9;
const fluidStepRoutes = Math.round(fluidRun.horizon / fluidRun.step) * 50 * 500;
const fluidLargeFleet = { fleet: "realistic 50x500 dgd-lb", horizon: fluidRun.horizon, step: fluidRun.step, seconds: fluidSeconds, nanosecondsPerStepRoute: (fluidSeconds * 1e9) / fluidStepRoutes };
const memory = process.memoryUsage();

interface Scaling {
  workers: number;
  replicationsPerSecond: number;
  /** Median over the rounds of throughput over W times the one-worker throughput of the same round (1 = perfect scaling). */
  efficiency: number;
  /** Each round's ratio, in order. */
  efficiencies: number[];
  rssMB: number;
}

/** Worker counts measured: 1, 2, 4, … up to the cores, and the cores themselves. */
function workerCounts(cores: number): number[] {
  const out: number[] = [];
  for (let w = 1; w < cores; w *= 2) out.push(w);
  return [...out, cores];
}

/**
 * Replications of three-regions at horizon 30,000 s (2.7·10^6 requests, about 1.5 s each on this VM), four
 * per core, on W worker threads from a warm pool (started, and its JIT warmed by a round of short
 * replications, before timing); W = 1 runs in this thread as `--workers 1` does. Three rounds
 * alternate the worker counts and each round gives its own ratios: on a shared machine whose
 * speed drifts, the median of ratios taken within a round is steadier than a ratio of lone runs.
 * `poolStartSeconds`: what a user pays once per process, from creating the largest pool to its
 * first results.
 */
async function workerScaling(): Promise<{ poolStartSeconds: number; scaling: Scaling[] }> {
  const cores = availableParallelism();
  const job = loadScenario(THREE_REGIONS, { overrides: ["horizon=30000", "warmup=100"] });
  const short = loadScenario(THREE_REGIONS, { overrides: ["horizon=2000", "warmup=100"] });
  const tasks: ReplicationTask[] = Array.from({ length: 4 * cores }, (_, r) => replicationTask(job, 0, r, 100));
  const counts = workerCounts(cores);
  const t0 = process.hrtime.bigint();
  await runTasks(
    Array.from({ length: 2 * cores }, (_, r) => replicationTask(short, 0, r, 100)),
    cores,
    () => {},
    () => false,
  );
  const poolStartSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  for (const w of counts)
    await runTasks(
      Array.from({ length: 4 * w }, (_, r) => replicationTask(short, 0, r, 100)),
      w,
      () => {},
      () => false,
    );
  const rates: number[][] = counts.map(() => []);
  const rss: number[] = counts.map(() => 0);
  for (let round = 0; round < 3; round++) {
    for (const [k, w] of counts.entries()) {
      const t = process.hrtime.bigint();
      await runTasks(
        tasks,
        w,
        () => {},
        () => false,
      );
      rates[k]!.push(tasks.length / (Number(process.hrtime.bigint() - t) / 1e9));
      rss[k] = Math.max(rss[k]!, process.memoryUsage().rss / 2 ** 20);
    }
  }
  const scaling = counts.map((w, k) => {
    const efficiencies = rates[k]!.map((r, round) => r / (w * rates[0]![round]!));
    return { workers: w, replicationsPerSecond: median(rates[k]!), efficiency: median(efficiencies), efficiencies, rssMB: rss[k]! };
  });
  return { poolStartSeconds, scaling };
}

const fleets = fleetScaling(Math.min(requests, 5e5));
// five alternating rounds, the median run of each policy kept: one run on a shared machine can be 40% off
const rounds = [0, 1, 2, 3, 4].map(() =>
  Object.fromEntries((["random", "dgd-lb"] as const).map((p) => [`100x1000 ${p}`, cliRun(geoFleet(100, 1000, 2e6, POLICIES[p]!).spec as Record<string, unknown>)])),
);
const cli = Object.fromEntries(Object.keys(rounds[0]!).map((k) => [k, rounds.map((r) => r[k]!).sort((a, b) => a.seconds - b.seconds)[rounds.length >> 1]!]));
// memory flat in the number of requests: the same fleet for 8× as many requests
const rssFlatness = [5e5, 4e6].map((n) => ({ asked: n, ...cliRun(geoFleet(100, 1000, n, POLICIES.random!).spec as Record<string, unknown>) }));
// the realistic fleet (issue #31), likewise: five alternating rounds, the median run of each policy
const realisticRounds = [0, 1, 2, 3, 4].map(() => Object.fromEntries((["random", "dgd-lb"] as const).map((p) => [`realistic 100x1000 ${p}`, cliRun(realisticFleetSpec(100, 1000, 2e6, p))])));
const realistic = Object.fromEntries(Object.keys(realisticRounds[0]!).map((k) => [k, realisticRounds.map((r) => r[k]!).sort((a, b) => a.seconds - b.seconds)[realisticRounds.length >> 1]!]));
// LLM engines against PS curves on the 4×16 fleet, each in its own process (start-up included), as
// users run them: the ratio of time per request, pair by pair over five alternating pairs
const llmPairs = [0, 1, 2, 3, 4].map(() => {
  const ps = cliRun(geoFleet(4, 16, 2e6, { kind: "random" }).spec as Record<string, unknown>);
  const llm = cliRun(llmFleet(4, 16, 2e6, { kind: "random" }).spec as Record<string, unknown>);
  return ps.requestsPerSecond / llm.requestsPerSecond;
});
const llmOverPsCli = median(llmPairs);
const cpp = againstCpp(1e7);
const stability = cliStability();
// before the warm pool below: each run is a fresh process, as a user's study is
const shortStudy = cliShortStudy(Math.min(2, availableParallelism()));
const { poolStartSeconds, scaling } = await workerScaling();
await shutdownWorkers();
const result = {
  node: process.version,
  figures,
  dgdLbOverRandom: dgd,
  /** Time per request of LLM engines over PS curves on the same 4×16 fleet, in this process after the PS rows (call sites already polymorphic: pessimistic). */
  llmOverPsTimePerRequest: llmOverPs,
  /** The same ratio with each in its own CLI process, start-up included: median of five pairs, and each pair's (issue #30: at most 2). */
  llmOverPsCli: { median: llmOverPsCli, pairs: llmPairs },
  realisticFleetCli: realistic,
  /** One fluid integration of the realistic 50 × 500 fleet over 1 s, in process. */
  fluidLargeFleet,
  peakRssMB: Math.max(memory.rss, process.memoryUsage().rss) / 2 ** 20,
  fleetScaling: fleets,
  cliRuns: cli,
  cliPeakRssByRequests: rssFlatness.map((r) => ({ requests: r.asked, peakRssMB: r.peakRssMB })),
  mm1AgainstCpp: cpp,
  stabilityThreeRegions: stability,
  /** 8 replications of ~0.3 s through the CLI, start-up included: one worker against two (issue #31). */
  shortStudyCli: shortStudy,
  poolStartSeconds,
  workerScaling: scaling,
};
if (json) console.log(JSON.stringify(result, null, 2));
else {
  for (const f of figures)
    console.log(
      `${f.name.padEnd(28)} ${(f.requestsPerSecond / 1e6).toFixed(2)} M requests/s  ${(f.eventsPerSecond / 1e6).toFixed(2)} M events/s  (${f.requests} requests in ${f.seconds.toFixed(2)} s)`,
    );
  console.log(`dgd-lb / random on 4x16: ${dgd.toFixed(2)}   rss ${result.peakRssMB.toFixed(0)} MB`);
  console.log(
    `fluid model, ${fluidLargeFleet.fleet}, ${fluidLargeFleet.horizon} s at step ${fluidLargeFleet.step.toPrecision(3)} s: ${fluidLargeFleet.seconds.toFixed(2)} s, ${fluidLargeFleet.nanosecondsPerStepRoute.toFixed(1)} ns a step-route`,
  );
  console.log(
    `LLM engines / PS curves, time per request on 4x16 (random): ${llmOverPs.toFixed(2)} in this process after the PS rows; ${llmOverPsCli.toFixed(2)} each in its own CLI process (pairs ${llmPairs.map((r) => r.toFixed(2)).join(" ")})`,
  );
  for (const f of fleets) console.log(`${f.fleet.padEnd(9)} ${f.policy.padEnd(7)} start-up ${f.startupSeconds.toFixed(2)} s, steady ${(f.requestsPerSecond / 1e6).toFixed(3)} M requests/s`);
  for (const [k, c] of Object.entries(cli))
    console.log(`CLI ${k}: ${c.requests} requests in ${c.seconds.toFixed(2)} s, start-up included: ${(c.requestsPerSecond / 1e6).toFixed(3)} M requests/s, peak RSS ${c.peakRssMB.toFixed(0)} MB`);
  for (const [k, c] of Object.entries(realistic))
    console.log(`CLI ${k}: ${c.requests} requests in ${c.seconds.toFixed(2)} s, start-up included: ${(c.requestsPerSecond / 1e6).toFixed(3)} M requests/s, peak RSS ${c.peakRssMB.toFixed(0)} MB`);
  console.log(`CLI 100x1000 random peak RSS by requests: ${rssFlatness.map((r) => `${r.asked.toExponential(0)}: ${r.peakRssMB.toFixed(0)} MB`).join(", ")}`);
  if (cpp)
    console.log(
      `M/M/1-PS, 10^7 requests through the CLI: ${(cpp.lbsimRequestsPerSecond / 1e6).toFixed(2)} M/s, ${cpp.ratio.toFixed(2)} of the C++ reference loop (${(cpp.cppRequestsPerSecond / 1e6).toFixed(1)} M/s); medians of ${cpp.ratios.length} alternating pairs, ratios ${cpp.ratios.map((r) => r.toFixed(2)).join(" ")}`,
    );
  console.log(`lbsim stability scenarios/three-regions.json: ${stability.seconds.toFixed(2)} s, start-up included (median of 3); critical step size ${stability.criticalStepSize}`);
  console.log(
    `8 replications of three-regions (horizon 6,000 s) through the CLI, start-up included: ${shortStudy.oneWorkerSeconds.toFixed(2)} s on 1 worker, ${shortStudy.seconds.toFixed(2)} s on ${shortStudy.workers}: ${shortStudy.speedup.toFixed(2)}x (pairs ${shortStudy.speedups.map((r) => r.toFixed(2)).join(" ")})`,
  );
  console.log(`worker pool of ${scaling.at(-1)!.workers} threads: first results after ${poolStartSeconds.toFixed(2)} s (start-up and JIT warm-up)`);
  for (const s of scaling)
    console.log(
      `replications on ${String(s.workers).padStart(2)} worker${s.workers > 1 ? "s" : " "}, warm pool: ${s.replicationsPerSecond.toFixed(3)}/s, ${s.efficiency.toFixed(2)} of ${s.workers}x one worker (rounds ${s.efficiencies.map((e) => e.toFixed(2)).join(" ")}), rss ${s.rssMB.toFixed(0)} MB`,
    );
}
