// Least concave majorant of measured (concurrency, throughput) points, (0,0) included.

/**
 * Upper convex hull (monotone chain) of the points and the origin, truncated where it stops
 * rising: the smallest concave, non-decreasing curve lying on or above every point.
 * Cost O(m log m). Example: [[1,10],[2,12],[4,30]] -> [[4,30]] (the chord from the origin
 * dominates the dips at 1 and 2).
 */
export function concaveMajorant(points: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const pts = [[0, 0] as [number, number], ...points.map((p) => [p[0], p[1]] as [number, number])].filter((p, i) => i === 0 || p[0] > 0).sort((a, b) => a[0] - b[0]);
  const hull: Array<[number, number]> = [];
  for (const p of pts) {
    while (hull.length >= 2) {
      const [x1, y1] = hull[hull.length - 2]!;
      const [x2, y2] = hull[hull.length - 1]!;
      // drop the middle point when it lies on or below the chord from hull[-2] to p
      if ((y2 - y1) * (p[0] - x1) <= (p[1] - y1) * (x2 - x1)) hull.pop();
      else break;
    }
    hull.push(p);
  }
  // keep the rising part only (non-decreasing); the curve is flat after its highest point
  let top = 0;
  for (let k = 1; k < hull.length; k++) if (hull[k]![1] > hull[top]![1]) top = k;
  return hull.slice(1, top + 1);
}

/** Largest |majorant(x) − y| over the points, absolute and relative to y: the fit's reported error. */
export function fitError(rate: (n: number) => number, points: ReadonlyArray<readonly [number, number]>): { maxAbs: number; maxRel: number } {
  let maxAbs = 0;
  let maxRel = 0;
  for (const [x, y] of points) {
    const e = Math.abs(rate(x) - y);
    maxAbs = Math.max(maxAbs, e);
    if (y > 0) maxRel = Math.max(maxRel, e / y);
  }
  return { maxAbs, maxRel };
}
