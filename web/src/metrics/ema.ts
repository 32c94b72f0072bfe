// Exponential moving average for display smoothing, debiased like TensorBoard's so the
// start of the curve is not pulled towards zero: s_t = w s_{t-1} + (1-w) v_t, divided by
// (1 - w^(t+1)). NaN rows (not measured) are skipped and keep NaN in the output.
export function ema(values: ArrayLike<number>, weight: number): Float64Array {
  const out = new Float64Array(values.length);
  if (weight <= 0) {
    for (let i = 0; i < values.length; i++) out[i] = values[i]!;
    return out;
  }
  let accumulated = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      out[i] = Number.NaN;
      continue;
    }
    accumulated = weight * accumulated + (1 - weight) * v;
    count++;
    out[i] = accumulated / (1 - Math.pow(weight, count));
  }
  return out;
}
