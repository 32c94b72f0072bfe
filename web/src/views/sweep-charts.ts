// The sweep's pictures: seed bands of each run's winning point, final (or best) loss against
// a swept value, a heat map for two swept values and parallel coordinates for more.
import type { ChartDataset } from 'chart.js';
import {
  canvasPng,
  figureTools,
  figureToolsFor,
  type FigureDatasetFields,
  type FigureTools,
} from '../charts/chart-figure';
import type { FigureLine, GridFigure, ParallelFigure } from '../charts/figure';
import { splitColor } from '../charts/figure';
import { figureScale } from '../charts/figure-scale';
import { Chart, LINE_CHART_BASE } from '../charts/setup';
import { bandEdges } from '../compare/stats';
import { cellBand, type CellStats, type Lookup } from '../compare/sweep-results';
import { decimateMinMax } from '../metrics/decimate';
import type { AppState, SweepState } from '../state/types';
import { el } from '../util/dom';
import { formatNumber } from '../util/format';
import { fieldColor } from './colormap';

type XY = { x: number; y: number };
type Dataset = ChartDataset<'line', XY[]> & FigureDatasetFields;

/** A band's edge: invisible on the page, a faint line of the run's colour in the figure. */
function edge(run: RunInfo, which: string, data: XY[], fill: boolean): Dataset {
  return {
    label: `\u200b${run.name} ${which}`,
    data,
    borderColor: 'transparent',
    backgroundColor: fill ? fade(run.color, 0.2) : undefined,
    pointRadius: 0,
    fill: fill ? '-1' : false,
    figureRole: 'reference',
    figureLabel: `${run.name} ${which}`,
    figureLegend: false,
    figureColor: fade(run.color, 0.35),
  };
}

/** A chart with its figure tools (data table, PNG, data + script) under it. */
function chartFigure(
  id: string,
  title: string,
  ariaLabel: string,
  xTitle: string,
): { element: HTMLElement; chart: Chart<'line', XY[]>; tools: FigureTools } {
  const canvas = el('canvas', {
    attrs: { 'aria-label': `${ariaLabel} (its data table follows)`, role: 'img' },
  });
  const chart = lineChart(canvas, xTitle);
  const tools = figureTools(chart, () => title);
  const element = el('figure', { class: 'chart-box sweep-figure', attrs: { 'data-chart': id } }, [
    el('div', { class: 'sweep-chart' }, [canvas]),
    tools.element,
  ]);
  return { element, chart, tools };
}

function fade(hex: string, alpha: number): string {
  return `${hex}${Math.round(alpha * 255)
    .toString(16)
    .padStart(2, '0')}`;
}

export function budgetUnit(sweep: SweepState): string {
  return sweep.budget === 'gradients'
    ? 'gradient evaluations'
    : sweep.budget === 'time'
      ? 'milliseconds in the core'
      : 'step';
}

function lineChart(canvas: HTMLCanvasElement, xTitle: string): Chart<'line', XY[]> {
  return new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      ...LINE_CHART_BASE,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      elements: { point: { radius: 0, hitRadius: 4 }, line: { tension: 0 } },
      scales: {
        x: { type: 'linear', title: { display: true, text: xTitle }, ticks: { maxTicksLimit: 8 } },
        y: {
          type: 'linear',
          ticks: { maxTicksLimit: 6, callback: (v) => formatNumber(Number(v), 3) },
        },
      },
      plugins: {
        legend: {
          display: true,
          labels: { boxWidth: 14, filter: (item) => !item.text.startsWith('\u200b') },
        },
      },
    },
  });
}

export interface RunInfo {
  id: string;
  name: string;
  color: string;
}

/** Mean curve with a band, per run, of the given cells (one per run: the winners). */
export class BandChart {
  readonly element: HTMLElement;
  private chart: Chart<'line', XY[]>;
  private tools: FigureTools;
  private signature = '';

