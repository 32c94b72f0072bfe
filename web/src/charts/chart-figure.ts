// Figure tools under a chart: its text alternative (a data table per line, in a <details>
// that assistive technology and the keyboard reach, refreshed with the data), PNG export at
// the chosen pixel ratio and the data + matplotlib bundle (web/src/charts/figure.ts).
import type { Chart } from 'chart.js';
import { formatNumber } from '../util/format';
import { button, el } from '../util/dom';
import { downloadBytes } from '../util/download';
import {
  figureBundle,
  figureName,
  figureSummary,
  isGrid,
  isParallel,
  splitColor,
  type Figure,
  type GridFigure,
  type ParallelFigure,
  type FigureLine,
  type FigureRole,
} from './figure';
import { figureScale } from './figure-scale';

/** What a chart's datasets may carry for the figure (set by MetricChart and FinalChart). */
export interface FigureDatasetFields {
  figureRole?: FigureRole;
  figureLabel?: string;
  figureLegend?: boolean;
  /** The figure's colour where the page's is none (a band's transparent edges). */
  figureColor?: string;
}

function scaleTitle(chart: Chart, axis: 'x' | 'y'): string {
  const scale = chart.options.scales?.[axis] as
    { title?: { display?: boolean; text?: string | string[] } } | undefined;
  const text = scale?.title?.display ? scale.title.text : undefined;
  return Array.isArray(text) ? text.join(' ') : (text ?? '');
}

function isLog(chart: Chart, axis: 'x' | 'y'): boolean {
  return (chart.options.scales?.[axis] as { type?: string } | undefined)?.type === 'logarithmic';
}

/** The figure a Chart.js line or scatter chart draws (its data, not its pixels). */
export function figureOfChart(chart: Chart, title: string, yLabel = ''): Figure {
  const lines: FigureLine[] = [];
  chart.data.datasets.forEach((dataset, index) => {
    if (!chart.isDatasetVisible(index)) return;
    const ds = dataset as typeof dataset & FigureDatasetFields & Record<string, unknown>;
    const border =
      ds.figureColor ?? (typeof ds.borderColor === 'string' ? ds.borderColor : '#888888');
    const { color, alpha } = splitColor(border);
    const style = typeof ds.pointStyle === 'string' ? ds.pointStyle : null;
    const marker =
      style === 'crossRot' || style === 'cross' ? 'x' : Array.isArray(ds.pointStyle) ? 'o' : null;
    const points = (ds.data as unknown[]).flatMap((p) =>
      p && typeof p === 'object' && 'x' in p && 'y' in p
        ? [{ x: Number((p as { x: unknown }).x), y: Number((p as { y: unknown }).y) }]
        : [],
    );
    const label = ds.figureLabel ?? (typeof ds.label === 'string' ? ds.label : `line ${index + 1}`);
    lines.push({
      label,
      role: ds.figureRole ?? (marker === 'x' ? 'marker' : 'data'),
      color,
      alpha,
      width: typeof ds.borderWidth === 'number' ? ds.borderWidth : 1.5,
      dash: Array.isArray(ds.borderDash) ? (ds.borderDash as number[]) : [],
      marker,
      showLine: ds.showLine !== false,
      legend: ds.figureLegend ?? true,
      points,
    });
  });
  return {
    title,
    xLabel: scaleTitle(chart, 'x'),
    yLabel: scaleTitle(chart, 'y') || yLabel,
    logX: isLog(chart, 'x'),
    logY: isLog(chart, 'y'),
    lines,
  };
}

/**
 * Draws the chart at `ratio` device pixels per CSS pixel on a white background (slides and
 * papers are not transparent), then puts it back as it was.
 */
export function chartPng(chart: Chart, ratio: number): Promise<Blob> {
  const before = chart.options.devicePixelRatio;
  chart.options.devicePixelRatio = ratio;
  chart.resize();
  const out = document.createElement('canvas');
  out.width = chart.canvas.width;
  out.height = chart.canvas.height;
  const context = out.getContext('2d')!;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, out.width, out.height);
  context.drawImage(chart.canvas, 0, 0);
  chart.options.devicePixelRatio = before;
  chart.resize();
  return canvasPng(out);
}

export function canvasPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no PNG'))), 'image/png'),
  );
}

function point(p: { x: number; y: number } | null): string {
  return p ? `${formatNumber(p.y, 5)} at ${formatNumber(p.x, 6)}` : '–';
}

/** A heat map's table: a row per y value, a column per x value, the cell's value. */
function gridTable(figure: GridFigure): HTMLTableElement {
  const { xs, ys, values } = figure.grid;
  const corner = `${figure.yLabel} \\ ${figure.xLabel}`;
  return el('table', { class: 'chart-data-table' }, [
    el('caption', { text: `${figure.title}: ${figure.grid.valueLabel} (–: none)` }),
    el('thead', {}, [
      el('tr', {}, [
        el('th', { text: corner, attrs: { scope: 'col' } }),
        ...xs.map((x) => el('th', { text: formatNumber(x, 4), attrs: { scope: 'col' } })),
      ]),
    ]),
    el(
      'tbody',
      {},
      ys.map((y, j) =>
        el('tr', {}, [
          el('th', { text: formatNumber(y, 4), attrs: { scope: 'row' } }),
          ...xs.map((_, i) => {
            const v = values[j * xs.length + i]!;
            return el('td', { text: Number.isFinite(v) ? formatNumber(v, 5) : '–' });
          }),
        ]),
      ),
    ),
  ]);
}

