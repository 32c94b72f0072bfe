// What a chart draws for one run and one metric: the decimated raw series and, when
// smoothing is on, the decimated EMA of the full series. Cached by record version so an
// idle run costs nothing per frame.
import { decimateMinMax, type Point } from '../metrics/decimate';
import { ema } from '../metrics/ema';
import type { Series } from '../metrics/series';

/**
 * Points per series handed to the chart, about one per pixel column: more cannot be seen,
 * and Chart.js does work per point (an element each) on every update while training.
 */
export const DISPLAY_POINTS = { wide: 700, narrow: 320 } as const;

export interface SeriesView {
  raw: Point[];
  smooth: Point[] | null;
  last: Point | null;
}

const cache = new WeakMap<Series, Map<string, { version: number; view: SeriesView }>>();

export function seriesView(
  series: Series,
  version: number,
  metric: string,
  smoothing: number,
  points: number,
): SeriesView {
  let perSeries = cache.get(series);
  if (!perSeries) {
    perSeries = new Map();
    cache.set(series, perSeries);
  }
  const key = `${metric}|${smoothing}|${points}`;
  const hit = perSeries.get(key);
  if (hit && hit.version === version) return hit.view;
  const steps = series.column('step');
  const values = series.column(metric);
  const raw = decimateMinMax(steps, values, points);
  const smooth = smoothing > 0 ? decimateMinMax(steps, ema(values, smoothing), points) : null;
  const view = { raw, smooth, last: raw.length > 0 ? raw[raw.length - 1]! : null };
  perSeries.set(key, { version, view });
  return view;
}
