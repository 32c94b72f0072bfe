// The plots that make an open demo's point, built from the demo's plot list (the core's
// gallery): metric columns over steps with the demo's axes and reference lines, sweeps as one
// point per run. They sit above the general charts, so the lesson's picture comes first.
import { FinalChart } from '../charts/final-chart';
import { MetricChart, type ChartRun } from '../charts/metric-chart';
import { attachFigureTools } from '../charts/chart-figure';
import type { RunRecord } from '../metrics/run-record';
import { runConfig } from '../state/run-config';
import type { AppState, RunSpec } from '../state/types';
import { el } from '../util/dom';
import { sweepLines, type SweepRun } from './final-points';
import { findDemo, type DemoPlot, type Gallery } from './gallery';

type Item =
  | { plot: DemoPlot; kind: 'metric'; chart: MetricChart }
  | { plot: DemoPlot; kind: 'final'; chart: FinalChart }
  | { plot: DemoPlot; kind: 'note' };

function lastFinite(values: Float64Array): number | null {
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i]!)) return values[i]!;
  return null;
}

export class DemoPlots {
  readonly element = el('section', {
    class: 'panel demo-plots',
    attrs: { 'aria-label': 'The plots that make this demo’s point' },
  });
  private shown = '';
  private items: Item[] = [];

  constructor(private gallery: Gallery) {
    this.element.hidden = true;
  }

  update(state: AppState, record: (id: string) => RunRecord | undefined): void {
    const demo = state.demo ? findDemo(this.gallery, state.demo) : undefined;
    const key = demo?.name ?? '';
    if (key !== this.shown) this.build(demo?.plots ?? [], key);
    const hidden =
      this.items.length === 0 || (state.embed.enabled && state.embed.hide.includes('charts'));
    if (this.element.hidden !== hidden) this.element.hidden = hidden;
    if (!demo || hidden) return;
    const runs: ChartRun[] = [];
    const visible: RunSpec[] = [];
    for (const run of state.runs) {
      const r = record(run.id);
      if (!run.visible || !r) continue;
      visible.push(run);
      runs.push({
        id: run.id,
        name: run.name,
        color: run.color,
        series: r.series,
        version: r.version,
        divergedAt: r.divergedAt,
      });
    }
    for (const item of this.items) {
      if (item.kind === 'metric') {
        const view = { logX: item.plot.logX, logY: item.plot.logY, smoothing: 0 };
        if (item.chart.isStale(runs, view)) item.chart.update(runs, view);
      } else if (item.kind === 'final') {
        const sweep: SweepRun[] = [];
        for (const run of visible) {
          const r = record(run.id);
          sweep.push({
            runName: run.name,
            color: run.color,
            config: runConfig(state, run) as unknown as Record<string, unknown>,
            last: r ? lastFinite(r.series.column(item.plot.y[0] ?? 'loss')) : null,
            divergedAt: r?.divergedAt ?? null,
          });
        }
        item.chart.update(sweepLines(sweep, item.plot.x, item.plot.logY));
      }
    }
  }

  private build(plots: readonly DemoPlot[], key: string): void {
    for (const item of this.items) if (item.kind !== 'note') item.chart.chart.destroy();
    this.items = [];
    this.shown = key;
    const grid = el('div', { class: 'chart-grid' });
    for (const plot of plots) {
      const canvas = el('canvas', { attrs: { role: 'img', 'aria-label': plot.title } });
      const box = el(
        'figure',
        { class: 'chart-box demo-plot', attrs: { 'data-plot': plot.kind } },
        [el('figcaption', { text: plot.title })],
      );
      grid.append(box);
      if (plot.kind === 'metric') {
        box.append(el('div', { class: 'chart-canvas' }, [canvas]));
        const chart = new MetricChart(canvas, {
          title: plot.title,
          metrics: plot.y.map((name) => ({ name, label: name })),
          followsLogY: true,
          smoothable: false,
          ...(plot.reference === '2/lr' ? { reference: '2/lr' as const } : {}),
        });
        box.append(attachFigureTools(chart, plot.title));
        this.items.push({ plot, kind: 'metric', chart });
      } else if (plot.kind === 'final') {
        box.append(el('div', { class: 'chart-canvas' }, [canvas]));
        const chart = new FinalChart(canvas, plot.x, plot.logX, plot.logY);
        box.append(attachFigureTools(chart, plot.title));
        this.items.push({ plot, kind: 'final', chart });
      } else {
        box.append(
          el('p', {
            class: 'hint',
            text: 'The loss slice is drawn in the landscape panel below once the runs have trained.',
          }),
        );
        this.items.push({ plot, kind: 'note' });
      }
    }
    this.element.replaceChildren(el('h2', { text: 'What to look at' }), grid);
  }
}
