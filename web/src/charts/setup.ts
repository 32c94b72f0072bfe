// Chart.js with only the parts used (tree-shaken): line charts on linear/log axes.
import {
  Chart,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  LinearScale,
  LogarithmicScale,
  Tooltip,
  Legend,
  Filler,
  Interaction,
  type InteractionItem,
  type InteractionModeFunction,
} from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';

import { timingEnabled } from '../util/timing';

declare module 'chart.js' {
  interface InteractionModeMap {
    step: InteractionModeFunction;
  }
}

/**
 * Options every line chart of the page shares: sized by its box, data given as {x, y} points
 * (no parsing), no animation, no point markers and straight segments.
 */
export const LINE_CHART_BASE = {
  responsive: true,
  maintainAspectRatio: false,
  parsing: false,
  animation: false,
} as const;

let registered = false;

export function registerChartParts(): void {
  if (registered) return;
  registered = true;
  Chart.register(
    LineController,
    LineElement,
    PointElement,
    ScatterController,
    LinearScale,
    LogarithmicScale,
    Tooltip,
    Legend,
    Filler, // seed bands: the area between min and max (or mean ± std)
    zoomPlugin, // wheel (with Alt) / drag a box / pinch to zoom, Shift-drag to pan
  );
  // 'step': for every line, its point nearest the pointer's step. Runs log at different
  // steps (and are decimated differently), so Chart.js's 'index' mode would pair unrelated
  // points and its 'x' mode would miss lines without a point under the pointer.
  Interaction.modes.step = (chart, event) => pointsAtStep(chart, event.x ?? Number.NaN);
  Chart.defaults.font.family =
    getComputedStyle(document.documentElement).getPropertyValue('--font').trim() ||
    'system-ui, sans-serif';
  Chart.defaults.color = '#3b4252';
  Chart.defaults.animation = false;
  if (timingEnabled) {
    // Chart.js draws in its own animation frame: measure it there.
    const started = new WeakMap<object, number>();
    Chart.register({
      id: 'descent-timing',
      beforeDraw: (chart) => void started.set(chart, performance.now()),
      afterDraw: (chart) =>
        void performance.measure(
          `draw ${chart.canvas.getAttribute('aria-label') ?? ''}`.slice(0, 24),
          {
            start: started.get(chart) ?? performance.now(),
            end: performance.now(),
          },
        ),
    });
  }
}

/** Each visible dataset's point nearest (in x) to the pixel position px; points sorted by x. */
function pointsAtStep(chart: Chart, px: number): InteractionItem[] {
  const items: InteractionItem[] = [];
  const area = chart.chartArea;
  if (!area || px < area.left || px > area.right) return items;
  chart.data.datasets.forEach((_, datasetIndex) => {
    if (!chart.isDatasetVisible(datasetIndex)) return;
    const points = chart.getDatasetMeta(datasetIndex).data;
    if (points.length === 0) return;
    let lo = 0;
    let hi = points.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (points[mid]!.x < px) lo = mid + 1;
      else hi = mid;
    }
    const index =
      lo > 0 && Math.abs(points[lo - 1]!.x - px) <= Math.abs(points[lo]!.x - px) ? lo - 1 : lo;
    const element = points[index]!;
    // Not past a line's ends: a run that stopped early (or a diverged-run cross) has no value
    // further right.
    const near = px >= points[0]!.x - 8 && px <= points[points.length - 1]!.x + 8;
    if (near && Number.isFinite(element.x) && Number.isFinite(element.y))
      items.push({ element, datasetIndex, index });
  });
  return items;
}

/** Zoom and pan options shared by the step charts; a double-click resets (see resetOnDoubleClick). */
export const ZOOM_OPTIONS = {
  zoom: {
    wheel: { enabled: true, modifierKey: 'alt' as const },
    drag: { enabled: true, backgroundColor: 'rgba(94, 129, 172, 0.15)' },
    pinch: { enabled: true },
    mode: 'xy' as const,
  },
  pan: { enabled: true, modifierKey: 'shift' as const, mode: 'xy' as const },
};

export function resetOnDoubleClick(chart: Chart): void {
  chart.canvas.addEventListener('dblclick', () =>
    (chart as Chart & { resetZoom(): void }).resetZoom(),
  );
}

export { Chart };
