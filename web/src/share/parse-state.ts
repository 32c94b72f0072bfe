// Turns untrusted JSON (from a link, in the current state version, or an imported file)
// into an AppState, or explains why not. The page-state table (state/state-table.ts) reads
// every field; here only the rules that tie fields together. Whether the settings make
// sense is the core's call (validate()), done once the core is loaded.
import { APP_STATE } from '../state/state-table';
import type { AppState, SweepState } from '../state/types';
import { TABLE_PROBLEM } from '../table/table-state';
import { ShapeError, type Json } from './shape';

function checkState(state: AppState): void {
  const { problem, runs } = state;
  if (
    (problem.name === TABLE_PROBLEM && problem.kind === 'dataset') !==
    (problem.table !== undefined)
  ) {
    throw new ShapeError('problem.table', 'a table exactly when problem.name is "table"');
  }
  if (runs.length === 0) throw new ShapeError('runs', 'at least one run');
  if (new Set(runs.map((r) => r.id)).size !== runs.length) {
    throw new ShapeError('runs', 'distinct run ids');
  }
  if (state.sweep) checkSweep(state.sweep, 'sweep');
}

function checkSweep(sweep: SweepState, path: string): void {
  sweep.axes.forEach((axis, i) => {
    if (!axis.log) return;
    for (const end of ['lo', 'hi'] as const) {
      if (!(axis[end] > 0)) throw new ShapeError(`${path}.axes[${i}].${end}`, 'above 0 (log axis)');
    }
  });
}

export type ParseResult = { ok: true; state: AppState } | { ok: false; message: string };

export function parseState(value: Json): ParseResult {
  try {
    const state = APP_STATE.read(value, '');
    checkState(state);
    return { ok: true, state };
  } catch (error) {
    if (error instanceof ShapeError) return { ok: false, message: error.message };
    throw error;
  }
}
