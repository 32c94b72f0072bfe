// "Refine": a new run placed after a finished one, identical except for its schedule, which
// is the refined schedule built from the finished run's gradient norms (the core computes
// the rates; see cpp/schedule/refined.h).
import { duplicateRun, MAX_NAME_LENGTH } from './run-actions';
import type { AppState } from './types';

export function refineRun(state: AppState, id: string, gradNorms: number[]): AppState {
  const index = state.runs.findIndex((r) => r.id === id);
  const original = state.runs[index];
  if (!original || gradNorms.length < 2) return state;
  const next = duplicateRun(state, id);
  if (next === state) return state;
  const runs = next.runs.map((run, i) =>
    i === index + 1
      ? {
          ...run,
          name: `${original.name} (refined)`.slice(0, MAX_NAME_LENGTH),
          schedule: {
            name: 'refined',
            params: { grad_norms: [...gradNorms] },
          },
        }
      : run,
  );
  return { ...next, runs };
}