  constructor() {
    ({
      element: this.element,
      chart: this.chart,
      tools: this.tools,
    } = chartFigure('bands', 'Loss over seeds', 'Loss over seeds: mean and band', 'step'));
  }

  update(
    state: AppState,
    sweep: SweepState,
    cells: readonly CellStats[],
    runs: readonly RunInfo[],
    results: Lookup,
    version: number,
  ): void {
    const signature = JSON.stringify([version, sweep, state.view.logY, state.view.logX, runs]);
    if (signature === this.signature) return;
    this.signature = signature;
    const datasets: Dataset[] = [];
    for (const stats of cells) {
      const run = runs.find((r) => r.id === stats.cell.runId);
      if (!run) continue;
      const band = cellBand(stats.cell, results, sweep);
      const { lower, upper } = bandEdges(band, sweep.band);
      const floor = (v: number, m: number) => (state.view.logY && !(v > 0) ? m * 1e-3 : v);
      const points = (ys: number[]) => decimateMinMax(band.x, ys, 600);
      datasets.push(
        edge(run, 'lower', points(lower.map((v, i) => floor(v, band.mean[i]!))), false),
        edge(run, 'upper', points(upper), true),
        {
          label: `${run.name} (n=${stats.finished})`,
          data: points(band.mean),
          borderColor: run.color,
          backgroundColor: run.color,
          borderWidth: 2,
          pointRadius: 0,
          fill: false,
        },
      );
    }
    this.chart.data.datasets = datasets;
    const scales = this.chart.options.scales!;
    scales.y!.type = state.view.logY ? 'logarithmic' : 'linear';
    scales.x!.type = state.view.logX ? 'logarithmic' : 'linear';
    (scales.x as { title: { text: string } }).title.text = budgetUnit(sweep);
    this.chart.update('none');
    this.tools.refresh();
  }
}

/** Mean selected loss against the first swept value, one line per run, min–max as a band. */
export class SweepCurveChart {
  readonly element: HTMLElement;
  private chart: Chart<'line', XY[]>;
  private tools: FigureTools;
  private signature = '';

  constructor() {
    ({
      element: this.element,
      chart: this.chart,
      tools: this.tools,
    } = chartFigure('sweep', 'Loss against the swept value', 'Loss against the swept value', ''));
  }

  update(
    sweep: SweepState,
    stats: readonly CellStats[],
    runs: readonly RunInfo[],
    version: number,
  ): void {
    const axis = sweep.axes[0];
    this.element.hidden = !axis;
    if (!axis) return;
    const signature = JSON.stringify([version, sweep, runs]);
    if (signature === this.signature) return;
    this.signature = signature;
    const key = sweep.select === 'final' ? 'finalLoss' : 'bestLoss';
    const datasets: Dataset[] = [];
    for (const run of runs) {
      // Per swept value, the best cell over the other axes.
      const byValue = new Map<number, CellStats>();
      for (const s of stats) {
        if (s.cell.runId !== run.id) continue;
        const v = s.cell.point[axis.param];
        // A value where a seed diverged has no meaningful mean: it is left out (the table
        // and the heat map say so), instead of stretching the axis to the blown-up loss.
        if (v === undefined || s.finished === 0 || s.metrics.diverged.mean > 0) continue;
        const current = byValue.get(v);
        if (!current || s.metrics[key].mean < current.metrics[key].mean) byValue.set(v, s);
      }
      const sorted = [...byValue.entries()].sort((a, b) => a[0] - b[0]);
      const mean = sorted
        .filter(([, s]) => Number.isFinite(s.metrics[key].mean))
        .map(([x, s]) => ({ x, y: s.metrics[key].mean }));
      if (mean.length === 0) continue;
      const extreme = (which: 'min' | 'max') =>
        sorted
          .filter(([, s]) => Number.isFinite(s.metrics[key][which]))
          .map(([x, s]) => ({ x, y: s.metrics[key][which] }));
      datasets.push(
        edge(run, 'min', extreme('min'), false),
        { ...edge(run, 'max', extreme('max'), true), backgroundColor: fade(run.color, 0.18) },
        {
          label: run.name,
          data: mean,
          borderColor: run.color,
          backgroundColor: run.color,
          borderWidth: 2,
          pointRadius: 3,
          fill: false,
        },
      );
    }
    this.chart.data.datasets = datasets;
    const scales = this.chart.options.scales!;
    scales.x!.type = axis.log ? 'logarithmic' : 'linear';
    scales.y!.type = 'logarithmic';
    (scales.x as { title: { text: string } }).title.text = axis.param;
    (scales.y as { title?: { display: boolean; text: string } }).title = {
      display: true,
      text: `${sweep.select} loss, mean over seeds`,
    };
    this.chart.update('none');
    this.tools.refresh();
  }
}

