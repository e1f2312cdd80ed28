// What a caller may ask of one run besides its results: warm-up, trace and series sinks, listeners.
import type { SeriesSink, TraceSink } from "./sinks.ts";

export interface RunOptions {
  replication?: number;
  /** Warm-up in seconds (the scenario's when omitted; "mser5" is resolved by the caller). */
  warmup?: number;
  trace?: TraceSink;
  series?: SeriesSink;
  /** Central optimum routing for static-optimal. */
  optimalRouting?: () => Float64Array;
  /**
   * Hears every completed request's end-to-end latency (the playground's histogram). Unlike a trace,
   * it does not turn responses into events, so results stay byte-identical to a run without it.
   */
  completed?: (frontend: number, latency: number, completedAt: number) => void;
  /** Hears the fraction of the horizon simulated, every PROGRESS_EVENTS events (a long single run's progress bar). */
  progress?: (fraction: number) => void;
  /**
   * Makes the result's columns (points and batches): a plain Float64Array when omitted. Pool threads
   * make them in shared memory, so that posting a result to the main thread neither copies nor detaches it.
   */
  resultColumn?: (length: number) => Float64Array;
  /**
   * false: the result's batches column stops before the first frontend's metrics, so it holds the
   * batch values of the latency, LLM and backend metrics only (what a study of several replications
   * reads: its intervals come from the points). At 100 × 1,000 the frontends' routing shares are
   * 2·10⁶ batch values, 16 MB a run that such a study would keep. Default true.
   */
  frontendBatches?: boolean;
}
