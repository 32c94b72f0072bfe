// Diagnostics: what the core measures every few steps when a run's config asks for it
// (sharpness with the 2/η line, Hessian trace, gradient in the top-k eigenspace, norms and
// cosines, dead units, softmax collapse), the arrays behind them (top-k eigenvalues over
// steps, per-layer update ratios, the histogram of effective learning rates), and loss slices
// around a run's weights on request. Settings and titles come from the core's catalog; each
// chart appears once some run has measured what it shows.
import type { AppContext } from '../app/context';
import { isFieldLocked } from '../app/context';
import type { TrainingController } from '../app/training-controller';
import { paramValue } from '../core/catalog';
import type { CatalogParam, Citation, LandscapeResult } from '../core/descent-module';
import { MetricChart, type ChartRun } from '../charts/metric-chart';
import { visibleChartRuns } from '../charts/chart-runs';
import { attachFigureTools, figureTools, type FigureTools } from '../charts/chart-figure';
import { XYChart, type XYLine } from '../charts/xy-chart';
import { paramControl, type ParamControl } from '../forms/param-input';
import { metricColumn } from '../metrics/columns';
import type { DiagnosticRecord, Histogram } from '../metrics/diagnostics';
import type { RunRecord } from '../metrics/run-record';
import type { AppState } from '../state/types';
import { button, el } from '../util/dom';
import { fieldColor, logNormalize } from './colormap';
import { densityLines } from './hessian-density';

interface DiagnosticEntry {
  name: string;
  title: string;
  description: string;
  columns: string[];
  cost: string;
  citation: Citation;
}
interface DiagnosticsCatalog {
  params: CatalogParam[];
  entries: DiagnosticEntry[];
}

/** The diagnostics section of the core's catalog (null when malformed). */
export function diagnosticsCatalog(catalog: unknown): DiagnosticsCatalog | null {
  const d = (catalog as { diagnostics?: Partial<DiagnosticsCatalog> }).diagnostics;
  if (!d || !Array.isArray(d.params) || !Array.isArray(d.entries)) return null;
  return { params: d.params, entries: d.entries.filter((e) => Array.isArray(e.columns)) };
}

function lastWhere<T>(list: readonly T[] | undefined, test: (item: T) => boolean): T | undefined {
  for (let i = (list?.length ?? 0) - 1; i >= 0; i--) if (test(list![i]!)) return list![i];
  return undefined;
}

const DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3], [1, 3]];

function hasMeasured(record: RunRecord, column: string): boolean {
  if (!record.series.has(column)) return false;
  const values = record.series.column(column);
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i]!)) return true;
  return false;
}

interface Box {
  box: HTMLElement;
  update(state: AppState, runs: ChartRun[], records: RunRecord[]): boolean;
}

export class DiagnosticsPanel {
  readonly element = el('section', {
    class: 'panel diagnostics-panel',
    attrs: { 'aria-label': 'Diagnostics' },
  });
  private boxes: Box[] = [];
  private controls: [CatalogParam, ParamControl][] = [];
  private measuredCache = new Map<string, boolean>();
  private landscapeStatus = el('p', { class: 'hint', attrs: { 'aria-live': 'polite' } });
  private landscapeCanvas = el('canvas', {
    class: 'landscape-2d',
    attrs: { role: 'img', 'aria-label': '2-D loss slice' },
  });
  private landscapeLine: XYChart | null = null;
  private settingsKey = '';
  private settings = el('div', { class: 'params diagnostics-settings' });

