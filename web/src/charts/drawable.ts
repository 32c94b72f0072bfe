import type { Point } from '../metrics/decimate';
import type { SeriesView } from './series-view';

/**
 * A log axis cannot show zero or negative values (a loss of exactly 0, f below 0, step 0 on
 * a log-step axis): leave those points out rather than let them drag the axis to an
 * arbitrary range. Display only.
 */
export function drawable(view: SeriesView, logY: boolean, logX = false): SeriesView {
  if (!logY && !logX) return view;
  const shown = (points: Point[]) => points.filter((p) => (!logY || p.y > 0) && (!logX || p.x > 0));
  const raw = shown(view.raw);
  return {
    raw,
    smooth: view.smooth ? shown(view.smooth) : null,
    last: raw.length > 0 ? raw[raw.length - 1]! : null,
  };
}
