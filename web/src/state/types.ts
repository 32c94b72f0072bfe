// The whole UI state, as one typed object (TensorFlow Playground style). The URL, the
// forms and the charts are all functions of it; metrics live elsewhere (metrics/), since
// they are produced by training, not chosen by the user.
import type { TableState } from '../table/table-state';

/** A catalog parameter value: reals, integers, booleans, choices and series (number lists). */
export type ParamValue = number | string | boolean | number[];
export type ParamValues = Record<string, ParamValue>;

export type ProblemKind = 'function' | 'dataset';

/** The run config's "precision": networks in float64 instead of float32. */
export type Precision = 'float32' | 'float64';

export interface ProblemState {
  kind: ProblemKind;
  name: string;
  /** Problem settings from the catalog (condition_number, n, noise, p, ...); omitted = default. */
  params: ParamValues;
  /** Functions only: where the optimizer starts; null = the function's default start. */
  start: [number, number] | null;
  /** A user's table (name 'table'); absent for built-in problems and in older links. */
  table?: TableState;
}

export interface ModelState {
  hidden: number[];
  activation: string;
  init: string;
  loss: string;
  /** init_gain, layer_norm, residual, l1, l2, ...; omitted = default. */
  params: ParamValues;
}

/** A named catalog entry with its settings, e.g. {name: 'adam', lr: 0.01}. */
export interface NamedConfig {
  name: string;
  params: ParamValues;
}

export interface RunSpec {
  id: string;
  name: string;
  color: string; // #rrggbb
  visible: boolean;
  optimizer: NamedConfig;
  schedule: NamedConfig;
  transforms: NamedConfig[];
  /** This run's own model, when runs compare models (a width sweep); else the shared one. */
  model?: ModelState;
  /** This run's own arithmetic (float32 against float64); else the shared setting. */
  precision?: Precision;
}

export interface ViewOptions {
  logY: boolean;
  logX: boolean;
  /** EMA smoothing weight in [0, 0.999]; 0 = raw. */
  smoothing: number;
  /** Run whose decision boundary is drawn; null = the first visible run. */
  selectedRun: string | null;
  /** Loss target for the "steps to target" column; null = not set. */
  targetLoss: number | null;
}

/** Panels that an embed can hide. */
export const PANELS = ['problem', 'runs', 'view', 'charts', 'table', 'presets'] as const;
export type PanelName = (typeof PANELS)[number];

export interface EmbedOptions {
  /** Minimal chrome for an iframe. */
  enabled: boolean;
  hide: PanelName[];
  /** Settings read-only: only start/pause/step/reset stay usable. */
  locked: boolean;
  /** Settings that stay editable while locked, as config field paths ("optimizer.lr"). */
  live?: string[];
}

export interface AppState {
  problem: ProblemState;
  model: ModelState;
  seed: number;
  steps: number;
  batchSize: number;
  evalEvery: number;
  runs: RunSpec[];
  view: ViewOptions;
  embed: EmbedOptions;
  /** The gallery demo this state was opened from (its claim, paper and plots are shown). */
  demo?: string;
  /** The run config's "diagnostics" section (sharpness, trace, ...; see the core's catalog). */
  diagnostics?: ParamValues;
  /** The run config's "precision": networks in float64 instead of float32. */
  precision?: Precision;
  /** Seeds and sweeps (Compare panel); absent in links made before it existed. */
  sweep?: SweepState;
}

/**
 * One swept setting: `optimizer.lr`, `schedule.warmup_steps`, `model.init_gain`,
 * `problem.noise`, or a run setting (`batch_size`). Log-spaced when `log` (catalog log_real).
 */
export interface SweepAxis {
  param: string;
  lo: number;
  hi: number;
  /** Grid: values per axis. */
  count: number;
  log: boolean;
}

/** Which random streams the seed repetitions vary (the core's data/init/batch streams). */
export type SeedStreams = 'all' | 'data' | 'init' | 'batch';
/** What "equal" means across optimizers: steps, gradient evaluations, or wall time. */
export type BudgetKind = 'steps' | 'gradients' | 'time';

/** A comparison over seeds and hyperparameters of every run; part of the link. */
export interface SweepState {
  axes: SweepAxis[];
  mode: 'grid' | 'random';
  /** Random mode: points drawn; each run gets the same points. */
  samples: number;
  /** Random mode: seed of the point sampler. */
  sampleSeed: number;
  /** Repetitions per point (k), seeds state.seed, state.seed + 1, ... */
  seeds: number;
  seedStreams: SeedStreams;
  budget: BudgetKind;
  /** gradients: evaluations per run; time: milliseconds; steps: ignored (state.steps). */
  budgetAmount: number;
  /** Which loss picks the winning point per run, and what the sweep views plot. */
  select: 'final' | 'best';
  band: 'minmax' | 'std';
}
