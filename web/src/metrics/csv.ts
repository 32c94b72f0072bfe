// Long-format CSV: one row per (run, step), every metric column; "not measured" is an empty
// cell. Run names are quoted per RFC 4180 since users type them.
import { METRIC_COLUMNS } from './columns';
import type { Series } from './series';

export interface CsvRun {
  id: string;
  name: string;
  series: Series;
}

export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Shortest round-tripping decimal; NaN and infinities become empty cells. */
export function csvNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : '';
}

export function metricsCsv(runs: readonly CsvRun[]): string {
  const lines = [['run_id', 'run_name', ...METRIC_COLUMNS].join(',')];
  for (const run of runs) {
    const columns = METRIC_COLUMNS.map((name) => run.series.column(name));
    const prefix = `${csvField(run.id)},${csvField(run.name)}`;
    for (let row = 0; row < run.series.length; row++) {
      lines.push(`${prefix},${columns.map((c) => csvNumber(c[row]!)).join(',')}`);
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
