// A sweep as a list of run configs: every run of the state × every sweep point × every seed.
// One pure function of (state, catalog), shared by the page (which trains the jobs in its
// workers) and the command-line export (which writes them as files), so both train exactly
// the same configs.
import type { Catalog, CatalogParam, OptimizerEntry, RunConfig } from '../core/descent-module';
import { byName, problemEntry } from '../core/catalog';
import { runConfig } from '../state/run-config';
import type { AppState, ParamValues, RunSpec, SeedStreams, SweepState } from '../state/types';
import { sweepPoints, type SweepPoint } from './sweep-points';

export const MAX_JOBS = 2000;
import { MAX_SEEDS } from '../state/state-table';

export { MAX_SEEDS } from '../state/state-table';

export interface SweepJob {
  /** `<runId>.p<point>.s<seed>`: stable, and the file name in a command-line export. */
  id: string;
  runId: string;
  pointIndex: number;
  seedIndex: number;
  /** The values that apply to this run (an optimizer without `momentum` ignores that axis). */
  point: SweepPoint;
  /** Gradient evaluations per step (Hessian-vector products counted as one each). */
  evalsPerStep: number;
  config: RunConfig;
}

export { DEFAULT_SWEEP } from '../state/defaults';

/** Cost of one step in gradient evaluations, from the catalog (SAM 2, extragradient 2, ...). */
export function evalsPerStep(entry: Pick<OptimizerEntry, 'cost'> | undefined): number {
  if (!entry) return 1;
  return Math.max(1, entry.cost.gradients + entry.cost.hvps);
}

/** Steps a run may take under the budget: equal steps, or equal gradient evaluations. */
export function stepsUnderBudget(sweep: SweepState, steps: number, perStep: number): number {
  if (sweep.budget !== 'gradients') return steps;
  return Math.max(1, Math.floor(sweep.budgetAmount / perStep));
}

/** Seed fields for repetition i: the run seed moves, or only one stream's seed does. */
export function seedFields(
  base: number,
  index: number,
  streams: SeedStreams,
): Record<string, number> {
  const moved = (base + index) % 4294967296;
  switch (streams) {
    case 'all':
      return { seed: moved };
    case 'data':
      return { seed: base, data_seed: moved };
    case 'init':
      return { seed: base, init_seed: moved };
    case 'batch':
      return { seed: base, batch_seed: moved };
  }
}

/** Where a swept parameter lives: its catalog spec for this run, or undefined. */
export function sweptParam(
  catalog: Catalog,
  state: AppState,
  run: RunSpec,
  param: string,
): CatalogParam | undefined {
  const [scope, name] = splitParam(param);
  switch (scope) {
    case 'optimizer':
      return byName(catalog.optimizers, run.optimizer.name)?.params.find((p) => p.name === name);
    case 'schedule':
      return byName(catalog.schedules, run.schedule.name)?.params.find((p) => p.name === name);
    case 'model':
      return state.problem.kind === 'dataset'
        ? catalog.model.params.find((p) => p.name === name)
        : undefined;
    case 'problem':
      return problemEntry(catalog, state.problem)?.params.find((p) => p.name === name);
    case 'run':
      return name === 'batch_size' && state.problem.kind === 'dataset'
        ? catalog.run.params.find((p) => p.name === name)
        : undefined;
    default:
      return undefined;
  }
}

export function splitParam(param: string): [string, string] {
  const dot = param.indexOf('.');
  return dot < 0 ? ['', param] : [param.slice(0, dot), param.slice(dot + 1)];
}

function setParam(params: ParamValues, name: string, value: number): ParamValues {
  return { ...params, [name]: value };
}

/** The state and run with one point applied (only the parameters this run has). */
function applyPoint(
  catalog: Catalog,
  state: AppState,
  run: RunSpec,
  point: SweepPoint,
): { state: AppState; run: RunSpec; applied: SweepPoint } {
  let s = state;
  let r = run;
  const applied: SweepPoint = {};
  for (const [param, raw] of Object.entries(point)) {
    const spec = sweptParam(catalog, state, run, param);
    if (!spec || (spec.kind !== 'real' && spec.kind !== 'integer')) continue;
    const value = spec.kind === 'integer' ? Math.round(raw) : raw;
    applied[param] = value;
    const [scope, name] = splitParam(param);
    if (scope === 'optimizer')
      r = {
        ...r,
        optimizer: { ...r.optimizer, params: setParam(r.optimizer.params, name, value) },
      };
    else if (scope === 'schedule')
      r = { ...r, schedule: { ...r.schedule, params: setParam(r.schedule.params, name, value) } };
    else if (scope === 'model')
      s = { ...s, model: { ...s.model, params: setParam(s.model.params, name, value) } };
    else if (scope === 'problem')
      s = { ...s, problem: { ...s.problem, params: setParam(s.problem.params, name, value) } };
    // On the run: it wins over a run's own batch size as over the shared one.
    else if (scope === 'run' && name === 'batch_size') r = { ...r, batchSize: value };
  }
  return { state: s, run: r, applied };
}

/**
 * Every job of the sweep, in a fixed order (run, point, seed). Points that coincide for a run
 * (an axis it does not have) are trained once. Stops at MAX_JOBS.
 */
export function sweepJobs(catalog: Catalog, state: AppState, sweep: SweepState): SweepJob[] {
  const points = sweepPoints(sweep);
  const seeds = Math.max(1, Math.min(MAX_SEEDS, Math.floor(sweep.seeds)));
  const jobs: SweepJob[] = [];
  for (const run of state.runs) {
    const perStep = evalsPerStep(byName(catalog.optimizers, run.optimizer.name));
    const seen = new Set<string>();
    points.forEach((point, pointIndex) => {
      const applied = applyPoint(catalog, state, run, point);
      const key = JSON.stringify(applied.applied);
      if (seen.has(key)) return;
      seen.add(key);
      const steps = stepsUnderBudget(sweep, state.steps, perStep);
      for (let seedIndex = 0; seedIndex < seeds; seedIndex++) {
        if (jobs.length >= MAX_JOBS) return;
        const config: RunConfig = {
          ...runConfig({ ...applied.state, steps }, applied.run),
          ...seedFields(state.seed, seedIndex, sweep.seedStreams),
        };
        jobs.push({
          id: `${run.id}.p${pointIndex}.s${seedIndex}`,
          runId: run.id,
          pointIndex,
          seedIndex,
          point: applied.applied,
          evalsPerStep: perStep,
          config,
        });
      }
    });
  }
  return jobs;
}