  constructor(
    private app: AppContext,
    private training: TrainingController,
  ) {
    const catalog = diagnosticsCatalog(app.catalog);
    this.element.hidden = catalog === null;
    if (!catalog) return;
    const grid = el('div', { class: 'chart-grid' });
    for (const entry of catalog.entries) {
      for (const column of entry.columns) {
        const box = this.metricBox(entry, column);
        grid.append(box.box);
        this.boxes.push(box);
      }
    }
    const boxes = [
      this.eigenvalueBox(),
      this.densityBox(),
      this.layerBox(),
      this.histogramBox(
        'Effective learning rates (log10, latest)',
        'log10 effective lr',
        (d) => d.effectiveLr && { edges: d.effectiveLr.log10Edges, counts: d.effectiveLr.counts },
      ),
      this.histogramBox('Per-example gradient norms (latest)', '‖gᵢ‖', (d) => d.exampleGradNorms),
    ];
    for (const box of boxes) {
      grid.append(box.box);
      this.boxes.push(box);
    }
    this.element.append(
      el('div', { class: 'panel-head' }, [el('h2', { text: 'Diagnostics' })]),
      el('details', { class: 'more' }, [
        el('summary', { text: 'What to measure (applies to every run)' }),
        this.settings,
      ]),
      grid,
      this.landscapeSection(),
    );
  }

  private metricBox(entry: DiagnosticEntry, column: string): Box {
    const metric = metricColumn(this.app.catalog, column);
    const title = metric?.title ?? entry.title;
    const canvas = el('canvas', { attrs: { role: 'img', 'aria-label': title } });
    const box = el('figure', { class: 'chart-box', attrs: { 'data-diagnostic': column } }, [
      el('figcaption', { text: title, title: metric?.description ?? entry.description }),
      el('div', { class: 'chart-canvas' }, [canvas]),
    ]);
    const chart = new MetricChart(canvas, {
      title,
      metrics: [{ name: column, label: metric?.label ?? column }],
      // A column the core marks "log" (NC1, sharpness, ...) follows the page's log-y toggle.
      followsLogY: metric?.scale === 'log',
      smoothable: false,
      ...(metric?.reference ? { reference: metric.reference } : {}),
    });
    box.append(attachFigureTools(chart, title));
    return {
      box,
      update: (state, runs, records) => {
        const shown = records.some((r) => this.measured(r, column));
        if (shown) {
          const view = { logX: state.view.logX, logY: state.view.logY, smoothing: 0 };
          if (chart.isStale(runs, view)) chart.update(runs, view);
        }
        return shown;
      },
    };
  }

  /** A chart of given lines; with `logToggle`, a checkbox puts its y axis on a log scale. */
  private xyBox(
    title: string,
    xLabel: string,
    lines: (state: AppState, logY: boolean) => XYLine[],
    options: { yLabel?: string; logToggle?: string; kind?: string; legend?: boolean } = {},
  ): Box {
    const canvas = el('canvas', { attrs: { role: 'img', 'aria-label': title } });
    const box = el(
      'figure',
      { class: 'chart-box', attrs: options.kind ? { 'data-diagnostic': options.kind } : {} },
      [el('figcaption', { text: title }), el('div', { class: 'chart-canvas' }, [canvas])],
    );
    let chart: XYChart | null = null;
    let tools: FigureTools | null = null;
    let logY = false;
    if (options.logToggle) {
      const toggle = el('input', { attrs: { type: 'checkbox' } });
      toggle.addEventListener('change', () => {
        logY = toggle.checked;
        chart?.chart.destroy();
        chart = null;
        tools?.element.remove();
        tools = null;
        this.update(this.app.store.get(), (id) => this.training.record(id));
      });
      box.append(el('label', { class: 'check' }, [toggle, ` ${options.logToggle}`]));
    }
    return {
      box,
      update: (state) => {
        const data = lines(state, logY).filter((l) => l.points.length > 0);
        if (data.length === 0) return false;
        chart ??= new XYChart(canvas, {
          xLabel,
          legend: options.legend ?? false,
          logY,
          ...(options.yLabel ? { yLabel: options.yLabel } : {}),
        });
        if (!tools) {
          tools = figureTools(chart.chart, () => title);
          box.append(tools.element);
        }
        chart.update(data);
        tools.refresh();
        return true;
      },
    };
  }

