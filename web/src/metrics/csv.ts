// Long-format CSV: one row per (run, step), every metric column; "not measured" is an empty
// cell. Run names are quoted per RFC 4180 since users type them.
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

/** `names`: the catalog's row columns (columns.ts rowColumnNames), one CSV column each. */
export function metricsCsv(runs: readonly CsvRun[], names: readonly string[]): string {
  const lines = [['run_id', 'run_name', ...names].join(',')];
  for (const run of runs) {
    const columns = names.map((name) => run.series.column(name));
    const prefix = `${csvField(run.id)},${csvField(run.name)}`;
    for (let row = 0; row < run.series.length; row++) {
      lines.push(`${prefix},${columns.map((c) => csvNumber(c[row]!)).join(',')}`);
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
