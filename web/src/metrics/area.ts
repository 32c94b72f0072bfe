// Area under a metric curve (trapezoids over the measured rows), a single number that
// rewards getting low early as well as ending low. Rows where the metric is not measured
// (NaN) are skipped; the area spans the first to the last measured row.
export function areaUnderCurve(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  const n = Math.min(xs.length, ys.length);
  let area = 0;
  let previous = -1;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(ys[i]!)) continue;
    if (previous >= 0) area += ((xs[i]! - xs[previous]!) * (ys[i]! + ys[previous]!)) / 2;
    previous = i;
  }
  return previous >= 0 ? area : Number.NaN;
}

/** The first x whose y is at or below the target; null if never reached. */
export function firstReaching(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  target: number,
): number | null {
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) if (ys[i]! <= target) return xs[i]!;
  return null;
}
