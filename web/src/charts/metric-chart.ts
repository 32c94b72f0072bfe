// One metric (or a train/test pair) over steps, every visible run overlaid in its colour.
// Smoothing draws the EMA of the full series over a faint raw line; a diverged run gets a
// cross where it stopped.
import type { ChartDataset, TooltipItem } from 'chart.js';
import type { LineRole } from './legend-items';
import type { Series } from '../metrics/series';
import { formatNumber } from '../util/format';
import { Chart, LINE_CHART_BASE, ZOOM_OPTIONS, resetOnDoubleClick } from './setup';
import { DISPLAY_POINTS, seriesView } from './series-view';
import { drawable } from './drawable';
import type { FigureDatasetFields } from './chart-figure';
import { legendItems, MOST_RUNS_WITHOUT_NAMES } from './legend-items';
import { taskSwitchMarkers, taskSwitchSteps } from './task-switch-markers';

export interface ChartRun {
  id: string;
  name: string;
  color: string;
  series: Series;
  /** The minibatch loss at every step (data sets), for charts whose source is 'batch'. */
  batch?: Series;
  version: number;
  divergedAt: number | null;
}

export interface ChartView {
  logY: boolean;
  logX: boolean;
  smoothing: number;
}

export interface MetricChartSpec {
  title: string;
  /** Lines per run: the first solid, the second dashed (e.g. train and test accuracy). */
  metrics: { name: string; label: string }[];
  /** Whether the log-y toggle applies (not for accuracy or the learning rate). */
  followsLogY: boolean;
  /** Whether smoothing applies (the learning rate is exact, never noisy). */
  smoothable: boolean;
  /** A full-width chart (more points are worth drawing). */
  wide?: boolean;
  /**
   * A reference line per run: '2/lr' draws 2 / (that run's learning rate) at every logged
   * step, the stability threshold of gradient descent that sharpness hovers at on the edge
   * of stability. A display transform of the core's lr column, like the log axis.
   */
  reference?: '2/lr';
  /** Which of a run's series the metrics are read from: its rows (default) or its
   * every-step minibatch series. */
  source?: 'rows' | 'batch';
  /** Smoothing drawn when the view's is off (the minibatch loss is noisy by nature). */
  defaultSmoothing?: number;
}

type LineDataset = ChartDataset<'line', { x: number; y: number }[]> &
  FigureDatasetFields & {
    role: LineRole;
    runName: string;
    metricLabel: string;
  };

function fade(hex: string, alpha: number): string {
  const a = Math.round(alpha * 255)
    .toString(16)
    .padStart(2, '0');
  return `${hex}${a}`;
}

export class MetricChart {
  readonly chart: Chart<'line', { x: number; y: number }[]>;
  private signature = '';
  private points: number;
  /** Whether the legend names every run (set from the run count at each update). */
  private runsInLegend = false;
  /** Called after every redraw (the figure tools refresh the data table). */
  afterUpdate: (() => void) | null = null;
  /** The visible runs' task-switch steps, drawn as vertical markers. */
  private switchSteps: number[] = [];

