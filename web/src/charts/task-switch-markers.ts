// Vertical markers at a run's task switches (problem.task_switches). The core measures a row
// at every switch and gives each row the index of the task it trained on (the `task` column),
// so a switch is where that column rises: its step is read off the core's rows, not computed.
import type { Chart, Plugin } from 'chart.js';
import type { Series } from '../metrics/series';

/** The steps of the rows where the run's task index rises (none without task switches). */
export function taskSwitchSteps(series: Series): number[] {
  if (!series.has('task')) return [];
  const task = series.column('task');
  const step = series.column('step');
  const out: number[] = [];
  for (let i = 1; i < task.length; i++) {
    if (task[i]! > task[i - 1]!) out.push(step[i]!);
  }
  return out;
}

/** A Chart.js plugin drawing a dashed vertical line at each step `steps()` returns. */
export function taskSwitchMarkers(steps: () => readonly number[]): Plugin<'line'> {
  return {
    id: 'taskSwitchMarkers',
    afterDatasetsDraw(chart: Chart<'line'>) {
      const xs = steps();
      const scale = chart.scales.x;
      if (xs.length === 0 || !scale) return;
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.strokeStyle = 'rgba(110, 110, 110, 0.6)';
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 3]);
      for (const x of xs) {
        const px = scale.getPixelForValue(x);
        if (!Number.isFinite(px) || px < chartArea.left || px > chartArea.right) continue;
        ctx.beginPath();
        ctx.moveTo(px, chartArea.top);
        ctx.lineTo(px, chartArea.bottom);
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}
