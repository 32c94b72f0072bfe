// The gradient norms a finished run hands to the refined schedule ("When, Why and How Much?
// Adaptive Learning Rate Scheduling by Refinement", Defazio et al., 2023): its grad_norm
// column, the initial row (no update, NaN) left out, averaged in equal buckets down to the
// length the config allows, and rounded to 6 significant digits so share links stay short.
// The schedule itself is computed by the core; this only carries the recorded numbers.
export const MAX_REFINE_NORMS = 1000;

export function refineNorms(
  gradNorms: ArrayLike<number>,
  maxLength: number = MAX_REFINE_NORMS,
): number[] {
  const values: number[] = [];
  for (let i = 0; i < gradNorms.length; i++) {
    const v = gradNorms[i]!;
    if (Number.isFinite(v) && v > 0) values.push(v);
  }
  const count = Math.min(values.length, Math.max(1, maxLength));
  const out: number[] = [];
  for (let b = 0; b < count; b++) {
    const from = Math.floor((b * values.length) / count);
    const to = Math.floor(((b + 1) * values.length) / count);
    let sum = 0;
    for (let i = from; i < to; i++) sum += values[i]!;
    out.push(Number((sum / (to - from)).toPrecision(6)));
  }
  return out;
}
