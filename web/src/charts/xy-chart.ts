// A plain chart of given lines (x, y points), for diagnostic arrays that are not per-step
// metric columns: eigenvalues over steps, a histogram as a stepped line, per-layer values,
// a 1-D loss slice. The points are the core's values; the chart only draws them.
import type { ChartDataset } from 'chart.js';
import { formatNumber } from '../util/format';
import { Chart, LINE_CHART_BASE } from './setup';

export interface XYLine {
  label: string;
  color: string;
  points: { x: number; y: number }[];
  dash?: number[];
  /** Draw as a histogram outline: each y holds until the next x. */
  stepped?: boolean;
}

type Dataset = ChartDataset<'line', { x: number; y: number }[]>;

export class XYChart {
  readonly chart: Chart<'line', { x: number; y: number }[]>;
  private signature = '';

  constructor(
    canvas: HTMLCanvasElement,
    options: { xLabel: string; yLabel?: string; logY?: boolean; legend?: boolean },
  ) {
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        ...LINE_CHART_BASE,
        elements: { point: { radius: 0, hitRadius: 4 }, line: { tension: 0 } },
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: {
            type: 'linear',
            title: { display: true, text: options.xLabel },
            ticks: { maxTicksLimit: 8, callback: (v) => formatNumber(Number(v), 3) },
          },
          y: {
            type: options.logY ? 'logarithmic' : 'linear',
            title: { display: Boolean(options.yLabel), text: options.yLabel ?? '' },
            ticks: { maxTicksLimit: 6, callback: (v) => formatNumber(Number(v), 3) },
          },
        },
        plugins: {
          legend: { display: options.legend ?? false, labels: { boxWidth: 14 } },
          tooltip: {
            callbacks: {
              label: (item) =>
                `${item.dataset.label ?? ''}: ${formatNumber(item.parsed.y ?? Number.NaN, 5)}`,
            },
          },
        },
      },
    });
  }

  update(lines: readonly XYLine[]): void {
    const signature = JSON.stringify(lines);
    if (signature === this.signature) return;
    this.signature = signature;
    this.chart.data.datasets = lines.map((line): Dataset => ({
      label: line.label,
      data: line.points,
      borderColor: line.color,
      backgroundColor: line.color,
      borderWidth: 1.5,
      borderDash: line.dash ?? [],
      stepped: line.stepped ? 'after' : false,
      pointRadius: line.points.length <= 12 ? 3 : 0,
    }));
    this.chart.update('none');
  }
}
