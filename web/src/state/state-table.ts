// The page state, field by field: type, default, bounds and whether the share link carries
// it (in the spirit of TensorFlow Playground's state.ts). This table is the one definition:
// types.ts derives the TypeScript types from it, defaults.ts the first-visit state,
// share/parse-state.ts the link reader and validator, share/link.ts what a link writes.
// The ranges of run settings and hyperparameters stay in the core's catalog (`catalog:`
// names the setting); the bounds here only keep untrusted input from being absurd.
import { ShapeError, IDENTIFIER, paramValues, type Json } from '../share/shape';
import { parseTableState } from '../table/table-state';
import type { ParamValues } from './types';
import { boolean, custom, list, nullable, number, oneOf, optional, record, text } from './fields';
import { HEX_COLOR, RUN_PALETTE } from './palette';

/** Runs one page holds: the core's PageLimits::max_runs (catalog limits.max_runs), by which
 * the gallery cuts a demo into pages (web/tests/unit/gallery-core.test.ts: they agree). */
export const MAX_RUNS = 10;
export const MAX_NAME_LENGTH = 60;
/** Seed repetitions per sweep point. */
export const MAX_SEEDS = 20;
/** Sweep axes, values per axis and points (grid or random). */
export const MAX_AXES = 6;
export const MAX_AXIS_VALUES = 32;
export const MAX_POINTS = 512;

export const RUN_ID = /^[A-Za-z0-9_-]{1,16}$/;
export const DEMO_NAME = /^[a-z][a-z0-9_-]{0,63}$/;
export const FIELD_PATH = /^[a-z][a-z0-9_.]{0,63}$/;
const SWEEP_PARAM = /^(optimizer|schedule|model|problem|run)\.[a-z][a-z0-9_]{0,47}$/;

/** Panels that an embed can hide. */
export const PANELS = ['problem', 'runs', 'view', 'charts', 'table', 'presets'] as const;

const params = (doc: string) =>
  custom<ParamValues>(
    (v, path) => paramValues(v, path),
    () => ({}),
    { doc },
  );
const name = (initial: string, doc: string) =>
  text(initial, { maxLength: 48, pattern: IDENTIFIER, doc });

const namedConfig = (initial: string, doc: string) =>
  record(
    {
      name: name(initial, 'The catalog entry (optimizer, schedule or transform).'),
      params: params('Its settings; omitted ones take the catalog default.'),
    },
    { doc },
  );

const precision = (doc: string) => oneOf(['float32', 'float64'] as const, 'float32', { doc });
const batchSize = (doc: string) =>
  number(32, { min: 0, max: 1_000_000, integer: true, catalog: 'run.batch_size', doc });

export const MODEL = record(
  {
    hidden: list(
      number(16, { min: 1, max: 4096, integer: true, catalog: 'limits.max_width', doc: 'width' }),
      () => [16, 16],
      { maxLength: 16, doc: 'Hidden layer widths (catalog limits: max_layers, max_width).' },
    ),
    activation: name('tanh', 'Catalog model.activations.'),
    init: name('xavier_uniform', 'Catalog model.inits.'),
    loss: name('cross_entropy', 'Catalog model.losses.'),
    params: params('init_gain, layer_norm, residual, l1, l2, ...; omitted = default.'),
  },
  { doc: 'The network of a data-set problem.' },
);

const start = custom<[number, number] | null>(
  (v, path) => {
    if (v === null) return null;
    if (!Array.isArray(v) || v.length !== 2) throw new ShapeError(path, 'a list of 2 numbers');
    const read = number(0, { doc: '' }).read;
    return [read(v[0], `${path}[0]`), read(v[1], `${path}[1]`)];
  },
  () => null,
  { doc: "Functions only: where the optimizer starts; null = the function's default start." },
);

const noDefaultTable = (): never => {
  throw new Error('a table has no default: it is optional and comes from a link or a file');
};

