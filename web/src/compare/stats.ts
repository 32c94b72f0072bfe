// Statistics over repeated runs (seeds): summaries of one number per run and bands over
// curves that share their x rows. Pure functions over metric series, nothing else: the
// numbers themselves come from the core.

export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1); 0 for a single value. */
  std: number;
  min: number;
  max: number;
}

/** Summary of the finite values; n counts them (NaN and ±Infinity are left out). */
export function summarizeValues(values: readonly number[]): Summary {
  const finite = values.filter((v) => Number.isFinite(v));
  const n = finite.length;
  if (n === 0) return { n: 0, mean: Number.NaN, std: Number.NaN, min: Number.NaN, max: Number.NaN };
  let sum = 0;
  for (const v of finite) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of finite) squares += (v - mean) * (v - mean);
  return {
    n,
    mean,
    std: n > 1 ? Math.sqrt(squares / (n - 1)) : 0,
    min: Math.min(...finite),
    max: Math.max(...finite),
  };
}

export interface Curve {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

export interface Band {
  x: number[];
  mean: number[];
  std: number[];
  min: number[];
  max: number[];
  /** Curves measured at this x (a diverged seed stops early). */
  n: number[];
}

/**
 * Per x value (the union over curves, ascending), the statistics of the curves' finite y
 * there. Repetitions of one config log the same steps, so the union is their common rows
 * plus the tails of longer curves.
 */
export function bandOf(curves: readonly Curve[]): Band {
  const byX = new Map<number, number[]>();
  for (const curve of curves) {
    const n = Math.min(curve.x.length, curve.y.length);
    for (let i = 0; i < n; i++) {
      const y = curve.y[i]!;
      if (!Number.isFinite(y)) continue;
      const x = curve.x[i]!;
      const list = byX.get(x);
      if (list) list.push(y);
      else byX.set(x, [y]);
    }
  }
  const xs = [...byX.keys()].sort((a, b) => a - b);
  const band: Band = { x: [], mean: [], std: [], min: [], max: [], n: [] };
  for (const x of xs) {
    const s = summarizeValues(byX.get(x)!);
    band.x.push(x);
    band.mean.push(s.mean);
    band.std.push(s.std);
    band.min.push(s.min);
    band.max.push(s.max);
    band.n.push(s.n);
  }
  return band;
}

/** The band's lower and upper edges: min–max, or mean ± std. */
export function bandEdges(
  band: Band,
  kind: 'minmax' | 'std',
): { lower: number[]; upper: number[] } {
  if (kind === 'minmax') return { lower: band.min, upper: band.max };
  return {
    lower: band.mean.map((m, i) => m - band.std[i]!),
    upper: band.mean.map((m, i) => m + band.std[i]!),
  };
}
