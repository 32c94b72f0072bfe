// The metric charts of the page, one per chart id of the core's metric columns (catalog
// "metrics"): titles, axis scale, smoothing and when a chart applies all come from the core.
import type { MetricColumn } from '../core/descent-module';
import { chartGroups, type MetricChartGroup } from '../metrics/columns';
import type { AppState } from '../state/types';
import type { ChartRun, MetricChartSpec } from './metric-chart';

type Applies = (state: AppState, classification: boolean, runs: readonly ChartRun[]) => boolean;
export type ChartSpec = MetricChartSpec & { id: string; applies: Applies };

function measured(runs: readonly ChartRun[], names: readonly string[], batch: boolean): boolean {
  return runs.some((run) => {
    const series = batch ? run.batch : run.series;
    return names.some((name) => series?.column(name).some(Number.isFinite) ?? false);
  });
}

/** When a chart applies, from its first column's catalog "produced_by". */
function applies(column: MetricColumn, names: readonly string[]): Applies {
  switch (column.produced_by) {
    case 'all':
      return () => true;
    case 'functions':
      return (s) => s.problem.kind === 'function';
    case 'datasets':
      return (s) => s.problem.kind === 'dataset';
    case 'classification':
      return (s, classification) => s.problem.kind === 'dataset' && classification;
    case 'measured':
      return (_s, _c, runs) => measured(runs, names, column.stream === 'batch');
  }
}

/**
 * The metric charts: every catalog column outside the diagnostics panel, grouped by chart.
 * The first chart (the training loss) and the every-step minibatch loss lead, full width.
 */
export function chartSpecs(metrics: readonly MetricColumn[]): ChartSpec[] {
  const groups = chartGroups(metrics.filter((c) => c.diagnostic === null));
  const isBatch = (g: MetricChartGroup) => g.columns[0]!.stream === 'batch';
  const ordered = [
    ...groups.slice(0, 1),
    ...groups.slice(1).filter(isBatch),
    ...groups.slice(1).filter((g) => !isBatch(g)),
  ];
  return ordered.map((group, index) => {
    const first = group.columns[0]!;
    const names = group.columns.map((c) => c.name);
    const batch = isBatch(group);
    return {
      id: group.id,
      title: group.title,
      metrics: group.columns.map((c) => ({ name: c.name, label: c.label })),
      followsLogY: first.scale === 'log',
      smoothable: first.smoothable,
      wide: index === 0 || batch,
      ...(batch ? { source: 'batch' as const, defaultSmoothing: 0.9 } : {}),
      ...(first.reference ? { reference: first.reference } : {}),
      applies: applies(first, names),
    };
  });
}
