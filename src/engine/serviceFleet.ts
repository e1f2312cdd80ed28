// The seam between the event loop and a service discipline: processor sharing (PsFleet) or LLM engines
// (LlmFleet). The loop adds requests, asks for each backend's next event and lets it happen; it never
// knows which discipline runs.
export interface ServiceBackend {
  /** Requests present (queued and in service): what feedback reports and the metrics integrate. */
  n: number;
}

export interface ServiceFleet<B extends ServiceBackend = ServiceBackend> {
  at(j: number): B;
  /** Request `slot` (of work `size`) joins backend b at time t. */
  add(b: B, t: number, slot: number, size: number): void;
  /** Time of backend b's next event given no further arrival (Infinity when there is none). */
  nextDeparture(b: B): number;
  /** Backend b's next event happens at t: the slot of the request that leaves, or −1 when none does (an LLM step's end). */
  depart(b: B, t: number): number;
  /** Backend b serves at `multiplier` times its curve from t on (its capacity schedule: an outage is 0). */
  setSpeed(b: B, t: number, multiplier: number): void;
}