export const PROBLEM = record(
  {
    kind: oneOf(['function', 'dataset', 'sensing'] as const, 'function', {
      doc: 'A 2-D function, data, or matrix sensing.',
    }),
    name: name('rosenbrock', 'Catalog functions or datasets; "table" for a user table.'),
    params: params('Problem settings from the catalog (condition_number, n, noise, p, ...).'),
    start,
    table: optional(
      custom((v) => parseTableState(v), noDefaultTable, {
        doc: "A user's table (name 'table'); absent for built-in problems.",
      }),
    ),
    taskSwitches: optional(
      list(
        record(
          {
            step: number(1, { min: 1, max: 1_000_000, integer: true, doc: 'Its step.' }),
            kind: name('permute_inputs', 'Catalog task_switches.kinds.'),
          },
          { doc: 'One task switch.' },
        ),
        () => [],
        {
          maxLength: 32,
          doc: 'Data sets: problem.task_switches, the steps where the task changes (the core checks them).',
        },
      ),
    ),
  },
  { doc: 'What is optimised.', required: true },
);

export const RUN = record(
  {
    id: text('r1', { maxLength: 16, pattern: RUN_ID, required: true, doc: 'Stable id.' }),
    name: text('run', { maxLength: MAX_NAME_LENGTH, required: true, doc: 'Display name.' }),
    color: text(RUN_PALETTE[0], {
      maxLength: 7,
      pattern: HEX_COLOR,
      required: true,
      doc: '#rrggbb.',
    }),
    visible: boolean(true, { doc: 'Drawn in the charts.' }),
    optimizer: { ...namedConfig('sgd', 'Catalog optimizers.'), required: true },
    schedule: namedConfig('constant', 'Catalog schedules.'),
    transforms: list(namedConfig('clip_by_global_norm', 'Catalog transforms.'), () => [], {
      maxLength: 8,
      doc: 'Gradient transforms, in order (catalog limits.max_transforms).',
    }),
    model: optional({ ...MODEL, doc: "This run's own model (a width sweep); else the shared." }),
    precision: optional(precision("This run's own arithmetic; else the shared setting.")),
    batchSize: optional(
      batchSize("This run's own batch size (a batch-size sweep); else the shared."),
    ),
  },
  { doc: 'One training run.' },
);

export const VIEW = record(
  {
    logY: boolean(true, { doc: 'Log loss axis.' }),
    logX: boolean(false, { doc: 'Log step axis.' }),
    smoothing: number(0, { min: 0, max: 0.999, doc: 'EMA weight; 0 = raw.' }),
    selectedRun: nullable(text('r1', { maxLength: 16, pattern: RUN_ID, doc: '' }), {
      doc: 'Run whose decision boundary is drawn; null = the first visible run.',
    }),
    targetLoss: nullable(number(0, { doc: '' }), {
      doc: 'Loss target of the "steps to target" column; null = not set.',
    }),
  },
  { doc: 'Chart options.' },
);

export const EMBED = record(
  {
    enabled: boolean(false, { doc: 'Minimal chrome for an iframe.' }),
    hide: list(oneOf(PANELS, 'presets', { doc: 'A panel.' }), () => [], {
      maxLength: PANELS.length,
      doc: 'Panels hidden in the embed.',
    }),
    locked: boolean(false, { doc: 'Settings read-only but for start/pause/step/reset.' }),
    live: optional(
      list(text('optimizer.lr', { maxLength: 64, pattern: FIELD_PATH, doc: '' }), () => [], {
        maxLength: 32,
        doc: 'Settings that stay editable while locked, as config paths ("optimizer.lr").',
      }),
    ),
  },
  { doc: 'How an embed shows the page.' },
);

