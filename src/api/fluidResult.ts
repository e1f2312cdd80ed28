// What `lbsim fluid --json` prints and the library's integrateFluid returns.
import type { Scenario, StepSizeChoice } from "../model/scenario.ts";
import { fluidSteadyState, type FluidReport } from "../fluid/steadyState.ts";
import type { FluidRun } from "../fluid/fluidModel.ts";
import { assertLoadedScenario } from "./loadedScenario.ts";

export interface FluidTrajectoryPoint {
  time: number;
  queues: Record<string, number>;
  /** Completions per second, capacity multiplier included. */
  throughput: Record<string, number>;
  routing: Record<string, Record<string, number>>;
}

export type FluidResult = Omit<FluidReport, "run"> & { trajectory?: FluidTrajectoryPoint[] | string; stepSize?: StepSizeChoice };

export interface FluidResultOptions {
  /** Seconds to integrate (default: the scenario's horizon). */
  horizon?: number;
  /** Integration step, seconds (default: from the delays and the update interval). */
  step?: number;
  /** Include the trajectory sampled every sample.interval. */
  trajectory?: boolean;
  /** Called as the integration advances (fraction done), e.g. for a progress bar. */
  progress?: (fraction: number) => void;
  /** Integrate however long it takes (else beyond MAX_FLUID_WORK step-routes is refused before it starts). */
  allowLong?: boolean;
}

export function trajectoryPoints(s: Scenario, run: FluidRun): FluidTrajectoryPoint[] {
  const B = s.backends.length;
  return run.samples.map((sample) => ({
    time: sample.time,
    queues: Object.fromEntries(s.backends.map((b, j) => [b.id, sample.queues[j]!])),
    throughput: Object.fromEntries(s.backends.map((b, j) => [b.id, sample.throughput[j]!])),
    routing: Object.fromEntries(s.frontends.map((f, i) => [f.id, Object.fromEntries(Array.from(f.allowed, (j) => [s.backends[j]!.id, sample.routing[i * B + j]!]))])),
  }));
}

/** The steady state, whether it settled, the step check; the FluidRun too, for callers that write the trajectory themselves. */
export function fluidResult(s: Scenario, options: FluidResultOptions = {}): { result: FluidResult; run: FluidRun } {
  const report = fluidSteadyState(s, {
    horizon: options.horizon,
    step: options.step,
    sampleEvery: options.trajectory ? s.sampleInterval : 0,
    progress: options.progress,
    allowLong: options.allowLong,
  });
  const { run, ...rest } = report;
  return { result: { ...rest, ...(s.stepSizeChoice ? { stepSize: s.stepSizeChoice } : {}), ...(options.trajectory ? { trajectory: trajectoryPoints(s, run) } : {}) }, run };
}

/** The library's integrateFluid: what `lbsim fluid --json [--trajectory]` prints. */
export function integrateFluidResult(scenario: Scenario, options: FluidResultOptions = {}): FluidResult {
  assertLoadedScenario(scenario, "integrateFluid");
  return fluidResult(scenario, options).result;
}
