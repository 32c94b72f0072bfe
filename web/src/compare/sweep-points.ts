// The points of a sweep: a grid (log-spaced on axes that span decades) or random draws
// (log-uniform on those axes) from a seeded generator, so a sweep's link always expands to
// the same points.
import { MAX_AXES, MAX_AXIS_VALUES, MAX_POINTS } from '../state/state-table';
import type { SweepAxis, SweepState } from '../state/types';

export type SweepPoint = Record<string, number>;

export { MAX_AXES, MAX_AXIS_VALUES, MAX_POINTS } from '../state/state-table';

/** `count` values from lo to hi inclusive, evenly spaced in log space when `log`. */
export function axisValues(axis: SweepAxis): number[] {
  const count = Math.max(1, Math.min(MAX_AXIS_VALUES, Math.floor(axis.count)));
  if (count === 1) return [axis.lo];
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = i / (count - 1);
    values.push(interpolate(axis, t));
  }
  return values;
}

function interpolate(axis: SweepAxis, t: number): number {
  if (axis.log && axis.lo > 0 && axis.hi > 0) {
    const a = Math.log10(axis.lo);
    const b = Math.log10(axis.hi);
    // Exact ends: 10 ** log10(x) is not always x.
    if (t === 0) return axis.lo;
    if (t === 1) return axis.hi;
    return 10 ** (a + (b - a) * t);
  }
  return axis.lo + (axis.hi - axis.lo) * t;
}

/**
 * Mulberry32: a 32-bit generator, small and exact in JS integer arithmetic, for drawing
 * sweep points (training randomness is the core's PCG32 streams, not this).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every point of the sweep, in a fixed order; one empty point when there are no axes. */
export function sweepPoints(
  sweep: Pick<SweepState, 'axes' | 'mode' | 'samples' | 'sampleSeed'>,
): SweepPoint[] {
  const axes = sweep.axes.slice(0, MAX_AXES);
  if (axes.length === 0) return [{}];
  if (sweep.mode === 'random') {
    const next = mulberry32(sweep.sampleSeed);
    const n = Math.max(1, Math.min(MAX_POINTS, Math.floor(sweep.samples)));
    const points: SweepPoint[] = [];
    for (let i = 0; i < n; i++) {
      const point: SweepPoint = {};
      for (const axis of axes) point[axis.param] = interpolate(axis, next());
      points.push(point);
    }
    return points;
  }
  let points: SweepPoint[] = [{}];
  for (const axis of axes) {
    const values = axisValues(axis);
    const grown: SweepPoint[] = [];
    for (const point of points) for (const v of values) grown.push({ ...point, [axis.param]: v });
    points = grown.slice(0, MAX_POINTS);
  }
  return points;
}
