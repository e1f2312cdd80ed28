// The optimum solver's exchange moves: two frontends trade flow between two backends, loads unchanged.
import type { OptimumInput } from "./optimumInput.ts";

/**
 * Returns a pass of exchange moves over `flow` (requests per second at [i * B + j]): frontends
 * i < i' swap δ of flow between backends j, j' (f_ij, f_i'j' down; f_ij', f_i'j up; i moves δ
 * requests, i' moves δ·r with r = s_i/s_i', so the work is the same). Loads are unchanged, so the
 * objective changes by −δ·[(τ_ij − τ_ij') + r·(τ_i'j' − τ_i'j)]: a direction no single-frontend
 * block can take, along which the sweeps alone crawl. The move is linear, so the best δ is the
 * largest: min(f_ij, f_i'j'/r).
 *
 * Only positive flows can move, so the pass costs O(F²·support²) rather than O(F²·B²) while
 * visiting the same moves in the same order as the plain four nested loops: i and i' walk sorted
 * lists holding at least their positive flows (kept as moves add some), and a pair is skipped
 * where no move can gain: that needs
 * τ_ij − r·τ_i'j > τ_ij' − r·τ_i'j' for some positive f_ij and f_i'j', so the pair is passed over
 * where the largest left side is below the smallest right side by more than rounding could blur.
 */
export function exchangeMoves(input: OptimumInput, flow: Float64Array): () => void {
  const { size, allowed, roundTrip } = input;
  const F = allowed.length;
  const B = input.curves.length;
  const positive = allowed.map((E) => new Int32Array(E.length));
  const count = new Int32Array(F);
  const listed = new Uint8Array(F * B); // j is in positive[k]: a flow that fell to 0 keeps its place

  const relist = (k: number): void => {
    const E = allowed[k]!;
    const list = positive[k]!;
    let n = 0;
    for (let a = 0; a < E.length; a++) {
      const on = flow[k * B + E[a]!]! > 0;
      listed[k * B + E[a]!] = on ? 1 : 0;
      if (on) list[n++] = E[a]!;
    }
    count[k] = n;
  };
  /** Puts j into k's list in order and returns its place. */
  const insert = (k: number, j: number): number => {
    const list = positive[k]!;
    let at = count[k]!;
    while (at > 0 && list[at - 1]! > j) {
      list[at] = list[at - 1]!;
      at--;
    }
    list[at] = j;
    count[k]!++;
    listed[k * B + j] = 1;
    return at;
  };
  const mayGain = (i: number, k: number): boolean => {
    const r = size[i]! / size[k]!;
    let most = -Infinity;
    let least = Infinity;
    let scale = 0;
    for (let b = 0; b < count[i]!; b++) {
      const j = positive[i]![b]!;
      if (!(flow[i * B + j]! > 0) || !(roundTrip[k * B + j]! >= 0)) continue;
      most = Math.max(most, roundTrip[i * B + j]! - r * roundTrip[k * B + j]!);
      scale = Math.max(scale, roundTrip[i * B + j]! + r * roundTrip[k * B + j]!);
    }
    if (most === -Infinity) return false;
    for (let b = 0; b < count[k]!; b++) {
      const jj = positive[k]![b]!;
      if (!(flow[k * B + jj]! > 0) || !(roundTrip[i * B + jj]! >= 0)) continue;
      least = Math.min(least, roundTrip[i * B + jj]! - r * roundTrip[k * B + jj]!);
      scale = Math.max(scale, roundTrip[i * B + jj]! + r * roundTrip[k * B + jj]!);
    }
    return most > least - 1e-12 * scale;
  };

  return () => {
    for (let k = 0; k < F; k++) relist(k);
    for (let i = 0; i < F; i++)
      for (let k = i + 1; k < F; k++) {
        if (!mayGain(i, k)) continue;
        const list = positive[k]!;
        const own = positive[i]!;
        // i's list in place of E_i: a backend i gains ahead of the cursor is visited, as E_i's
        // loop would; one it gains behind it is not, as E_i's loop had passed it
        for (let a = 0; a < count[i]!; a++) {
          const j = own[a]!;
          if (!(flow[i * B + j]! > 0)) continue;
          for (let b = 0; b < count[k]!; b++) {
            const jj = list[b]!;
            if (exchangePair(input, flow, i, k, j, jj) && listed[i * B + jj] === 0 && insert(i, jj) <= a) a++;
          }
          // k's list gains j only after its loop, which skips jj = j anyway
          if (listed[k * B + j] === 0 && flow[k * B + j]! > 0) insert(k, j);
        }
      }
  };
}

/**
 * The exchange move of frontends i < k between backends j and jj (see exchangeMoves), where it
 * gains: returns whether flow moved.
 */
export function exchangePair(input: OptimumInput, flow: Float64Array, i: number, k: number, j: number, jj: number): boolean {
  const { size, roundTrip } = input;
  const B = input.curves.length;
  if (j === jj || !(roundTrip[i * B + jj]! >= 0) || !(roundTrip[k * B + j]! >= 0)) return false;
  const ratio = size[i]! / size[k]!;
  const gain = roundTrip[i * B + j]! - roundTrip[i * B + jj]! + ratio * (roundTrip[k * B + jj]! - roundTrip[k * B + j]!);
  if (gain <= 0) return false;
  const delta = Math.min(flow[i * B + j]!, flow[k * B + jj]! / ratio);
  if (delta <= 0) return false;
  flow[i * B + j]! -= delta;
  flow[i * B + jj]! += delta;
  flow[k * B + jj]! -= delta * ratio;
  flow[k * B + j]! += delta * ratio;
  return true;
}
