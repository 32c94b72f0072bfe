// Display-only decimation: rows are split into equal index buckets and each keeps its min
// and max (in order), so spikes survive and a 100k-step series draws as fast as a 1k one.
// The store keeps the full series; only what is handed to the chart is reduced.
export interface Point {
  x: number;
  y: number;
}

/** Points with finite y, keeping at most about `target` of them. */
export function decimateMinMax(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  target: number,
): Point[] {
  const n = Math.min(xs.length, ys.length);
  const out: Point[] = [];
  if (n <= target) {
    for (let i = 0; i < n; i++) if (Number.isFinite(ys[i]!)) out.push({ x: xs[i]!, y: ys[i]! });
    return out;
  }
  const buckets = Math.max(1, Math.floor(target / 2));
  const size = n / buckets;
  let lastIndex = -1;
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(n, Math.floor((b + 1) * size));
    let lo = -1;
    let hi = -1;
    for (let i = from; i < to; i++) {
      const y = ys[i]!;
      if (!Number.isFinite(y)) continue;
      if (lo < 0 || y < ys[lo]!) lo = i;
      if (hi < 0 || y > ys[hi]!) hi = i;
    }
    if (lo < 0) continue;
    const first = Math.min(lo, hi);
    const second = Math.max(lo, hi);
    out.push({ x: xs[first]!, y: ys[first]! });
    if (second !== first) out.push({ x: xs[second]!, y: ys[second]! });
    lastIndex = second;
  }
  // Always end on the latest measured point so the live tip of the curve is exact.
  for (let i = n - 1; i > lastIndex; i--) {
    if (Number.isFinite(ys[i]!)) {
      out.push({ x: xs[i]!, y: ys[i]! });
      break;
    }
  }
  return out;
}
