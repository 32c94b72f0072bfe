// What training produced for one run: its metric history, trajectory and status. Records are
// mutated in place by the pool (one writer) and read by views, which redraw when `version`
// changes — cheaper than copying series into immutable state 15 times a second.
import type { DiagnosticRecord } from './diagnostics';
import { PointTrail, Series } from './series';

/** The columns of a record's minibatch series (the core's takeBatchLosses()). */
export const BATCH_COLUMNS = ['step', 'batch_loss'] as const;

export type RunStatus =
  | 'idle' // not started (or reset)
  | 'starting' // config sent to a worker
  | 'running'
  | 'paused'
  | 'ok' // finished all steps
  | 'diverged'
  | 'failed' // the worker or the core threw
  | 'invalid'; // the core refused the config

export interface RunRecord {
  id: string;
  configKey: string;
  series: Series;
  /** The minibatch loss at every step (data sets): columns step and batch_loss. */
  batch: Series;
  trail: PointTrail;
  status: RunStatus;
  message: string;
  currentStep: number;
  totalSteps: number;
  computeMs: number;
  divergedAt: number | null;
  /** Diagnostic arrays (eigenvalues, layers, histograms) as the core measured them. */
  diagnostics: DiagnosticRecord[];
  /** The optimizer's latest particle cloud (CBO, ES), x0,y0,x1,y1,...; null for the others. */
  particles: Float32Array | null;
  /** Bumped on every change: views compare it to what they last drew. */
  version: number;
}

export function newRecord(id: string, configKey: string): RunRecord {
  return {
    id,
    configKey,
    series: new Series(),
    batch: new Series(256, undefined, BATCH_COLUMNS),
    trail: new PointTrail(),
    status: 'idle',
    message: '',
    currentStep: 0,
    totalSteps: 0,
    computeMs: 0,
    divergedAt: null,
    diagnostics: [],
    particles: null,
    version: 0,
  };
}

export function isFinished(status: RunStatus): boolean {
  return status === 'ok' || status === 'diverged' || status === 'failed' || status === 'invalid';
}
