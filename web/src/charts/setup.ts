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
} from 'chart.js';

import { timingEnabled } from '../util/timing';

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
  );
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

export { Chart };
