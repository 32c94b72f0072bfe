// Pure state transitions for the run list and settings. Each returns a new state; none
// touches the DOM or the workers.
import type { Catalog } from '../core/descent-module';
import { byName, keepKnownParams, problemEntry } from '../core/catalog';
import { newRunId } from './ids';
import { nextRunColor } from './palette';
import type { AppState, NamedConfig, ParamValue, ProblemKind, RunSpec } from './types';

import { MAX_NAME_LENGTH, MAX_RUNS } from './state-table';

export { MAX_NAME_LENGTH, MAX_RUNS } from './state-table';

function replaceRun(state: AppState, id: string, change: (run: RunSpec) => RunSpec): AppState {
  return { ...state, runs: state.runs.map((run) => (run.id === id ? change(run) : run)) };
}

export function addRun(state: AppState, optimizer: NamedConfig, name?: string): AppState {
  if (state.runs.length >= MAX_RUNS) return state;
  const id = newRunId(state.runs.map((r) => r.id));
  const run: RunSpec = {
    id,
    name: name ?? `Run ${state.runs.length + 1}`,
    color: nextRunColor(state.runs.map((r) => r.color)),
    visible: true,
    optimizer: { name: optimizer.name, params: { ...optimizer.params } },
    schedule: { name: 'constant', params: {} },
    transforms: [],
  };
  return { ...state, runs: [...state.runs, run] };
}

/** A copy placed right after the original, to vary one setting. */
export function duplicateRun(state: AppState, id: string): AppState {
  const index = state.runs.findIndex((r) => r.id === id);
  const original = state.runs[index];
  if (!original || state.runs.length >= MAX_RUNS) return state;
  const copy: RunSpec = {
    ...structuredClone(original),
    id: newRunId(state.runs.map((r) => r.id)),
    name: `${original.name} (copy)`.slice(0, MAX_NAME_LENGTH),
    color: nextRunColor(state.runs.map((r) => r.color)),
  };
  const runs = [...state.runs];
  runs.splice(index + 1, 0, copy);
  return { ...state, runs };
}

export function removeRun(state: AppState, id: string): AppState {
  const runs = state.runs.filter((r) => r.id !== id);
  const selectedRun = state.view.selectedRun === id ? null : state.view.selectedRun;
  return { ...state, runs, view: { ...state.view, selectedRun } };
}

export function renameRun(state: AppState, id: string, name: string): AppState {
  return replaceRun(state, id, (run) => ({ ...run, name: name.slice(0, MAX_NAME_LENGTH) }));
}

export function setRunColor(state: AppState, id: string, color: string): AppState {
  return replaceRun(state, id, (run) => ({ ...run, color }));
}

export function setRunVisible(state: AppState, id: string, visible: boolean): AppState {
  return replaceRun(state, id, (run) => ({ ...run, visible }));
}

/**
 * Switches optimizer, starting from the new optimizer's own defaults: a setting with the same
 * name means a different scale in another optimizer (Adam's lr 1e-3 is tiny for SGD, Lion
 * wants a tenth of Adam's, DoG and CBO read lr differently), so carrying it over would start
 * the new optimizer badly tuned.
 */
export function setOptimizer(state: AppState, id: string, name: string): AppState {
  return replaceRun(state, id, (run) => ({ ...run, optimizer: { name, params: {} } }));
}

export function setSchedule(state: AppState, id: string, name: string, catalog: Catalog): AppState {
  return replaceRun(state, id, (run) => ({
    ...run,
    schedule: {
      name,
      params: keepKnownParams(run.schedule.params, byName(catalog.schedules, name)),
    },
  }));
}

export type RunSection = 'optimizer' | 'schedule';

/** Drops a run's own model and precision, so it trains with the shared ones again. */
export function useSharedModel(state: AppState, id: string): AppState {
  return replaceRun(state, id, (run) => {
    const { model: _model, precision: _precision, ...rest } = run;
    return rest;
  });
}

/** Gives a run its own batch size, or (undefined) drops it to train with the shared one. */
export function setRunBatchSize(
  state: AppState,
  id: string,
  batchSize: number | undefined,
): AppState {
  return replaceRun(state, id, (run) => {
    const { batchSize: _batchSize, ...rest } = run;
    return batchSize === undefined ? rest : { ...rest, batchSize };
  });
}

export function setRunParam(
  state: AppState,
  id: string,
  section: RunSection,
  param: string,
  value: ParamValue,
): AppState {
  return replaceRun(state, id, (run) => ({
    ...run,
    [section]: { ...run[section], params: { ...run[section].params, [param]: value } },
  }));
}

export function addTransform(state: AppState, id: string, name: string): AppState {
  return replaceRun(state, id, (run) => ({
    ...run,
    transforms: [...run.transforms, { name, params: {} }],
  }));
}

export function removeTransform(state: AppState, id: string, index: number): AppState {
  return replaceRun(state, id, (run) => ({
    ...run,
    transforms: run.transforms.filter((_, i) => i !== index),
  }));
}

export function setTransformParam(
  state: AppState,
  id: string,
  index: number,
  param: string,
  value: ParamValue,
): AppState {
  return replaceRun(state, id, (run) => ({
    ...run,
    transforms: run.transforms.map((t, i) =>
      i === index ? { ...t, params: { ...t.params, [param]: value } } : t,
    ),
  }));
}

/** Switching problem drops settings the new one does not know, and the start point. */
export function setProblem(
  state: AppState,
  kind: ProblemKind,
  name: string,
  catalog: Catalog,
): AppState {
  const entry = problemEntry(catalog, { kind, name });
  const sameProblem = state.problem.kind === kind && state.problem.name === name;
  let model = state.model;
  if (kind === 'dataset') {
    // A regression set needs a regression loss and a classifier a classification loss.
    const task = byName(catalog.datasets, name)?.task;
    const lossNames = catalog.model.losses.map((l) => l.name);
    const wanted = task === 'regression' ? ['mse', 'mean_squared_error'] : ['cross_entropy'];
    const fitting = wanted.find((l) => lossNames.includes(l));
    if (fitting && !wanted.includes(model.loss)) model = { ...model, loss: fitting };
  }
  return {
    ...state,
    model,
    problem: {
      kind,
      name,
      params: sameProblem ? state.problem.params : keepKnownParams(state.problem.params, entry),
      start: sameProblem ? state.problem.start : null,
      // Task switches belong to their data set: another problem starts without them.
      ...(sameProblem && state.problem.taskSwitches
        ? { taskSwitches: state.problem.taskSwitches }
        : {}),
    },
  };
}

export function setProblemParam(state: AppState, param: string, value: ParamValue): AppState {
  return {
    ...state,
    problem: { ...state.problem, params: { ...state.problem.params, [param]: value } },
  };
}

export function setStart(state: AppState, start: [number, number] | null): AppState {
  return { ...state, problem: { ...state.problem, start } };
}
