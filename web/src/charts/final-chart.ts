// Sweeps: each run's last value of a metric against one of its settings (a run-config path
// such as "optimizer.lr"), one point per run in its colour; runs that differ only in that
// setting are joined by a line (web/src/gallery/final-points.ts), and a diverged run is a
// cross above every finite value, labelled with the step it diverged at. Values are the
// core's; the chart only picks the last measured row.
import type { ChartDataset } from 'chart.js';
import type { SweepLine, SweepPoint } from '../gallery/final-points';
import { formatNumber } from '../util/format';
import { Chart } from './setup';

type LineDataset = ChartDataset<'scatter', { x: number; y: number }[]> & {
  sweep: SweepPoint[];
};

export class FinalChart {
  readonly chart: Chart<'scatter', { x: number; y: number }[]>;
  private signature = '';
  /** Called after every redraw (the figure tools refresh the data table). */
  afterUpdate: (() => void) | null = null;

  constructor(canvas: HTMLCanvasElement, xLabel: string, logX: boolean, logY: boolean) {
    this.chart = new Chart(canvas, {
      type: 'scatter',
      data: { datasets: [] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: {
            type: logX ? 'logarithmic' : 'linear',
            title: { display: true, text: xLabel },
            ticks: { maxTicksLimit: 8, callback: (v) => formatNumber(Number(v), 3) },
          },
          y: {
            type: logY ? 'logarithmic' : 'linear',
            ticks: { maxTicksLimit: 6, callback: (v) => formatNumber(Number(v), 3) },
          },
        },
        plugins: {
          legend: { display: false, labels: { usePointStyle: false, boxHeight: 2 } },
          tooltip: {
            callbacks: {
              label: (item) => {
                const p = (item.dataset as unknown as LineDataset).sweep[item.dataIndex];
                if (!p) return '';
                const x = formatNumber(p.x, 4);
                return p.divergedAt !== null
                  ? `${p.runName}: diverged at step ${p.divergedAt} (at ${x})`
                  : `${p.runName}: ${formatNumber(p.y, 5)} at ${x}`;
              },
            },
          },
        },
      },
    });
  }

  update(lines: readonly SweepLine[]): void {
    const signature = JSON.stringify(lines);
    if (signature === this.signature) return;
    this.signature = signature;
    this.chart.data.datasets = lines.map((line): LineDataset => ({
      label: line.label,
      sweep: line.points,
      data: line.points.map((p) => ({ x: p.x, y: p.y })),
      showLine: line.points.length > 1,
      borderColor: line.points[0]?.color ?? '#888',
      borderWidth: 1.5,
      pointBackgroundColor: line.points.map((p) =>
        p.divergedAt !== null ? 'transparent' : p.color,
      ),
      pointBorderColor: line.points.map((p) => p.color),
      pointBorderWidth: line.points.map((p) => (p.divergedAt !== null ? 2.5 : 1)),
      pointStyle: line.points.map((p) => (p.divergedAt !== null ? 'crossRot' : 'circle')),
      pointRadius: line.points.map((p) => (p.divergedAt !== null ? 8 : 6)),
      pointHoverRadius: 8,
    }));
    // A legend only when there is more than one line (with and without warm-up, say).
    const legend = this.chart.options.plugins?.legend;
    if (legend) legend.display = lines.length > 1;
    this.chart.update('none');
    this.afterUpdate?.();
  }
}