/** Parallel coordinates as a figure: per finished cell, its swept values and its mean loss. */
function parallelFigure(
  sweep: SweepState,
  stats: readonly CellStats[],
  runs: readonly RunInfo[],
): ParallelFigure {
  const key = sweep.select === 'final' ? 'finalLoss' : 'bestLoss';
  const axes = [
    ...sweep.axes.map((a) => ({ name: a.param, log: a.log })),
    { name: `${sweep.select} loss`, log: true },
  ];
  const lines: FigureLine[] = [];
  for (const s of stats) {
    const run = runs.find((r) => r.id === s.cell.runId);
    if (!run || s.finished === 0) continue;
    const diverged = s.metrics.diverged.mean > 0;
    const point = sweep.axes.map((a) => `${a.param}=${formatNumber(s.cell.point[a.param] ?? NaN)}`);
    lines.push({
      label: `${run.name} ${point.join(' ')}${diverged ? ' (diverged)' : ''}`,
      role: 'data',
      ...(diverged
        ? { color: '#bbbbbb', alpha: 0.5 }
        : { color: splitColor(run.color).color, alpha: 0.7 }),
      width: 1,
      dash: [],
      marker: null,
      showLine: true,
      legend: false,
      points: axes.map((_, k) => ({
        x: k,
        y:
          k < sweep.axes.length ? (s.cell.point[sweep.axes[k]!.param] ?? NaN) : s.metrics[key].mean,
      })),
    });
  }
  return {
    title: 'Parallel coordinates',
    xLabel: '',
    yLabel: '',
    logX: false,
    logY: false,
    lines,
    axes,
  };
}

/** A heat map cell's side in CSS pixels. */
const HEAT_CELL = 28;

