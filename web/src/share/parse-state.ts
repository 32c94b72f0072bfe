// Turns untrusted JSON (from a link or an imported file) into an AppState, or explains why
// not. Only the shape is checked here; whether the settings make sense is the core's call
// (validate()), done once the core is loaded.
import { DEFAULT_EMBED, DEFAULT_MODEL, DEFAULT_VIEW } from '../state/defaults';
import { HEX_COLOR } from '../state/palette';
import { MAX_NAME_LENGTH, MAX_RUNS } from '../state/run-actions';
import type {
  AppState,
  EmbedOptions,
  ModelState,
  NamedConfig,
  PanelName,
  Precision,
  ProblemState,
  RunSpec,
  SweepAxis,
  SweepState,
  ViewOptions,
} from '../state/types';
import { DEFAULT_SWEEP, MAX_SEEDS } from '../compare/sweep-jobs';
import { MAX_AXES, MAX_AXIS_VALUES, MAX_POINTS } from '../compare/sweep-points';
import { PANELS } from '../state/types';
import {
  IDENTIFIER,
  ShapeError,
  array,
  boolean,
  number,
  object,
  optional,
  paramValues,
  string,
  type Json,
} from './shape';
import { TABLE_PROBLEM, parseTableState } from '../table/table-state';

const RUN_ID = /^[A-Za-z0-9_-]{1,16}$/;
const DEMO_NAME = /^[a-z][a-z0-9_-]{0,63}$/;
const FIELD_PATH = /^[a-z][a-z0-9_.]{0,63}$/;

function named(value: Json, path: string): NamedConfig {
  const source = object(value, path);
  return {
    name: string(source.name, `${path}.name`, 48, IDENTIFIER),
    params: optional(source.params, {}, (v) => paramValues(v, `${path}.params`)),
  };
}

function problem(value: Json): ProblemState {
  const source = object(value, 'problem');
  const kind = string(source.kind, 'problem.kind', 10);
  if (kind !== 'function' && kind !== 'dataset') {
    throw new ShapeError('problem.kind', '"function" or "dataset"');
  }
  const start = optional<[number, number] | null>(source.start, null, (v) => {
    if (v === null) return null;
    const [x, y] = array(v, 'problem.start', 2);
    return [number(x, 'problem.start[0]'), number(y, 'problem.start[1]')];
  });
  const name = string(source.name, 'problem.name', 48, IDENTIFIER);
  // Added with users' tables: absent in older links, which open as before.
  if ((name === TABLE_PROBLEM && kind === 'dataset') !== (source.table !== undefined)) {
    throw new ShapeError('problem.table', 'a table exactly when problem.name is "table"');
  }
  return {
    kind,
    name,
    params: optional(source.params, {}, (v) => paramValues(v, 'problem.params')),
    start,
    ...(source.table === undefined ? {} : { table: parseTableState(source.table) }),
  };
}

function model(value: Json, path = 'model'): ModelState {
  const source = object(value, path);
  return {
    hidden: array(source.hidden, `${path}.hidden`, 16).map((h, i) =>
      number(h, `${path}.hidden[${i}]`, { min: 1, max: 4096, integer: true }),
    ),
    activation: string(source.activation, `${path}.activation`, 48, IDENTIFIER),
    init: string(source.init, `${path}.init`, 48, IDENTIFIER),
    loss: string(source.loss, `${path}.loss`, 48, IDENTIFIER),
    params: optional(source.params, {}, (v) => paramValues(v, `${path}.params`)),
  };
}

function run(value: Json, index: number): RunSpec {
  const path = `runs[${index}]`;
  const source = object(value, path);
  return {
    id: string(source.id, `${path}.id`, 16, RUN_ID),
    name: string(source.name, `${path}.name`, MAX_NAME_LENGTH),
    color: string(source.color, `${path}.color`, 7, HEX_COLOR),
    visible: optional(source.visible, true, (v) => boolean(v, `${path}.visible`)),
    optimizer: named(source.optimizer, `${path}.optimizer`),
    schedule: optional(source.schedule, { name: 'constant', params: {} }, (v) =>
      named(v, `${path}.schedule`),
    ),
    transforms: optional(source.transforms, [], (v) =>
      array(v, `${path}.transforms`, 8).map((t, i) => named(t, `${path}.transforms[${i}]`)),
    ),
    // Added with the gallery's model and precision comparisons: absent = the shared setting.
    ...(source.model === undefined ? {} : { model: model(source.model, `${path}.model`) }),
    ...(source.precision === undefined
      ? {}
      : { precision: precision(source.precision, `${path}.precision`) }),
  };
}

function view(value: Json): ViewOptions {
  const source = object(value, 'view');
  return {
    logY: optional(source.logY, DEFAULT_VIEW.logY, (v) => boolean(v, 'view.logY')),
    logX: optional(source.logX, DEFAULT_VIEW.logX, (v) => boolean(v, 'view.logX')),
    smoothing: optional(source.smoothing, DEFAULT_VIEW.smoothing, (v) =>
      number(v, 'view.smoothing', { min: 0, max: 0.999 }),
    ),
    selectedRun: optional<string | null>(source.selectedRun, null, (v) =>
      v === null ? null : string(v, 'view.selectedRun', 16, RUN_ID),
    ),
    targetLoss: optional<number | null>(source.targetLoss, null, (v) =>
      v === null ? null : number(v, 'view.targetLoss'),
    ),
  };
}