/** Parallel coordinates' table: a row per line of data, its value on each axis. */
function parallelTable(figure: ParallelFigure): HTMLTableElement {
  const rows = figure.lines.filter((line) => line.role === 'data');
  return el('table', { class: 'chart-data-table' }, [
    el('caption', { text: `${figure.title}: ${rows.length} point${rows.length === 1 ? '' : 's'}` }),
    el('thead', {}, [
      el('tr', {}, [
        el('th', { text: 'Line', attrs: { scope: 'col' } }),
        ...figure.axes.map((a) => el('th', { text: a.name, attrs: { scope: 'col' } })),
      ]),
    ]),
    el(
      'tbody',
      {},
      rows.map((line) =>
        el('tr', {}, [
          el('th', { text: line.label, attrs: { scope: 'row' } }),
          ...figure.axes.map((_, k) => {
            const v = line.points.find((p) => p.x === k)?.y;
            return el('td', {
              text: v !== undefined && Number.isFinite(v) ? formatNumber(v, 5) : '–',
            });
          }),
        ]),
      ),
    ),
  ]);
}

/** The data table of a figure (a row per line of data, or a heat map's grid), as a <table>. */
export function summaryTable(figure: Figure): HTMLTableElement {
  if (isGrid(figure)) return gridTable(figure);
  if (isParallel(figure)) return parallelTable(figure);
  const x = figure.xLabel || 'x';
  const head = ['Line', 'Points', `First (at ${x})`, `Last (at ${x})`, 'Lowest', 'Highest'];
  const rows = figureSummary(figure);
  return el('table', { class: 'chart-data-table' }, [
    el('caption', { text: `${figure.title}: ${rows.length} line${rows.length === 1 ? '' : 's'}` }),
    el('thead', {}, [
      el(
        'tr',
        {},
        head.map((h) => el('th', { text: h, attrs: { scope: 'col' } })),
      ),
    ]),
    el(
      'tbody',
      {},
      rows.map((r) =>
        el('tr', {}, [
          el('th', { text: r.label, attrs: { scope: 'row' } }),
          el('td', { text: String(r.points) }),
          el('td', { text: point(r.first) }),
          el('td', { text: point(r.last) }),
          el('td', { text: point(r.lowest) }),
          el('td', { text: point(r.highest) }),
        ]),
      ),
    ),
  ]);
}

export interface FigureTools {
  element: HTMLElement;
  /** Call after the chart redrew: the table follows the data (rebuilt only while open). */
  refresh(): void;
}

export interface FigureSource {
  title: () => string;
  /** The figure as drawn now; null before anything is drawn. */
  figure: () => Figure | null;
  png: () => Promise<Blob>;
}

/** The tools of one figure: [PNG] [Data + script] and its data table. */
export function figureToolsFor(source: FigureSource): FigureTools {
  const table = el('div', { class: 'chart-data-body' });
  const details = el('details', { class: 'chart-data' }, [
    el('summary', { text: 'Data table' }),
    table,
  ]);
  const status = el('span', { class: 'hint figure-status', attrs: { role: 'status' } });
  let stale = true;
  const render = () => {
    stale = false;
    const figure = source.figure();
    table.replaceChildren(
      figure ? summaryTable(figure) : el('p', { class: 'hint', text: 'Nothing drawn yet.' }),
    );
  };
  details.addEventListener('toggle', () => {
    if (details.open && stale) render();
  });
  const fail = (error: unknown) => {
    status.textContent = `Export failed: ${error instanceof Error ? error.message : String(error)}`;
  };
  const png = button('PNG', () => {
    const ratio = figureScale();
    source
      .png()
      .then(async (blob) => {
        status.textContent = '';
        const bytes = new Uint8Array(await blob.arrayBuffer());
        downloadBytes(`${figureName(source.title())}@${ratio}x.png`, bytes, 'image/png');
      })
      .catch(fail);
  });
  png.title = 'Save the figure as a PNG at the chosen scale';
  png.setAttribute('aria-label', `Save ${source.title()} as PNG`);
  const bundle = button('Data + script', () => {
    const figure = source.figure();
    if (!figure) return fail(new Error('nothing is drawn yet'));
    status.textContent = '';
    const { name, bytes } = figureBundle(figure);
    downloadBytes(`${name}.tar`, bytes, 'application/x-tar');
  });
  bundle.title = 'The data as CSV and a matplotlib script that redraws the figure (.tar)';
  bundle.setAttribute(
    'aria-label',
    `Data + script: save ${source.title()} as data and a matplotlib script`,
  );
  const element = el('div', { class: 'figure-tools' }, [
    el('div', { class: 'figure-buttons' }, [png, bundle, status]),
    details,
  ]);
  return {
    element,
    refresh() {
      stale = true;
      if (details.open) render();
    },
  };
}

/** The tools of one Chart.js chart. */
export function figureTools(chart: Chart, title: () => string, yLabel = ''): FigureTools {
  return figureToolsFor({
    title,
    figure: () => figureOfChart(chart, title(), yLabel),
    png: () => chartPng(chart, figureScale()),
  });
}

/** Attaches the figure tools to a chart that reports its redraws (MetricChart, FinalChart). */
export function attachFigureTools(
  owner: { chart: object; afterUpdate: (() => void) | null },
  title: string,
): HTMLElement {
  const tools = figureTools(owner.chart as unknown as Chart, () => title);
  owner.afterUpdate = () => tools.refresh();
  return tools.element;
}
