// Hooks for the end-to-end tests (failure isolation needs a worker to fail on demand).
// Installed only when the browser is driven by automation (navigator.webdriver, which the
// automation flag sets and no page, link or embed can set), so a shared link cannot reach them.
import { Chart } from '../charts/setup';
import type { TrainingController } from './training-controller';

export interface TestHooks {
  failWorker(runId: string, how: 'throw' | 'kill'): boolean;
  /** The chart drawn on the canvas matched by `selector`: its tooltip's lines and x range. */
  chart(selector: string): { tooltip: string[]; xMin: number; xMax: number } | null;
}

function chartState(selector: string): ReturnType<TestHooks['chart']> {
  const canvas = document.querySelector(selector);
  const chart = canvas instanceof HTMLCanvasElement ? Chart.getChart(canvas) : undefined;
  if (!chart) return null;
  const tooltip = chart.tooltip;
  const shown = tooltip && tooltip.opacity > 0;
  return {
    tooltip: shown ? [...tooltip.title, ...tooltip.body.flatMap((b) => b.lines)] : [],
    xMin: chart.scales.x!.min,
    xMax: chart.scales.x!.max,
  };
}

export function installTestHooks(training: TrainingController): void {
  if (navigator.webdriver !== true) return;
  const hooks: TestHooks = Object.freeze({
    failWorker: (runId: string, how: 'throw' | 'kill') =>
      training.failWorkerOf(runId, how === 'kill' ? 'kill' : 'throw'),
    chart: (selector: string) => chartState(String(selector)),
  });
  Object.defineProperty(window, '__descentTest', { value: hooks });
}
