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
  /**
   * y[a] = x[a] − offsets[a] − scale·map.of(backends[a], n̂) and returns Σy: heldMapped and a
   * gradient step in one pass (DGD-LB's update reads 10^5 pairs at 100 × 1,000). The same doubles
   * as heldMapped followed by stepFromMapped.
   */
  heldMappedStep(frontend: number, backends: Int32Array, map: HeldCountMap, x: Float64Array, offsets: Float64Array, scale: number, y: Float64Array): number;
  /**
   * heldMappedStep over rows of two arrays that hold every frontend's row, as a closure over x,
   * offsets and y (its rows read at start + a, y from 0): V8 compiles a closure made once in a
   * process for its very arrays. The same doubles. Absent (or null): call heldMappedStep. A later
   * call with the same x (a later run's policy, which leased x from this one) may get the same
   * closure, now reading the later state: a stepper serves only the last state it was got from.
   */
  rowStepper?(x: Float64Array, offsets: Float64Array, y: Float64Array): RowStep | null;
  /** Time at which the held state of backend was measured (-Infinity when nothing arrived yet). */
  measuredAt(frontend: number, backend: number): number;
  /** Increases whenever the frontend's view may have changed: greedy policies cache their choice on it. */
  version(frontend: number): number;
  /**
   * The backends whose count the frontend holds may have changed since the caller's last call for
   * it: returns how many (repeats allowed), writes them to out and the counts the frontend holds of
   * them now to counts (as count() gives them), or returns −1 for "any of them" (first call, too
   * many for out, or not tracked). With out null it only counts them. mark (two numbers) is the
   * caller's, read and set here; the caller starts it at NaN.
   * Absent: callers read every backend.
   */
  changedBackends?(frontend: number, mark: Float64Array, out: Int32Array | null, counts: Float64Array): number;
  /** True where count(i, j) and version(i) do not depend on i (instant feedback). */
  readonly sameForEveryFrontend?: boolean;
  /** True where count() is one array read (instant, piggyback): a pass may read counts one by one rather than as a row first. */
  readonly countIsRead?: boolean;
  /** Current time. */
  now(): number;
}

/** heldMappedStep(frontend, backends, map, x's row at start, offsets' row at start, scale, y): see ReceivedState.rowStepper. */
export type RowStep = (frontend: number, backends: Int32Array, map: HeldCountMap, start: number, scale: number) => number;

/** f_j(n̂), a function of a backend's held count that every frontend shares. Pure: equal arguments give equal results, so feedback may remember them. */
export interface HeldCountMap {
  of(backend: number, count: number): number;
}

/** heldMapped where no held state is shared between frontends: the held counts, mapped pair by pair. */
export function mapHeldCounts(state: ReceivedState, frontend: number, backends: Int32Array, map: HeldCountMap, out: Float64Array): void {
  state.heldCounts(frontend, backends, out);
  for (let a = 0; a < backends.length; a++) out[a] = map.of(backends[a]!, out[a]!);
}

/** heldMappedStep as heldMapped followed by stepFromMapped (feedback with nothing to fuse). */
export function mappedStep(state: ReceivedState, frontend: number, backends: Int32Array, map: HeldCountMap, x: Float64Array, offsets: Float64Array, scale: number, y: Float64Array): number {
  state.heldMapped(frontend, backends, map, y);
  return stepFromMapped(x, offsets, scale, y, backends.length);
}

/** Σy[a] for a < m as stepFromMapped adds its results: even and odd positions apart, then the two. */
export function sumAsStepped(y: Float64Array, m: number): number {
  let even = 0;
  let odd = 0;
  let a = 0;
  for (; a + 1 < m; a += 2) {
    even += y[a]!;
    odd += y[a + 1]!;
  }
  if (a < m) even += y[a]!;
  return even + odd;
}

/**
 * stepFromMapped with y's mapped values read from a remembered row instead: y[a] = x[a] −
 * offsets[a] − scale·mapped[base + backends[a]] for a < m, and Σy, in stepFromMapped's arithmetic
 * and order of additions (the same doubles as writing the row into y first, in one pass).
 */
export function stepFromMappedRow(x: Float64Array, offsets: Float64Array, scale: number, y: Float64Array, mapped: Float64Array, base: number, backends: Int32Array): number {
  const m = backends.length;
  let even = 0;
  let odd = 0;
  let a = 0;
  for (; a + 1 < m; a += 2) {
    const y0 = x[a]! - offsets[a]! - scale * mapped[base + backends[a]!]!;
    const y1 = x[a + 1]! - offsets[a + 1]! - scale * mapped[base + backends[a + 1]!]!;
    y[a] = y0;
    y[a + 1] = y1;
    even += y0;
    odd += y1;
  }
  if (a < m) {
    const v = x[a]! - offsets[a]! - scale * mapped[base + backends[a]!]!;
    y[a] = v;
    even += v;
  }
  return even + odd;
}

/**
 * y[a] = x[a] − offsets[a] − scale·y[a] for a < m, in place, and returns Σy over two running sums
 * (even and odd positions, which halve the chain of dependent additions), added at the end.
 */
export function stepFromMapped(x: Float64Array, offsets: Float64Array, scale: number, y: Float64Array, m: number): number {
  let even = 0;
  let odd = 0;
  let a = 0;
  for (; a + 1 < m; a += 2) {
    const y0 = x[a]! - offsets[a]! - scale * y[a]!;
    const y1 = x[a + 1]! - offsets[a + 1]! - scale * y[a + 1]!;
    y[a] = y0;
    y[a + 1] = y1;
    even += y0;
    odd += y1;
  }
  if (a < m) {
    const v = x[a]! - offsets[a]! - scale * y[a]!;
    y[a] = v;
    even += v;
  }
  return even + odd;
}
