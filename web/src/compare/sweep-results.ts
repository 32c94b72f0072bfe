// From finished sweep jobs to what the views show: cells (one run at one point, over seeds),
// the winning point per run, per-metric mean ± std, and bands over seeds. Pure functions of
// the jobs and their metric columns; the numbers come from the core.
import { areaUnderCurve, firstReaching } from '../metrics/area';
import type { BudgetKind, SweepState } from '../state/types';
import { bandOf, summarizeValues, type Band, type Summary } from './stats';
import type { SweepJob } from './sweep-jobs';
import type { SweepPoint } from './sweep-points';

/** The columns a sweep keeps per job (enough for every view and the table). */
export const SWEEP_COLUMNS = ['step', 'loss', 'accuracy', 'test_loss', 'test_accuracy'] as const;
export type SweepColumn = (typeof SWEEP_COLUMNS)[number];

export type JobStatus = 'ok' | 'diverged' | 'failed' | 'invalid';

export interface JobResult {
  status: JobStatus;
  message: string;
  columns: Record<SweepColumn, Float64Array>;
  /** Time inside the core's step(), for the equal-wall-time budget. */
  computeMs: number;
}

export interface Cell {
  runId: string;
  pointIndex: number;
  point: SweepPoint;
  jobs: SweepJob[];
}

/** Jobs grouped by (run, point), in job order. */
export function cellsOf(jobs: readonly SweepJob[]): Cell[] {
  const cells = new Map<string, Cell>();
  for (const job of jobs) {
    const key = `${job.runId}|${job.pointIndex}`;
    const cell = cells.get(key);
    if (cell) cell.jobs.push(job);
    else
      cells.set(key, {
        runId: job.runId,
        pointIndex: job.pointIndex,
        point: job.point,
        jobs: [job],
      });
  }
  return [...cells.values()];
}

export type Lookup = (jobId: string) => JobResult | undefined;

/** A cell's x unit per step: 1, gradient evaluations per step, or mean milliseconds per step. */
export function xPerStep(cell: Cell, results: Lookup, budget: BudgetKind): number {
  if (budget === 'steps') return 1;
  if (budget === 'gradients') return cell.jobs[0]?.evalsPerStep ?? 1;
  const rates: number[] = [];
  for (const job of cell.jobs) {
    const r = results(job.id);
    const steps = r ? lastFinite(r.columns.step) : Number.NaN;
    if (r && steps > 0) rates.push(r.computeMs / steps);
  }
  return rates.length > 0 ? summarizeValues(rates).mean : 1;
}

function lastFinite(values: ArrayLike<number>): number {
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i]!)) return values[i]!;
  return Number.NaN;
}

/** x of each row in the budget's unit, and the rows within the budget (time only cuts). */
function scaled(
  result: JobResult,
  perStep: number,
  limit: number,
): { x: Float64Array; rows: number } {
  const x = result.columns.step.map((s) => s * perStep);
  let rows = x.length;
  while (rows > 0 && x[rows - 1]! > limit) rows--;
  return { x, rows };
}

export interface JobMetrics {
  finalLoss: number;
  bestLoss: number;
  finalAccuracy: number;
  finalTestLoss: number;
  finalTestAccuracy: number;
  /** In the budget's unit (steps, gradient evaluations, ms); NaN if never reached. */
  toTarget: number;
  /** Area under the loss curve over the budget's unit. */
  auc: number;
  diverged: number;
}

export const METRIC_LABELS: Record<keyof JobMetrics, string> = {
  finalLoss: 'Final loss',
  bestLoss: 'Best loss',
  finalAccuracy: 'Acc.',
  finalTestLoss: 'Test loss',
  finalTestAccuracy: 'Test acc.',
  toTarget: 'To target',
  auc: 'AUC',
  diverged: 'Diverged',
};

export function jobMetrics(
  result: JobResult,
  perStep: number,
  limit: number,
  target: number | null,
): JobMetrics {
  const { x, rows } = scaled(result, perStep, limit);
  const cut = (name: SweepColumn) => result.columns[name].subarray(0, rows);
  const loss = cut('loss');
  let best = Number.NaN;
  for (const v of loss) if (Number.isFinite(v) && !(v >= best)) best = v;
  const reached = target === null ? null : firstReaching(x.subarray(0, rows), loss, target);
  return {
    finalLoss: lastFinite(loss),
    bestLoss: best,
    finalAccuracy: lastFinite(cut('accuracy')),
    finalTestLoss: lastFinite(cut('test_loss')),
    finalTestAccuracy: lastFinite(cut('test_accuracy')),
    toTarget: reached ?? Number.NaN,
    auc: areaUnderCurve(x.subarray(0, rows), loss),
    diverged: result.status === 'diverged' ? 1 : 0,
  };
}

/** The budget limit in x units: equal wall time cuts at budgetAmount ms; else no cut. */
export function budgetLimit(sweep: Pick<SweepState, 'budget' | 'budgetAmount'>): number {
  return sweep.budget === 'time' ? sweep.budgetAmount : Number.POSITIVE_INFINITY;
}

export interface CellStats {
  cell: Cell;
  finished: number;
  metrics: Record<keyof JobMetrics, Summary>;
  /** The selection score: mean over seeds of the final (or best) loss; +∞ if any seed diverged or failed. */
  score: number;
}

export function cellStats(
  cell: Cell,
  results: Lookup,
  sweep: Pick<SweepState, 'budget' | 'budgetAmount' | 'select'>,
  target: number | null,
): CellStats {
  const perStep = xPerStep(cell, results, sweep.budget);
  const limit = budgetLimit(sweep);
  const per: JobMetrics[] = [];
  let failed = false;
  for (const job of cell.jobs) {
    const r = results(job.id);
    if (!r) continue;
    if (r.status === 'failed' || r.status === 'invalid') failed = true;
    per.push(jobMetrics(r, perStep, limit, target));
  }
  const metrics = Object.fromEntries(
    (Object.keys(METRIC_LABELS) as (keyof JobMetrics)[]).map((key) => [
      key,
      summarizeValues(per.map((m) => m[key])),
    ]),
  ) as Record<keyof JobMetrics, Summary>;
  const scores = per.map((m) =>
    m.diverged ? Number.POSITIVE_INFINITY : sweep.select === 'final' ? m.finalLoss : m.bestLoss,
  );
  const incomplete = per.length < cell.jobs.length || failed;
  const score =
    incomplete || scores.some((s) => !Number.isFinite(s))
      ? Number.POSITIVE_INFINITY
      : summarizeValues(scores).mean;
  return { cell, finished: per.length, metrics, score };
}

/** Per run, the cell with the lowest score (the first on ties); runs in first-seen order. */
export function winners(stats: readonly CellStats[]): Map<string, CellStats> {
  const best = new Map<string, CellStats>();
  for (const s of stats) {
    const current = best.get(s.cell.runId);
    if (!current || s.score < current.score) best.set(s.cell.runId, s);
  }
  return best;
}

/** The loss band over a cell's seeds, x in the budget's unit, cut at the budget. */
export function cellBand(
  cell: Cell,
  results: Lookup,
  sweep: Pick<SweepState, 'budget' | 'budgetAmount'>,
  metric: SweepColumn = 'loss',
): Band {
  const perStep = xPerStep(cell, results, sweep.budget);
  const limit = budgetLimit(sweep);
  const curves = [];
  for (const job of cell.jobs) {
    const r = results(job.id);
    if (!r) continue;
    const { x, rows } = scaled(r, perStep, limit);
    curves.push({ x: x.subarray(0, rows), y: r.columns[metric].subarray(0, rows) });
  }
  return bandOf(curves);
}
