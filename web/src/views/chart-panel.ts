// The metric charts and their view options (log axes, smoothing). Charts are created once
// and shown or hidden by problem kind (charts/chart-specs.ts, from the core's metric
// columns); they redraw only when a run's record changed.
import type { AppContext } from '../app/context';
import { byName } from '../core/catalog';
import { MetricChart } from '../charts/metric-chart';
import { visibleChartRuns } from '../charts/chart-runs';
import { attachFigureTools } from '../charts/chart-figure';
import { figureScaleControl } from '../charts/figure-scale';
import { chartSpecs, type ChartSpec } from '../charts/chart-specs';
import type { RunRecord } from '../metrics/run-record';
import type { AppState, ViewOptions } from '../state/types';
import { el, isEditing, panelSection, uniqueId } from '../util/dom';
import { timed } from '../util/timing';

/** Charts redrawn per animation frame; the others wait for the next frame. */
const CHARTS_PER_FRAME = 1;

export class ChartPanel {
  readonly element: HTMLElement;
  private charts: { spec: ChartSpec; chart: MetricChart; box: HTMLElement }[] = [];
  private logY: HTMLInputElement;
  private logX: HTMLInputElement;
  private smoothing: HTMLInputElement;
  private smoothingText = el('output', { class: 'hint' });
  private cursor = 0;

  constructor(
    private app: AppContext,
    private requestFrame: () => void,
  ) {
    const setView = (change: Partial<ViewOptions>) =>
      this.app.store.update((s) => ({ ...s, view: { ...s.view, ...change } }));
    const checkbox = (label: string, onChange: (on: boolean) => void) => {
      const id = uniqueId('view');
      const box = el('input', { attrs: { type: 'checkbox', id } });
      box.addEventListener('change', () => onChange(box.checked));
      return {
        box,
        element: el('span', { class: 'check' }, [
          box,
          el('label', { text: label, attrs: { for: id } }),
        ]),
      };
    };
    const logY = checkbox('log y', (on) => setView({ logY: on }));
    const logX = checkbox('log x', (on) => setView({ logX: on }));
    this.logY = logY.box;
    this.logX = logX.box;
    const smoothingId = uniqueId('smoothing');
    this.smoothing = el('input', {
      attrs: { id: smoothingId, type: 'range', min: '0', max: '0.99', step: '0.01' },
    });
    this.smoothing.addEventListener('input', () =>
      setView({ smoothing: Number(this.smoothing.value) }),
    );

    const grid = el('div', { class: 'chart-grid' });
    for (const spec of chartSpecs(app.catalog.metrics)) {
      const canvas = el('canvas', {
        attrs: {
          role: 'img',
          'aria-label': `${spec.title} per run over steps (its data table follows)`,
        },
      });
      const chart = new MetricChart(canvas, spec);
      const box = el(
        'figure',
        { class: `chart-box${spec.wide ? ' wide' : ''}`, attrs: { 'data-chart': spec.id } },
        [
          el('figcaption', { text: spec.title }),
          el('div', { class: 'chart-canvas' }, [canvas]),
          attachFigureTools(chart, spec.title),
        ],
      );
      grid.append(box);
      this.charts.push({ spec, chart, box });
    }
    this.element = panelSection(
      'chart-panel',
      'Charts',
      'Metrics',
      [
        el('div', { class: 'view-options' }, [
          logY.element,
          logX.element,
          el('span', { class: 'smoothing' }, [
            el('label', { text: 'smoothing ', attrs: { for: smoothingId } }),
            this.smoothing,
            this.smoothingText,
          ]),
          figureScaleControl(),
        ]),
      ],
      [
        el('p', {
          class: 'hint chart-help',
          text: 'Drag a box (or Alt + wheel, or pinch) to zoom, Shift + drag to pan, double-click to reset; hover for every run at that step.',
        }),
        grid,
      ],
    );
  }

  update(state: AppState, record: (id: string) => RunRecord | undefined): void {
    this.logY.checked = state.view.logY;
    this.logX.checked = state.view.logX;
    if (!isEditing(this.smoothing)) this.smoothing.value = String(state.view.smoothing);
    const smoothingText =
      state.view.smoothing > 0 ? `EMA ${state.view.smoothing.toFixed(2)}` : 'off';
    if (this.smoothingText.textContent !== smoothingText)
      this.smoothingText.textContent = smoothingText;
    const classification =
      byName(this.app.catalog.datasets, state.problem.name)?.task === 'classification';
    const { runs } = visibleChartRuns(state, record);
    // At most a few charts per frame (oldest first): a frame stays short even with many
    // charts, and the rest follow in the next frames.
    let budget = CHARTS_PER_FRAME;
    let more = false;
    const order = [...this.charts.slice(this.cursor), ...this.charts.slice(0, this.cursor)];
    for (const item of order) {
      const { spec, chart, box } = item;
      const applies = spec.applies(state, classification, runs);
      if (box.hidden !== !applies) box.hidden = !applies;
      if (!applies || !chart.isStale(runs, state.view)) continue;
      if (budget === 0) {
        more = true;
        continue;
      }
      budget--;
      this.cursor = (this.charts.indexOf(item) + 1) % this.charts.length;
      timed(`chart ${spec.id}`, () => chart.update(runs, state.view));
    }
    if (more) this.requestFrame();
  }
}
