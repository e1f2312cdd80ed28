// Every backend's state-dependent processor sharing, exact, by virtual-time finish tags: O(log n) per event, the heaps in one arena.
import type { PerJobRates } from "../model/perJobRates.ts";

/** One backend's scalars: a small monomorphic object (its fields are read at every event); its heap lives in the fleet's arena. */
export class PsBackend {
  n = 0;
  virtualTime = 0;
  lastTime = 0;
  speed = 1;
  /** mu(n)/n at the current n (0 while empty). */
  rate = 0;
  /** Its heap's first entry in the arena, and the region's room in entries. */
  base = 0;
  room = 0;
  constructor(readonly rates: PerJobRates) {}
}

/** A backend's first heap region (entries); regions double as they fill. */
const FIRST_ROOM = 16;
/**
 * Size classes of regions, FIRST_ROOM·2^c entries for c below this: every size an Int32 count of
 * jobs can reach. Made up front, so that no list of free regions is added mid-run (a first push
 * at a new size threw the optimised event loop away).
 */
const MAX_SIZE_CLASSES = Math.clz32(FIRST_ROOM) + 1;

/**
 * While n jobs are present at a backend each is served at rate c(t)·mu(n)/n (c: the speed
 * its capacity schedule sets). Virtual time V advances at that per-job rate, so a job arriving at virtual time V
 * with size s leaves when V reaches its finish tag V + s; jobs leave in finish-tag order whatever
 * the size distribution. Only V and a binary min-heap of (tag, slot) change per event: no job is
 * touched at every event. V is reset to 0 whenever the backend empties, which keeps tags small and
 * precise.
 *
 * Why one fleet and not an object a backend: at 1,000 backends each event touches a backend that
 * was last touched a thousand events ago, and an object holding a heap object holding a typed array
 * is three dependent cache misses before the first tag is read (four with the doubles V8 boxes).
 * Here a backend's heap is a region of one shared arena, found from an offset in its object.
 */
export class PsFleet {
  private readonly backends: PsBackend[];
  /** Heap entries of every backend: entry k of a region is arena[2k] (the tag) and arena[2k + 1] (the slot). */
  private arena: Float64Array;
  /** Entries of the arena handed out to regions so far (free regions are reused first). */
  private used = 0;
  /** Regions given back when their backend moved to a larger one, by size class (FIRST_ROOM·2^c entries). */
  private readonly freeRegions: number[][] = Array.from({ length: MAX_SIZE_CLASSES }, () => []);

  /** rates[j] tabulates backend j's curve (shared between backends with one curve). */
  constructor(rates: PerJobRates[]) {
    this.backends = rates.map((r) => new PsBackend(r));
    this.arena = new Float64Array(2 * FIRST_ROOM * Math.max(1, Math.min(rates.length, 1024))); // grows as regions are handed out
  }

  /** Backend j, to pass to the methods below (and read `n`, the jobs present, from). */
  at(j: number): PsBackend {
    return this.backends[j]!;
  }

  /** A job of the given size joins backend b at time t. */
  add(b: PsBackend, t: number, slot: number, size: number): void {
    if (b.n > 0) b.virtualTime += (t - b.lastTime) * b.speed * b.rate;
    b.lastTime = t;
    if (b.n === b.room) this.grow(b);
    this.push(2 * b.base, b.n, b.virtualTime + size, slot);
    b.rate = b.rates.rateFor(++b.n);
  }

  /** Time of backend b's next departure given no further arrival (Infinity when empty or stopped). */
  nextDeparture(b: PsBackend): number {
    if (b.n === 0 || b.speed === 0) return Infinity;
    const remaining = this.arena[2 * b.base]! - b.virtualTime;
    return b.lastTime + (remaining > 0 ? remaining : 0) / (b.speed * b.rate);
  }

  /** The job with the smallest finish tag leaves backend b at time t (its departure time); returns its slot. */
  depart(b: PsBackend, t: number): number {
    const o = 2 * b.base;
    b.lastTime = t;
    b.virtualTime = this.arena[o]!; // exact: the tag is what V reaches at t
    const slot = this.pop(o, --b.n);
    if (b.n === 0) b.virtualTime = 0;
    b.rate = b.rates.rateFor(b.n);
    return slot;
  }

  setSpeed(b: PsBackend, t: number, multiplier: number): void {
    if (b.n > 0) b.virtualTime += (t - b.lastTime) * b.speed * b.rate;
    b.lastTime = t;
    b.speed = multiplier;
  }

  /** Sifts (key, slot) up into the heap at arena offset o holding n entries. */
  private push(o: number, n: number, key: number, slot: number): void {
    const e = this.arena;
    let i = n;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = e[o + 2 * p]!;
      if (pk <= key) break;
      e[o + 2 * i] = pk;
      e[o + 2 * i + 1] = e[o + 2 * p + 1]!;
      i = p;
    }
    e[o + 2 * i] = key;
    e[o + 2 * i + 1] = slot;
  }

  /** Removes the minimum of the heap at arena offset o (n entries remain after) and returns its slot. */
  private pop(o: number, n: number): number {
    const e = this.arena;
    const top = e[o + 1]!;
    if (n > 0) {
      const key = e[o + 2 * n]!;
      const slot = e[o + 2 * n + 1]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && e[o + 2 * c + 2]! < e[o + 2 * c]!) c++;
        const ck = e[o + 2 * c]!;
        if (ck >= key) break;
        e[o + 2 * i] = ck;
        e[o + 2 * i + 1] = e[o + 2 * c + 1]!;
        i = c;
      }
      e[o + 2 * i] = key;
      e[o + 2 * i + 1] = slot;
    }
    return top;
  }

  /** Moves a backend's full heap to a region twice its size, giving the old one back. */
  private grow(b: PsBackend): void {
    const larger = b.room === 0 ? FIRST_ROOM : 2 * b.room;
    const to = this.allocate(larger);
    this.arena.copyWithin(2 * to, 2 * b.base, 2 * (b.base + b.room));
    if (b.room > 0) this.regionsOf(b.room).push(b.base);
    b.base = to;
    b.room = larger;
  }

  private allocate(room: number): number {
    const free = this.regionsOf(room);
    if (free.length > 0) return free.pop()!;
    if (2 * (this.used + room) > this.arena.length) {
      const arena = new Float64Array(Math.max(2 * this.arena.length, 2 * (this.used + room)));
      arena.set(this.arena.subarray(0, 2 * this.used));
      this.arena = arena;
    }
    const base = this.used;
    this.used += room;
    return base;
  }

  private regionsOf(room: number): number[] {
    return this.freeRegions[Math.clz32(FIRST_ROOM) - Math.clz32(room)]!;
  }
}
