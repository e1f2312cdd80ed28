// Optional per-request and time-series outputs of a run (streamed, so memory stays flat).
export interface TraceSink {
  /** One completed request, in completion order (docs/scenario-format.md --trace columns). */
  request(id: number, frontend: string, backend: string, size: number, born: number, arrivedBackend: number, departedBackend: number, completed: number): void;
  /** LLM engines: the tokens of the request whose request() follows, and its first token's arrival at the frontend (client time). */
  tokens?(inputTokens: number, outputTokens: number, firstToken: number): void;
}

export interface SeriesSink {
  backend(time: number, backend: string, inSystem: number, throughput: number): void;
  routing(time: number, frontend: string, backend: string, share: number): void;
  /**
   * Mean end-to-end latency of the requests completed during the window ending at `time` (NaN
   * when none completed), per frontend and, with frontend null, over all frontends.
   */
  latency?(time: number, frontend: string | null, meanLatency: number, completions: number): void;
  /** Optional: the policy's routing distribution x_ij at the sample time (the fluid-limit check compares it). */
  policyRouting?(time: number, frontend: number, shares: Float64Array): void;
}
