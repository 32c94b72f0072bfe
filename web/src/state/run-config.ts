// The run config (schema 1) that the core validates and trains: a pure function of the UI
// state and one run. Settings left out take the catalog's defaults inside the core.
import type { RunConfig } from '../core/descent-module';
import type { AppState, NamedConfig, ProblemState, RunSpec } from './types';
import { tableProblemConfig } from '../table/table-state';

export const CONFIG_SCHEMA = 1;

function flatten(entry: NamedConfig): Record<string, unknown> {
  return { name: entry.name, ...entry.params };
}

export function problemConfig(problem: ProblemState): Record<string, unknown> {
  if (problem.table) return tableProblemConfig(problem.table, problem.params);
  const config: Record<string, unknown> = {
    kind: problem.kind,
    name: problem.name,
    ...problem.params,
  };
  if (problem.kind === 'function' && problem.start) config.start = [...problem.start];
  // Only when set, so configs (and share links) without switches stay as they were.
  if (problem.kind === 'dataset' && problem.taskSwitches && problem.taskSwitches.length > 0) {
    config.task_switches = problem.taskSwitches.map((s) => ({ ...s }));
  }
  return config;
}

export function runConfig(state: AppState, run: RunSpec): RunConfig {
  const config: RunConfig = {
    schema: CONFIG_SCHEMA,
    seed: state.seed,
    problem: problemConfig(state.problem),
    optimizer: flatten(run.optimizer),
    schedule: flatten(run.schedule),
    transforms: run.transforms.map(flatten),
    steps: state.steps,
  };
  // Only when set, so configs (and share links) without them stay as they were.
  if (state.diagnostics && Object.keys(state.diagnostics).length > 0) {
    config.diagnostics = { ...state.diagnostics };
  }
  const precision = run.precision ?? state.precision;
  if (precision) config.precision = precision;
  if (state.problem.kind === 'dataset') {
    const { hidden, activation, init, loss, params } = run.model ?? state.model;
    config.model = { hidden: [...hidden], activation, init, loss, ...params };
    config.batch_size = run.batchSize ?? state.batchSize;
    config.eval_every = state.evalEvery;
    // Weight averaging is for networks: a switch to a 2-D function drops it.
    if (state.averaging && Object.keys(state.averaging).length > 0) {
      config.averaging = { ...state.averaging };
    }
  }
  return config;
}

/** Stable text of a run's config: two runs train identically iff their texts are equal. */
export function runConfigKey(state: AppState, run: RunSpec): string {
  return JSON.stringify(runConfig(state, run));
}
