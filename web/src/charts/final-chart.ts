// Sweeps: each run's last value of a metric against one of its settings (a run-config path
// such as "optimizer.lr"), one point per run in its colour. Values are the core's; the chart
// only picks the last measured row.
import type { ChartDataset } from 'chart.js';
import { formatNumber } from '../util/format';
import { Chart } from './setup';

export interface FinalPoint {
  runName: string;
  color: string;
  x: number;
  y: number;
}

type PointDataset = ChartDataset<'scatter', { x: number; y: number }[]> & { runName: string };

export class FinalChart {
  readonly chart: Chart<'scatter', { x: number; y: number }[]>;
  private signature = '';

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
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (item) =>
                `${(item.dataset as unknown as PointDataset).runName}: ${formatNumber(item.parsed.y ?? Number.NaN, 5)} at ${formatNumber(item.parsed.x ?? Number.NaN, 4)}`,
            },
          },
        },
      },
    });
  }

  update(points: readonly FinalPoint[]): void {
    const signature = JSON.stringify(points);
    if (signature === this.signature) return;
    this.signature = signature;
    this.chart.data.datasets = points.map((p): PointDataset => ({
      runName: p.runName,
      data: [{ x: p.x, y: p.y }],
      backgroundColor: p.color,
      borderColor: p.color,
      pointRadius: 6,
      pointHoverRadius: 7,
    }));
    this.chart.update('none');
  }
}
