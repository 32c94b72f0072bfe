// Glue for the Compare and History panels: routes sweep jobs' worker events to the sweep
// runner, saves finished comparisons and sweeps to the history, and re-opens them.
import { SweepRunner } from '../compare/sweep-runner';
import { sweepJobs, type SweepJob } from '../compare/sweep-jobs';
import { SWEEP_COLUMNS, type JobResult } from '../compare/sweep-results';
import type { HistoryEntry, StoredResult } from '../history/entry';
import { HistoryStore } from '../history/idb';
import type { ImportedRun } from '../metrics/json-export';
import { isFinished } from '../metrics/run-record';
import { runConfigKey } from '../state/run-config';
import type { AppState } from '../state/types';
import type { Banner } from '../views/banner';
import { ComparePanel } from '../views/compare-panel';
import { HistoryPanel } from '../views/history-panel';
import { sweepOf } from '../views/sweep-form';
import type { PoolEvent, WorkerPool } from '../worker/pool';
import type { AppContext } from './context';
import type { TrainingController } from './training-controller';

export interface CompareWiring {
  compare: ComparePanel;
  history: HistoryPanel;
  /** True if the event belonged to a sweep job (and was handled). */
  handle(event: PoolEvent): boolean;
  update(state: AppState): void;
}

function stored(r: JobResult): StoredResult {
  return {
    status: r.status,
    message: r.message,
    computeMs: r.computeMs,
    columns: { ...r.columns },
  };
}

export function setupCompare(
  context: AppContext,
  pool: WorkerPool,
  concurrency: number,
  training: TrainingController,
  banner: Banner,
  requestRender: () => void,
): CompareWiring {
  const runner = new SweepRunner(pool, concurrency);
  runner.onChange(requestRender);
  const history = new HistoryPanel({
    store: new HistoryStore(),
    banner,
    open: (entry) => open(entry),
  });
  const compare = new ComparePanel(context, runner, {
    banner,
    onFinished: (state, jobs: readonly SweepJob[]) => {
      const results: Record<string, StoredResult> = {};
      for (const job of jobs) {
        const r = runner.result(job.id);
        if (r) results[job.id] = stored(r);
      }
      const sweep = sweepOf(state);
      void history.add({
        kind: 'sweep',
        name: `Sweep: ${state.runs.map((r) => r.name).join(', ')} on ${state.problem.name}, ${sweep.seeds} seed${sweep.seeds === 1 ? '' : 's'}`,
        state,
        results,
      });
    },
  });

  let savedSignature = '';
  function saveFinishedRuns(state: AppState): void {
    const records = state.runs.map((r) => training.record(r.id));
    if (records.some((r) => !r || !isFinished(r.status) || r.status === 'invalid')) return;
    if (!records.some((r) => r!.status === 'ok')) return;
    const signature = JSON.stringify(state.runs.map((r) => runConfigKey(state, r)));
    if (signature === savedSignature) return;
    savedSignature = signature;
    const results: Record<string, StoredResult> = {};
    for (const record of records) {
      const r = record!;
      results[r.id] = {
        status: r.status === 'ok' || r.status === 'diverged' ? r.status : 'failed',
        message: r.message,
        computeMs: r.computeMs,
        columns: Object.fromEntries(
          r.series.names().map((n) => [n, new Float64Array(r.series.column(n))]),
        ),
      };
    }
    void history.add({
      kind: 'runs',
      name: `${state.runs.map((r) => r.name).join(', ')} on ${state.problem.name}`,
      state,
      results,
    });
  }

  function open(entry: HistoryEntry): void {
    const state: AppState = { ...entry.state, embed: context.store.get().embed };
    if (entry.kind === 'runs') {
      savedSignature = JSON.stringify(state.runs.map((r) => runConfigKey(state, r)));
      context.store.set(state);
      // Columns a stored entry lacks read as NaN (Series.column), like any unmeasured one.
      const runs: ImportedRun[] = Object.entries(entry.results).map(([id, r]) => ({
        id,
        status: r.status,
        message: r.message,
        columns: r.columns,
      }));
      training.loadImported(state, runs);
    } else {
      context.store.set(state);
      training.reset(state);
      const jobs = sweepJobs(context.catalog, state, sweepOf(state));
      const results = new Map<string, JobResult>();
      for (const [id, r] of Object.entries(entry.results)) {
        const rows = r.columns.step?.length ?? 0;
        results.set(id, {
          status: r.status === 'paused' ? 'failed' : r.status,
          message: r.message,
          computeMs: r.computeMs,
          columns: Object.fromEntries(
            SWEEP_COLUMNS.map((n) => [n, r.columns[n] ?? new Float64Array(rows).fill(Number.NaN)]),
          ) as JobResult['columns'],
        });
      }
      compare.show(state);
      runner.load(jobs, results);
    }
    banner.show(`Opened “${entry.name}” from the history.`, 'info');
  }

  training.onChange(() => saveFinishedRuns(context.store.get()));
  void history.load();

  return {
    compare,
    history,
    handle: (event) => runner.handle(event),
    update: (state) => compare.update(state),
  };
}