  private eigenvalueBox(): Box {
    return this.xyBox('Top Hessian eigenvalues (Lanczos)', 'step', (state) =>
      state.runs.flatMap((run) => {
        const r = this.training.record(run.id);
        if (!run.visible || !r || r.diagnostics.length === 0) return [];
        const k = Math.max(0, ...r.diagnostics.map((d) => d.eigenvalues.length));
        return Array.from({ length: Math.min(k, 5) }, (_, i) => ({
          label: `${run.name} λ${i + 1}`,
          color: run.color,
          dash: DASHES[i % DASHES.length]!,
          points: r.diagnostics
            .filter((d) => d.eigenvalues.length > i)
            .map((d) => ({ x: d.step, y: d.eigenvalues[i]! })),
        }));
      }),
    );
  }

  private densityBox(): Box {
    return this.xyBox(
      'Hessian eigenvalue density (latest)',
      'eigenvalue',
      (state, logY) =>
        densityLines(
          state.runs.flatMap((run) => {
            const r = this.training.record(run.id);
            const last = lastWhere(r?.diagnostics, (d) => d.hessianDensity !== null);
            if (!run.visible || !last) return [];
            return [
              { name: run.name, color: run.color, density: last.hessianDensity, step: last.step },
            ];
          }),
          logY,
        ),
      { yLabel: 'density', logToggle: 'log density', kind: 'hessian_density', legend: true },
    );
  }

  private layerBox(): Box {
    return this.xyBox('Update / weight ratio per layer (latest)', 'layer', (state) =>
      state.runs.flatMap((run) => {
        const r = this.training.record(run.id);
        const last = lastWhere(r?.diagnostics, (d) => d.layers.length > 0);
        if (!run.visible || !last) return [];
        return [
          {
            label: run.name,
            color: run.color,
            points: last.layers
              .map((l, i) => ({ x: i + 1, y: l.update_ratio ?? Number.NaN }))
              .filter((p) => Number.isFinite(p.y)),
          },
        ];
      }),
    );
  }

  /** A histogram the core binned (edges and counts), of each visible run's latest record. */
  private histogramBox(
    title: string,
    xLabel: string,
    pick: (d: DiagnosticRecord) => Histogram | null,
  ): Box {
    return this.xyBox(title, xLabel, (state) =>
      state.runs.flatMap((run) => {
        const r = this.training.record(run.id);
        const latest = lastWhere(r?.diagnostics, (d) => pick(d) !== null);
        const last = latest && pick(latest);
        if (!run.visible || !last) return [];
        const points = last.counts.map((c, i) => ({ x: last.edges[i]!, y: c }));
        points.push({ x: last.edges[last.counts.length]!, y: last.counts.at(-1) ?? 0 });
        return [{ label: run.name, color: run.color, points, stepped: true }];
      }),
    );
  }

  private landscapeSection(): HTMLElement {
    const dims = el('select', { attrs: { 'aria-label': 'Slice dimensions' } }, [
      el('option', { text: '1-D slice', attrs: { value: '1' } }),
      el('option', { text: '2-D slice', attrs: { value: '2' } }),
    ]);
    const lineCanvas = el('canvas', { attrs: { role: 'img', 'aria-label': '1-D loss slice' } });
    const lineBox = el('div', { class: 'chart-canvas' }, [lineCanvas]);
    lineBox.hidden = true;
    this.landscapeCanvas.hidden = true;
    const measure = button('Slice the loss around the weights', () => {
      const state = this.app.store.get();
      const run =
        state.runs.find((r) => r.id === state.view.selectedRun && r.visible) ??
        state.runs.find((r) => r.visible);
      if (!run) return;
      const request = JSON.stringify({ dims: Number(dims.value), points: 41, range: 1 });
      this.landscapeStatus.textContent = `Measuring around ${run.name}…`;
      this.training
        .landscape(run.id, request)
        .then((text) => {
          const answer = JSON.parse(text) as LandscapeResult;
          if ('error' in answer) {
            this.landscapeStatus.textContent = `No slice: ${answer.error}`;
            return;
          }
          const step = this.training.record(run.id)?.currentStep ?? 0;
          this.landscapeStatus.textContent = `Loss around ${run.name}'s weights at step ${step}, along random filter-normalised directions.`;
          if (answer.betas) {
            lineBox.hidden = true;
            this.drawHeatMap(answer.alphas.length, answer.betas.length, answer.loss);
          } else {
            this.landscapeCanvas.hidden = true;
            lineBox.hidden = false;
            this.landscapeLine ??= new XYChart(lineCanvas, { xLabel: 'α', yLabel: 'loss' });
            this.landscapeLine.update([
              {
                label: run.name,
                color: run.color,
                points: answer.alphas.map((a, i) => ({ x: a, y: answer.loss[i]! })),
              },
            ]);
          }
        })
        .catch((error: Error) => {
          this.landscapeStatus.textContent = `No slice: ${error.message}`;
        });
    });
    return el('div', { class: 'subsection landscape' }, [
      el('h3', { text: 'Loss landscape slice' }),
      el('div', { class: 'landscape-actions' }, [dims, measure]),
      this.landscapeStatus,
      lineBox,
      this.landscapeCanvas,
    ]);
  }

