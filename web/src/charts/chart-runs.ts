// The runs a metric chart draws: the visible ones that have a record, with what the chart
// reads of each (series, minibatch series, version, where it diverged).
import type { RecordLookup } from '../app/panel';
import type { RunRecord } from '../metrics/run-record';
import type { AppState } from '../state/types';
import type { ChartRun } from './metric-chart';

export function visibleChartRuns(
  state: AppState,
  record: RecordLookup,
): { runs: ChartRun[]; records: RunRecord[] } {
  const runs: ChartRun[] = [];
  const records: RunRecord[] = [];
  for (const run of state.runs) {
    const r = record(run.id);
    if (!run.visible || !r) continue;
    records.push(r);
    runs.push({
      id: run.id,
      name: run.name,
      color: run.color,
      series: r.series,
      batch: r.batch,
      version: r.version,
      divergedAt: r.divergedAt,
    });
  }
  return { runs, records };
}
