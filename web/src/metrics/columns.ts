// Readers of the core's metric columns (catalog "metrics", defined once in
// cpp/run/metric_columns.cpp): the page holds no list of column names of its own.
import type { Catalog, MetricColumn } from '../core/descent-module';

/** The columns of takeMetrics() rows, in the core's order (the CSV's and JSON's order). */
export function rowColumns(catalog: Pick<Catalog, 'metrics'>): MetricColumn[] {
  return catalog.metrics.filter((c) => c.stream === 'rows');
}

export function rowColumnNames(catalog: Pick<Catalog, 'metrics'>): string[] {
  return rowColumns(catalog).map((c) => c.name);
}

/** One chart: the columns sharing a chart id, drawn together (solid, dashed, ...). */
export interface MetricChartGroup {
  id: string;
  title: string;
  columns: MetricColumn[];
}

const DASH_NAMES = ['solid', 'dashed', 'dotted', 'dash-dot'];

/** The charts of the given columns, in the order their first column appears. */
export function chartGroups(columns: readonly MetricColumn[]): MetricChartGroup[] {
  const groups = new Map<string, MetricColumn[]>();
  for (const column of columns) {
    if (column.chart === '') continue;
    const group = groups.get(column.chart);
    if (group) group.push(column);
    else groups.set(column.chart, [column]);
  }
  return [...groups].map(([id, members]) => ({ id, title: groupTitle(members), columns: members }));
}

function groupTitle(members: readonly MetricColumn[]): string {
  if (members.length === 1) return members[0]!.title;
  const key = members.map((c, i) => `${DASH_NAMES[i] ?? 'line'}: ${c.label}`).join(', ');
  return `${members.map((c, i) => (i === 0 ? c.title : c.title.toLowerCase())).join(' and ')} (${key})`;
}

/** The diagnostics catalog names columns; the metric catalog describes them. */
export function metricColumn(
  catalog: Pick<Catalog, 'metrics'>,
  name: string,
): MetricColumn | undefined {
  return catalog.metrics.find((c) => c.name === name);
}
