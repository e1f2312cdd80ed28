// What a frontend knows about the backends: the latest state that has reached it.

/**
 * Policies read backends only through this interface, so they cannot see the truth. The
 * stochastic engine implements it with delayed publications (feedback.ts); the fluid model with
 * its delayed trajectory. Counts are scaled by 1/N (docs/model.md section 3).
 */
export interface ReceivedState {
  /** n̂_j / N as held by the frontend now. */
  count(frontend: number, backend: number): number;
  /** out[a] = count(frontend, backends[a]) for every a (DGD-LB reads a whole row at each update). */
  heldCounts(frontend: number, backends: Int32Array, out: Float64Array): void;
  /**
   * out[a] = map.of(backends[a], count(frontend, backends[a])). Periodic feedback evaluates the map
   * once per backend and publication, so F frontends holding the same publication share it
   * (DGD-LB's marginal term at each update: F × B pairs, B evaluations per publication).
   */
  heldMapped(frontend: number, backends: Int32Array, map: HeldCountMap, out: Float64Array): void;
  /** Time at which the held state of backend was measured (-Infinity when nothing arrived yet). */
  measuredAt(frontend: number, backend: number): number;
  /** Increases whenever the frontend's view may have changed: greedy policies cache their choice on it. */
  version(frontend: number): number;
  /** Current time. */
  now(): number;
}

/** f_j(n̂), a function of a backend's held count that every frontend shares. Pure: equal arguments give equal results, so feedback may remember them. */
export interface HeldCountMap {
  of(backend: number, count: number): number;
}

/** heldMapped where no held state is shared between frontends: the held counts, mapped pair by pair. */
export function mapHeldCounts(state: ReceivedState, frontend: number, backends: Int32Array, map: HeldCountMap, out: Float64Array): void {
  state.heldCounts(frontend, backends, out);
  for (let a = 0; a < backends.length; a++) out[a] = map.of(backends[a]!, out[a]!);
}