const SWEEP_AXIS = record(
  {
    param: text('optimizer.lr', {
      maxLength: 64,
      pattern: SWEEP_PARAM,
      required: true,
      doc: 'The swept setting: optimizer.lr, schedule.warmup_steps, run.batch_size, ...',
    }),
    lo: number(0, { required: true, doc: 'Low end (above 0 when log).' }),
    hi: number(1, { required: true, doc: 'High end (above 0 when log).' }),
    count: number(1, {
      min: 1,
      max: MAX_AXIS_VALUES,
      integer: true,
      required: true,
      doc: 'Grid: values on this axis.',
    }),
    log: boolean(false, { doc: 'Log-spaced (catalog log_real).' }),
  },
  { doc: 'One swept setting.' },
);

export const SWEEP = record(
  {
    axes: list(SWEEP_AXIS, () => [], { maxLength: MAX_AXES, doc: 'Swept settings.' }),
    mode: oneOf(['grid', 'random'] as const, 'grid', { doc: 'Grid or random points.' }),
    samples: number(8, { min: 1, max: MAX_POINTS, integer: true, doc: 'Random: points.' }),
    sampleSeed: number(1, { min: 0, max: 2 ** 32 - 1, integer: true, doc: 'Random: seed.' }),
    seeds: number(1, { min: 1, max: MAX_SEEDS, integer: true, doc: 'Repetitions per point.' }),
    seedStreams: oneOf(['all', 'data', 'init', 'batch'] as const, 'all', {
      doc: 'Which random streams the repetitions vary.',
    }),
    budget: oneOf(['steps', 'gradients', 'time'] as const, 'steps', {
      doc: 'What "equal" means across optimizers.',
    }),
    budgetAmount: number(500, {
      min: 1,
      max: 1e12,
      doc: 'gradients: evaluations per run; time: milliseconds; steps: unused.',
    }),
    select: oneOf(['final', 'best'] as const, 'final', { doc: 'Which loss picks a winner.' }),
    band: oneOf(['minmax', 'std'] as const, 'minmax', { doc: 'Seed band: range or ±1 std.' }),
  },
  { doc: 'Seeds and sweeps (Compare panel).' },
);

const firstVisitRuns = () => {
  const run = (id: string, runName: string, color: string, opt: string, p: Json) =>
    RUN.read({ id, name: runName, color, optimizer: { name: opt, params: p } }, 'runs');
  return [
    run('r1', 'SGD', RUN_PALETTE[0], 'sgd', { lr: 0.001 }),
    run('r2', 'Momentum', RUN_PALETTE[1], 'sgd', { lr: 0.001, momentum: 0.9 }),
    run('r3', 'Adam', RUN_PALETTE[2], 'adam', { lr: 0.05 }),
  ];
};

export const APP_STATE = record(
  {
    // Read first: a link's most telling mistake is in its runs.
    runs: list(RUN, firstVisitRuns, { maxLength: MAX_RUNS, required: true, doc: 'The runs.' }),
    problem: PROBLEM,
    model: MODEL,
    seed: number(7, {
      min: 0,
      max: 2 ** 32 - 1,
      integer: true,
      catalog: 'run.seed',
      required: true,
      doc: 'Seed of every random stream.',
    }),
    steps: number(500, {
      min: 1,
      max: 10_000_000,
      integer: true,
      catalog: 'run.steps',
      required: true,
      doc: 'Optimizer steps per run.',
    }),
    batchSize: batchSize('Examples per minibatch; 0 = full batch.'),
    evalEvery: number(0, {
      min: 0,
      max: 10_000_000,
      integer: true,
      catalog: 'run.eval_every',
      doc: 'Steps between full evaluations; 0 = automatic (about 200 per run).',
    }),
    view: VIEW,
    embed: EMBED,
    demo: optional(
      text('edge_of_stability', {
        maxLength: 64,
        pattern: DEMO_NAME,
        doc: 'The gallery demo this state was opened from (its claim and plots are shown).',
      }),
    ),
    diagnostics: optional(params('The run config\'s "diagnostics" section (catalog).')),
    averaging: optional(
      params('The run config\'s "averaging" section: SWA and an EMA of the weights.'),
    ),
    precision: optional(precision('Networks in float64 instead of float32.')),
    sweep: optional(SWEEP),
  },
  { doc: 'The whole page state.' },
);