  constructor(
    canvas: HTMLCanvasElement,
    private spec: MetricChartSpec,
  ) {
    this.points = spec.wide ? DISPLAY_POINTS.wide : DISPLAY_POINTS.narrow;
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      plugins: [taskSwitchMarkers(() => this.switchSteps)],
      options: {
        ...LINE_CHART_BASE,
        normalized: true,
        // Every run's value at the hovered step (see the 'step' mode in setup.ts).
        interaction: { mode: 'step', intersect: false },
        elements: { point: { radius: 0, hitRadius: 4, hoverRadius: 3 }, line: { tension: 0 } },
        scales: {
          x: {
            type: 'linear',
            title: { display: true, text: 'step' },
            ticks: { maxTicksLimit: 8 },
          },
          y: {
            type: 'linear',
            title: { display: false },
            ticks: { maxTicksLimit: 6, callback: (v) => formatNumber(Number(v), 3) },
          },
        },
        plugins: {
          legend: {
            display: false,
            labels: {
              boxWidth: 14,
              generateLabels: (chart) =>
                legendItems(
                  chart.data.datasets as unknown as LineDataset[],
                  this.stylesInLegend(),
                  this.runsInLegend,
                ),
            },
          },
          zoom: ZOOM_OPTIONS,
          tooltip: {
            filter: (item: TooltipItem<'line'>) =>
              (item.dataset as unknown as LineDataset).role !== 'raw',
            callbacks: {
              title: (items) => (items[0] ? `step ${items[0].parsed.x}` : ''),
              label: (item) => {
                const ds = item.dataset as unknown as LineDataset;
                if (ds.role === 'marker') return `${ds.runName}: diverged here`;
                if (ds.role === 'reference')
                  return `${ds.runName} 2/η: ${formatNumber(item.parsed.y ?? Number.NaN, 5)}`;
                const what = this.spec.metrics.length > 1 ? ` ${ds.metricLabel}` : '';
                // A run logged at another step than the title's says at which.
                const first = item.chart.tooltip?.dataPoints?.[0]?.parsed.x;
                const at =
                  first !== undefined && item.parsed.x !== first ? ` (step ${item.parsed.x})` : '';
                return `${ds.runName}${what}: ${formatNumber(item.parsed.y ?? Number.NaN, 5)}${at}`;
              },
            },
          },
        },
      },
    });
    resetOnDoubleClick(this.chart);
  }

  private stylesInLegend(): boolean {
    return this.spec.metrics.length > 1 || this.spec.reference !== undefined;
  }

  private signatureOf(runs: readonly ChartRun[], view: ChartView): string {
    return JSON.stringify([
      runs.map((r) => [r.id, r.version, r.color, r.name, r.divergedAt]),
      this.smoothingOf(view),
      this.spec.followsLogY && view.logY,
      view.logX,
    ]);
  }

  /** Whether update() would redraw (the runs' data or the view changed since the last one). */
  isStale(runs: readonly ChartRun[], view: ChartView): boolean {
    return this.signatureOf(runs, view) !== this.signature;
  }

  private smoothingOf(view: ChartView): number {
    if (!this.spec.smoothable) return 0;
    return view.smoothing > 0 ? view.smoothing : (this.spec.defaultSmoothing ?? 0);
  }

  update(runs: readonly ChartRun[], view: ChartView): void {
    const smoothing = this.smoothingOf(view);
    const logY = this.spec.followsLogY && view.logY;
    const signature = this.signatureOf(runs, view);
    if (signature === this.signature) return;
    this.signature = signature;

    const datasets: LineDataset[] = [];
    this.switchSteps = [...new Set(runs.flatMap((run) => taskSwitchSteps(run.series)))];
    for (const run of runs) {
      const series = this.spec.source === 'batch' ? run.batch : run.series;
      if (!series) continue;
      if (this.spec.reference === '2/lr') {
        const lr = seriesView(run.series, run.version, 'lr', 0, this.points).raw;
        datasets.push({
          runName: run.name,
          metricLabel: '2/η',
          role: 'reference',
          figureRole: 'reference',
          figureLabel: `${run.name} 2/η`,
          data: lr.filter((p) => p.y > 0).map((p) => ({ x: p.x, y: 2 / p.y })),
          borderColor: fade(run.color, 0.7),
          borderDash: [3, 3],
          borderWidth: 1.25,
          pointRadius: 0,
          spanGaps: true,
        });
      }
      this.spec.metrics.forEach((metric, index) => {
        const dash = index === 0 ? [] : [6, 4];
        const s = drawable(
          seriesView(series, run.version, metric.name, smoothing, this.points),
          logY,
          view.logX,
        );
        const what = this.spec.metrics.length > 1 ? ` ${metric.label}` : '';
        const name = `${run.name}${what}`;
        const base = {
          runName: run.name,
          metricLabel: metric.label,
          borderDash: dash,
          pointRadius: 0,
          spanGaps: true,
        };
        if (s.smooth) {
          datasets.push({
            ...base,
            role: 'raw',
            figureRole: 'data',
            figureLabel: `${name} (raw)`,
            figureLegend: false,
            data: s.raw,
            borderColor: fade(run.color, 0.22),
            borderWidth: 1,
          });
          datasets.push({
            ...base,
            role: 'main',
            figureRole: 'smoothed',
            figureLabel: `${name} (EMA ${smoothing})`,
            data: s.smooth,
            borderColor: run.color,
            borderWidth: 2,
          });
        } else {
          datasets.push({
            ...base,
            role: 'main',
            figureRole: 'data',
            figureLabel: name,
            data: s.raw,
            borderColor: run.color,
            borderWidth: 1.75,
          });
        }
        if (index === 0 && run.divergedAt !== null && s.last) {
          datasets.push({
            ...base,
            role: 'marker',
            figureRole: 'marker',
            figureLabel: `${run.name} diverged`,
            figureLegend: false,
            data: [s.last],
            borderColor: run.color,
            backgroundColor: run.color,
            pointStyle: 'crossRot',
            pointRadius: 9,
            pointBorderWidth: 3,
            showLine: false,
          });
        }
      });
    }
    const options = this.chart.options;
    this.runsInLegend = runs.length > MOST_RUNS_WITHOUT_NAMES;
    options.plugins!.legend!.display = this.stylesInLegend() || this.runsInLegend;
    options.scales!.y!.type = logY ? 'logarithmic' : 'linear';
    options.scales!.x!.type = view.logX ? 'logarithmic' : 'linear';
    this.apply(datasets);
    this.chart.update('none');
    this.afterUpdate?.();
  }

  /**
   * While training, only the points change: keep Chart.js's dataset objects (and the option
   * resolvers it caches on them) and swap their data, instead of replacing every dataset.
   */
  private apply(next: LineDataset[]): void {
    const current = this.chart.data.datasets as unknown as LineDataset[];
    const shape = (list: LineDataset[]) =>
      list
        .map(
          (d) =>
            `${d.role}|${d.runName}|${d.metricLabel}|${typeof d.borderColor === 'string' ? d.borderColor : ''}`,
        )
        .join(';');
    if (current.length !== next.length || shape(current) !== shape(next)) {
      this.chart.data.datasets = next;
      return;
    }
    next.forEach((dataset, i) => {
      current[i]!.data = dataset.data;
    });
  }

  destroy(): void {
    this.chart.destroy();
  }
}