  private drawHeatMap(nx: number, ny: number, loss: number[]): void {
    const canvas = this.landscapeCanvas;
    canvas.hidden = false;
    canvas.width = nx;
    canvas.height = ny;
    const context = canvas.getContext('2d');
    if (!context || loss.length !== nx * ny) return;
    const t = logNormalize(loss);
    const image = context.createImageData(nx, ny);
    for (let iy = 0; iy < ny; iy++) {
      for (let ix = 0; ix < nx; ix++) {
        // Row-major, y outer; the canvas's first row is the top: flip so β grows upwards.
        const [r, g, b] = fieldColor(t[iy * nx + ix]!);
        const o = ((ny - 1 - iy) * nx + ix) * 4;
        image.data[o] = r;
        image.data[o + 1] = g;
        image.data[o + 2] = b;
        image.data[o + 3] = 255;
      }
    }
    context.putImageData(image, 0, 0);
  }

  private measured(record: RunRecord, column: string): boolean {
    const key = `${record.id}|${record.version}|${column}`;
    let hit = this.measuredCache.get(key);
    if (hit === undefined) {
      if (this.measuredCache.size > 2000) this.measuredCache.clear();
      hit = hasMeasured(record, column);
      this.measuredCache.set(key, hit);
    }
    return hit;
  }

  private syncSettings(state: AppState): void {
    const catalog = diagnosticsCatalog(this.app.catalog);
    if (!catalog) return;
    const key = JSON.stringify([state.embed.enabled, state.embed.locked, state.embed.live]);
    if (key !== this.settingsKey) {
      this.settingsKey = key;
      this.controls = catalog.params.map((param) => {
        const control = paramControl(
          param,
          paramValue(param, state.diagnostics ?? {}),
          (v) =>
            this.app.store.update((s) => ({
              ...s,
              diagnostics: { ...(s.diagnostics ?? {}), [param.name]: v },
            })),
          { disabled: isFieldLocked(this.app, `diagnostics.${param.name}`) },
        );
        control.element.dataset.field = `diagnostics.${param.name}`;
        return [param, control];
      });
      this.settings.replaceChildren(...this.controls.map(([, c]) => c.element));
    }
    for (const [param, control] of this.controls)
      control.sync(paramValue(param, state.diagnostics ?? {}));
  }

  update(state: AppState, record: (id: string) => RunRecord | undefined): void {
    if (this.boxes.length === 0) return;
    const hidden = state.embed.enabled && state.embed.hide.includes('charts');
    if (this.element.hidden !== hidden) this.element.hidden = hidden;
    if (hidden) return;
    this.syncSettings(state);
    const { runs, records } = visibleChartRuns(state, record);
    for (const box of this.boxes) {
      const shown = box.update(state, runs, records);
      if (box.box.hidden === shown) box.box.hidden = !shown;
    }
  }
}
