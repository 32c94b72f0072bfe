// Per-run numbers for the comparison table, from the full (unsmoothed) series.
import { areaUnderCurve } from './area';
import type { Series } from './series';

export interface RunSummary {
  finalLoss: number;
  bestLoss: number;
  finalAccuracy: number;
  finalTestLoss: number;
  finalTestAccuracy: number;
  /** First step whose loss is at or below the target; null if never (or no target). */
  stepsToTarget: number | null;
  /** Area under the training-loss curve over steps (trapezoids over the logged rows). */
  auc: number;
}

function lastFinite(values: Float64Array): number {
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i]!)) return values[i]!;
  return Number.NaN;
}

export function summarize(series: Series, targetLoss: number | null): RunSummary {
  const loss = series.column('loss');
  const steps = series.column('step');
  let best = Number.NaN;
  let reached: number | null = null;
  for (let i = 0; i < loss.length; i++) {
    const v = loss[i]!;
    if (!Number.isFinite(v)) continue;
    if (!(v >= best)) best = v;
    if (reached === null && targetLoss !== null && v <= targetLoss) reached = steps[i]!;
  }
  return {
    finalLoss: lastFinite(loss),
    bestLoss: best,
    finalAccuracy: lastFinite(series.column('accuracy')),
    finalTestLoss: lastFinite(series.column('test_loss')),
    finalTestAccuracy: lastFinite(series.column('test_accuracy')),
    stepsToTarget: reached,
    auc: areaUnderCurve(steps, loss),
  };
}