function logColor(value: number, lo: number, hi: number): string {
  if (!Number.isFinite(value)) return '#9a9a9a';
  const t = hi > lo ? (Math.log(value) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : 0;
  const [r, g, b] = fieldColor(t);
  return `rgb(${r | 0},${g | 0},${b | 0})`;
}

function finiteRange(values: number[]): [number, number] {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  return positive.length > 0 ? [Math.min(...positive), Math.max(...positive)] : [1, 1];
}

/** Two swept values: one heat map per run, colour = log of the mean selected loss; grey = diverged. */
export class HeatMaps {
  readonly element = el('div', { class: 'heatmaps', attrs: { 'data-chart': 'heatmap' } });
  private signature = '';

  update(
    sweep: SweepState,
    stats: readonly CellStats[],
    runs: readonly RunInfo[],
    version: number,
  ): void {
    const [ax, ay] = sweep.axes;
    this.element.hidden = !(ax && ay && sweep.axes.length === 2 && sweep.mode === 'grid');
    if (this.element.hidden || !ax || !ay) return;
    const signature = JSON.stringify([version, sweep, runs]);
    if (signature === this.signature) return;
    this.signature = signature;
    const key = sweep.select === 'final' ? 'finalLoss' : 'bestLoss';
    const score = (s: CellStats) =>
      s.metrics.diverged.mean > 0 ? Number.NaN : s.metrics[key].mean;
    const [lo, hi] = finiteRange(stats.map(score));
    const figures: HTMLElement[] = [];
    for (const run of runs) {
      const cells = stats.filter((s) => s.cell.runId === run.id && s.finished > 0);
      const xs = [
        ...new Set(cells.map((s) => s.cell.point[ax.param]).filter((v) => v !== undefined)),
      ].sort((a, b) => a - b);
      const ys = [
        ...new Set(cells.map((s) => s.cell.point[ay.param]).filter((v) => v !== undefined)),
      ].sort((a, b) => a - b);
      if (xs.length < 1 || ys.length < 1) continue;
      // The core's means on the grid; NaN where no seed finished or one diverged.
      const values = ys.flatMap((y) =>
        xs.map((x) => {
          const s = cells.find((c) => c.cell.point[ax.param] === x && c.cell.point[ay.param] === y);
          return s ? score(s) : Number.NaN;
        }),
      );
      const title = `Heat map: ${run.name}`;
      const figure: GridFigure = {
        title,
        xLabel: ax.param,
        yLabel: ay.param,
        logX: ax.log,
        logY: ay.log,
        lines: [],
        grid: { xs, ys, values, valueLabel: `${sweep.select} loss, mean over seeds` },
      };
      const canvas = el('canvas', {
        attrs: {
          role: 'img',
          'aria-label': `${run.name}: loss over ${ax.param} and ${ay.param} (its data table follows)`,
        },
      });
      const draw = (target: HTMLCanvasElement, size: number) => {
        target.width = xs.length * size;
        target.height = ys.length * size;
        const g = target.getContext('2d');
        if (!g) return;
        values.forEach((v, cell) => {
          const i = cell % xs.length;
          const j = Math.floor(cell / xs.length);
          g.fillStyle = logColor(v, lo, hi);
          g.fillRect(i * size, (ys.length - 1 - j) * size, size - 1, size - 1);
        });
      };
      draw(canvas, HEAT_CELL);
      const tools = figureToolsFor({
        title: () => title,
        figure: () => figure,
        png: () => {
          const out = document.createElement('canvas');
          draw(out, HEAT_CELL * figureScale());
          return canvasPng(out);
        },
      });
      figures.push(
        el('figure', { class: 'heatmap', attrs: { 'data-run': run.id } }, [
          el('figcaption', { text: run.name }),
          canvas,
          el('div', {
            class: 'hint',
            text: `→ ${ax.param} ${formatNumber(xs[0]!)}…${formatNumber(xs[xs.length - 1]!)}`,
          }),
          el('div', {
            class: 'hint',
            text: `↑ ${ay.param} ${formatNumber(ys[0]!)}…${formatNumber(ys[ys.length - 1]!)}`,
          }),
          tools.element,
        ]),
      );
    }
    figures.push(
      el('p', {
        class: 'hint',
        text: `Colour: log ${sweep.select} loss from ${formatNumber(lo)} (light) to ${formatNumber(hi)} (dark); grey: a seed diverged.`,
      }),
    );
    this.element.replaceChildren(el('h3', { text: 'Heat map' }), ...figures);
  }
}

/** More than two swept values: a line per point through each axis and the loss (log axes where swept in log). */
export class ParallelCoordinates {
  readonly canvas = el('canvas', {
    attrs: {
      width: '720',
      height: '260',
      role: 'img',
      'aria-label': 'Parallel coordinates of the sweep (its data table follows)',
    },
  });
  private tools = figureToolsFor({
    title: () => 'Parallel coordinates',
    figure: () => this.figure,
    png: () => {
      const ratio = figureScale();
      const out = document.createElement('canvas');
      out.width = this.canvas.width * ratio;
      out.height = this.canvas.height * ratio;
      const g = out.getContext('2d')!;
      g.fillStyle = '#ffffff';
      g.fillRect(0, 0, out.width, out.height);
      g.scale(ratio, ratio);
      this.paint(g);
      return canvasPng(out);
    },
  });
  readonly element = el('div', { class: 'parcoords', attrs: { 'data-chart': 'parallel' } }, [
    el('h3', { text: 'Parallel coordinates' }),
    this.canvas,
    this.tools.element,
  ]);
  private signature = '';
  private drawn: {
    sweep: SweepState;
    stats: readonly CellStats[];
    runs: readonly RunInfo[];
  } | null = null;
  private figure: ParallelFigure | null = null;

  update(
    sweep: SweepState,
    stats: readonly CellStats[],
    runs: readonly RunInfo[],
    version: number,
  ): void {
    this.element.hidden = !(
      sweep.axes.length > 2 ||
      (sweep.axes.length === 2 && sweep.mode === 'random')
    );
    if (this.element.hidden) return;
    const signature = JSON.stringify([version, sweep, runs]);
    if (signature === this.signature) return;
    this.signature = signature;
    this.drawn = { sweep, stats, runs };
    this.figure = parallelFigure(sweep, stats, runs);
    const g = this.canvas.getContext('2d');
    if (g) {
      g.clearRect(0, 0, this.canvas.width, this.canvas.height);
      this.paint(g);
    }
    this.tools.refresh();
  }

  private paint(g: CanvasRenderingContext2D): void {
    if (!this.drawn) return;
    const { sweep, stats, runs } = this.drawn;
    const key = sweep.select === 'final' ? 'finalLoss' : 'bestLoss';
    const axes = [
      ...sweep.axes.map((a) => ({ name: a.param, log: a.log })),
      { name: `${sweep.select} loss`, log: true },
    ];
    const value = (s: CellStats, k: number) =>
      k < sweep.axes.length ? s.cell.point[sweep.axes[k]!.param] : s.metrics[key].mean;
    const w = this.canvas.width;
    const h = this.canvas.height;
    const top = 40;
    const bottom = h - 24;
    g.font = '11px system-ui, sans-serif';
    const xAt = (k: number) => 40 + ((w - 80) * k) / (axes.length - 1);
    const ranges = axes.map((a, k) => {
      const vs = stats
        .map((s) => value(s, k))
        .filter((v): v is number => v !== undefined && Number.isFinite(v) && (!a.log || v > 0));
      const tr = (v: number) => (a.log ? Math.log(v) : v);
      const lo = vs.length ? Math.min(...vs.map(tr)) : 0;
      const hi = vs.length ? Math.max(...vs.map(tr)) : 1;
      return { tr, lo, hi, raw: vs };
    });
    ranges.forEach((r, k) => {
      g.strokeStyle = '#888';
      g.beginPath();
      g.moveTo(xAt(k), top);
      g.lineTo(xAt(k), bottom);
      g.stroke();
      g.fillStyle = '#333';
      g.textAlign = 'center';
      g.fillText(axes[k]!.name, xAt(k), 13);
      if (r.raw.length) {
        g.fillText(formatNumber(Math.max(...r.raw), 3), xAt(k), top - 8);
        g.fillText(formatNumber(Math.min(...r.raw), 3), xAt(k), bottom + 14);
      }
    });
    for (const s of stats) {
      const run = runs.find((r) => r.id === s.cell.runId);
      if (!run || s.finished === 0) continue;
      const diverged = s.metrics.diverged.mean > 0;
      g.strokeStyle = diverged ? '#bbbbbb80' : fade(run.color, 0.7);
      g.beginPath();
      axes.forEach((_, k) => {
        const r = ranges[k]!;
        const v = value(s, k);
        const t =
          v === undefined || !Number.isFinite(v) || (axes[k]!.log && !(v > 0))
            ? 0
            : r.hi > r.lo
              ? (r.tr(v) - r.lo) / (r.hi - r.lo)
              : 0.5;
        const y = bottom - t * (bottom - top);
        if (k === 0) g.moveTo(xAt(k), y);
        else g.lineTo(xAt(k), y);
      });
      g.stroke();
    }
  }
}
