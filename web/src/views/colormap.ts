// Colour scales for the function map and regression surfaces. Light, low-saturation stops so
// that the saturated run colours drawn on top stay readable.
const FIELD_STOPS: [number, number, number][] = [
  [255, 252, 234],
  [252, 233, 180],
  [205, 229, 196],
  [160, 205, 222],
  [140, 160, 205],
  [118, 104, 168],
];

/** t in [0, 1] (clamped) to an RGB triple. */
export function fieldColor(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 1)) * (FIELD_STOPS.length - 1);
  const i = Math.min(FIELD_STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = FIELD_STOPS[i]!;
  const b = FIELD_STOPS[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/**
 * Log-scaled normalisation of function values: optimisation landscapes span many decades
 * (Rosenbrock: 0 to 10^4), and the interesting part is near the minimum.
 */
export function logNormalize(values: ArrayLike<number>): Float32Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const out = new Float32Array(values.length);
  if (!(hi > lo)) return out;
  const floor = (hi - lo) * 1e-4;
  const uLo = Math.log(floor);
  const uHi = Math.log(hi - lo + floor);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = Number.isFinite(v) ? (Math.log(v - lo + floor) - uLo) / (uHi - uLo) : 1;
  }
  return out;
}
