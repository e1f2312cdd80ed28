// "Did you mean ...?": the valid name closest to a mistyped one (Damerau–Levenshtein distance).

/** Edit distance with adjacent transpositions (optimal string alignment), case-insensitive. */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate nearest to `name`, when it is near enough to be a plausible typo (at most a third
 * of the longer name's letters changed, at least one); null otherwise. Long names are cut to 64
 * characters first, so a pasted blob costs no more than a word.
 */
export function nearestName(name: string, candidates: Iterable<string>): string | null {
  const short = name.slice(0, 64);
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const dist = editDistance(short, c);
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  if (best === null) return null;
  const allowed = Math.max(1, Math.floor(Math.max(short.length, best.length) / 3));
  return bestDistance <= allowed ? best : null;
}

/** ` (did you mean "x"?)`, or an empty string when nothing is near. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const near = nearestName(name, candidates);
  return near === null ? "" : ` (did you mean "${near}"?)`;
}