function embed(value: Json): EmbedOptions {
  const source = object(value, 'embed');
  const out: EmbedOptions = {
    enabled: optional(source.enabled, false, (v) => boolean(v, 'embed.enabled')),
    locked: optional(source.locked, false, (v) => boolean(v, 'embed.locked')),
    hide: optional<PanelName[]>(source.hide, [], (v) =>
      array(v, 'embed.hide', PANELS.length).map((p, i) => {
        const name = string(p, `embed.hide[${i}]`, 16);
        if (!(PANELS as readonly string[]).includes(name)) {
          throw new ShapeError(`embed.hide[${i}]`, `one of ${PANELS.join(', ')}`);
        }
        return name as PanelName;
      }),
    ),
  };
  if (source.live !== undefined) {
    out.live = array(source.live, 'embed.live', 32).map((f, i) =>
      string(f, `embed.live[${i}]`, 64, FIELD_PATH),
    );
  }
  return out;
}

function precision(value: Json, path = 'precision'): Precision {
  if (value !== 'float32' && value !== 'float64') {
    throw new ShapeError(path, '"float32" or "float64"');
  }
  return value;
}

const SWEEP_PARAM = /^(optimizer|schedule|model|problem|run)\.[a-z][a-z0-9_]{0,47}$/;

function oneOf<T extends string>(value: Json, path: string, allowed: readonly T[]): T {
  const text = string(value, path, 16);
  if (!(allowed as readonly string[]).includes(text))
    throw new ShapeError(path, `one of ${allowed.join(', ')}`);
  return text as T;
}

export function parseSweep(value: Json): SweepState {
  const source = object(value, 'sweep');
  const axes = array(source.axes ?? [], 'sweep.axes', MAX_AXES).map((a, i): SweepAxis => {
    const path = `sweep.axes[${i}]`;
    const axis = object(a, path);
    const log = optional(axis.log, false, (v) => boolean(v, `${path}.log`));
    const lo = number(axis.lo, `${path}.lo`, log ? { min: Number.MIN_VALUE } : {});
    return {
      param: string(axis.param, `${path}.param`, 64, SWEEP_PARAM),
      lo,
      hi: number(axis.hi, `${path}.hi`, log ? { min: Number.MIN_VALUE } : {}),
      count: number(axis.count, `${path}.count`, { min: 1, max: MAX_AXIS_VALUES, integer: true }),
      log,
    };
  });
  const d = DEFAULT_SWEEP;
  return {
    axes,
    mode: optional(source.mode, d.mode, (v) => oneOf(v, 'sweep.mode', ['grid', 'random'] as const)),
    samples: optional(source.samples, d.samples, (v) =>
      number(v, 'sweep.samples', { min: 1, max: MAX_POINTS, integer: true }),
    ),
    sampleSeed: optional(source.sampleSeed, d.sampleSeed, (v) =>
      number(v, 'sweep.sampleSeed', { min: 0, max: 2 ** 32 - 1, integer: true }),
    ),
    seeds: optional(source.seeds, d.seeds, (v) =>
      number(v, 'sweep.seeds', { min: 1, max: MAX_SEEDS, integer: true }),
    ),
    seedStreams: optional(source.seedStreams, d.seedStreams, (v) =>
      oneOf(v, 'sweep.seedStreams', ['all', 'data', 'init', 'batch'] as const),
    ),
    budget: optional(source.budget, d.budget, (v) =>
      oneOf(v, 'sweep.budget', ['steps', 'gradients', 'time'] as const),
    ),
    budgetAmount: optional(source.budgetAmount, d.budgetAmount, (v) =>
      number(v, 'sweep.budgetAmount', { min: 1, max: 1e12 }),
    ),
    select: optional(source.select, d.select, (v) =>
      oneOf(v, 'sweep.select', ['final', 'best'] as const),
    ),
    band: optional(source.band, d.band, (v) => oneOf(v, 'sweep.band', ['minmax', 'std'] as const)),
  };
}

export type ParseResult = { ok: true; state: AppState } | { ok: false; message: string };

export function parseState(value: Json): ParseResult {
  try {
    const source = object(value, '');
    const runs = array(source.runs, 'runs', MAX_RUNS).map(run);
    if (runs.length === 0) throw new ShapeError('runs', 'at least one run');
    const ids = new Set(runs.map((r) => r.id));
    if (ids.size !== runs.length) throw new ShapeError('runs', 'distinct run ids');
    return {
      ok: true,
      state: {
        problem: problem(source.problem),
        model: optional(source.model, structuredClone(DEFAULT_MODEL), (v) => model(v)),
        seed: number(source.seed, 'seed', { min: 0, max: 2 ** 32 - 1, integer: true }),
        steps: number(source.steps, 'steps', { min: 1, max: 10_000_000, integer: true }),
        batchSize: optional(source.batchSize, 32, (v) =>
          number(v, 'batchSize', { min: 0, max: 1_000_000, integer: true }),
        ),
        // Absent: 50, the cadence in force before the automatic one (0) became the default,
        // so an old link that left it out computes what it always did.
        evalEvery: optional(source.evalEvery, 50, (v) =>
          number(v, 'evalEvery', { min: 0, max: 10_000_000, integer: true }),
        ),
        runs,
        view: optional(source.view, { ...DEFAULT_VIEW }, view),
        embed: optional(source.embed, { ...DEFAULT_EMBED, hide: [] }, embed),
        ...(source.demo === undefined ? {} : { demo: string(source.demo, 'demo', 64, DEMO_NAME) }),
        ...(source.diagnostics === undefined
          ? {}
          : { diagnostics: paramValues(source.diagnostics, 'diagnostics') }),
        ...(source.precision === undefined ? {} : { precision: precision(source.precision) }),
        // Added after the first links: absent means "no sweep" (old #s1. links still open).
        ...(source.sweep === undefined ? {} : { sweep: parseSweep(source.sweep) }),
      },
    };
  } catch (error) {
    if (error instanceof ShapeError) return { ok: false, message: error.message };
    throw error;
  }
}
