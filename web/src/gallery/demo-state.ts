// A gallery demo as a page state: the inverse of state/run-config.ts. The page holds one
// problem, model, seed and step budget shared by every run, so a demo's runs must agree on
// those (they do by construction in the core: a demo varies the optimizer side only); a demo
// that does not is refused with a message rather than silently changed.
import { DEFAULT_EMBED, DEFAULT_MODEL, DEFAULT_VIEW } from '../state/defaults';
import { RUN_PALETTE } from '../state/palette';
import type {
  AppState,
  ModelState,
  NamedConfig,
  ParamValue,
  ParamValues,
  ProblemState,
  RunSpec,
} from '../state/types';
import type { Demo } from './gallery';

/** Config keys the page state holds; anything else in a demo's config is reported. */
const SHARED_KEYS = [
  'schema',
  'seed',
  'problem',
  'model',
  'steps',
  'batch_size',
  'eval_every',
  'diagnostics',
  'precision',
];
const RUN_KEYS = ['optimizer', 'schedule', 'transforms'];

export type DemoStateResult = { ok: true; state: AppState } | { ok: false; message: string };

function isParam(value: unknown): value is ParamValue {
  return typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean';
}

function params(source: Record<string, unknown>, skip: string[], path: string): ParamValues {
  const out: ParamValues = {};
  for (const [key, value] of Object.entries(source)) {
    if (skip.includes(key)) continue;
    if (!isParam(value)) throw new Error(`${path}.${key} is not a plain setting`);
    out[key] = value;
  }
  return out;
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${path} is not an object`);
  }
  return value as Record<string, unknown>;
}

function named(value: unknown, path: string): NamedConfig {
  const source = record(value, path);
  if (typeof source.name !== 'string') throw new Error(`${path}.name is missing`);
  return { name: source.name, params: params(source, ['name'], path) };
}

function problemOf(value: unknown): ProblemState {
  const source = record(value, 'problem');
  const kind = source.kind;
  if (kind !== 'function' && kind !== 'dataset') throw new Error('problem.kind is unknown');
  if (typeof source.name !== 'string') throw new Error('problem.name is missing');
  let start: [number, number] | null = null;
  if (Array.isArray(source.start) && source.start.length === 2) {
    const [x, y] = source.start;
    if (typeof x === 'number' && typeof y === 'number') start = [x, y];
  }
  return {
    kind,
    name: source.name,
    params: params(source, ['kind', 'name', 'start'], 'problem'),
    start,
  };
}

function modelOf(value: unknown): ModelState {
  if (value === undefined) return structuredClone(DEFAULT_MODEL);
  const source = record(value, 'model');
  const hidden = Array.isArray(source.hidden)
    ? source.hidden.filter((h): h is number => typeof h === 'number')
    : [...DEFAULT_MODEL.hidden];
  const text = (key: 'activation' | 'init' | 'loss') =>
    typeof source[key] === 'string' ? (source[key] as string) : DEFAULT_MODEL[key];
  return {
    hidden,
    activation: text('activation'),
    init: text('init'),
    loss: text('loss'),
    params: params(source, ['hidden', 'activation', 'init', 'loss'], 'model'),
  };
}

function shared(config: Record<string, unknown>): string {
  return JSON.stringify(SHARED_KEYS.map((k) => (k === 'schema' ? null : (config[k] ?? null))));
}

export function demoState(demo: Demo): DemoStateResult {
  try {
    const configs = demo.runs.map((r, i) => record(r.config, `runs[${i}].config`));
    const first = configs[0]!;
    for (const [i, config] of configs.entries()) {
      const unknown = Object.keys(config).filter(
        (k) => !SHARED_KEYS.includes(k) && !RUN_KEYS.includes(k),
      );
      if (unknown.length > 0) {
        throw new Error(`runs[${i}] sets ${unknown.join(', ')}, which the page cannot hold`);
      }
      if (shared(config) !== shared(first)) {
        throw new Error(
          `runs[${i}] differs from runs[0] in problem, model, seed or step budget (the page shares those)`,
        );
      }
    }
    const problem = problemOf(first.problem);
    const runs: RunSpec[] = demo.runs.map((r, i) => {
      const config = configs[i]!;
      return {
        id: `r${i + 1}`,
        name: r.name.slice(0, 64),
        color: RUN_PALETTE[i % RUN_PALETTE.length]!,
        visible: true,
        optimizer: named(config.optimizer, `runs[${i}].optimizer`),
        schedule:
          config.schedule === undefined
            ? { name: 'constant', params: {} }
            : named(config.schedule, `runs[${i}].schedule`),
        transforms: Array.isArray(config.transforms)
          ? config.transforms.map((t, j) => named(t, `runs[${i}].transforms[${j}]`))
          : [],
      };
    });
    const number = (key: string, fallback: number) =>
      typeof first[key] === 'number' ? (first[key] as number) : fallback;
    const state: AppState = {
      problem,
      model: modelOf(first.model),
      seed: number('seed', 7),
      steps: number('steps', 500),
      batchSize: number('batch_size', 32),
      evalEvery: number('eval_every', 50),
      runs,
      view: { ...DEFAULT_VIEW, ...demo.view },
      // A locked embed of the demo keeps the demo's live settings editable.
      embed: { ...DEFAULT_EMBED, hide: [], live: [...demo.live] },
      demo: demo.name,
    };
    if (first.diagnostics !== undefined) {
      state.diagnostics = params(record(first.diagnostics, 'diagnostics'), [], 'diagnostics');
    }
    if (first.precision === 'float64' || first.precision === 'float32') {
      state.precision = first.precision;
    }
    return { ok: true, state };
  } catch (error) {
    return { ok: false, message: `${demo.name}: ${(error as Error).message}` };
  }
}

/**
 * The states that open a demo: one holding every run when they share problem, model and
 * budget; otherwise (a width sweep, float32 against float64, softmax against StableMax) one
 * per group of runs that do share them, in the demo's order, each its own link.
 */
export function demoStates(demo: Demo): { label: string; result: DemoStateResult }[] {
  const whole = demoState(demo);
  if (whole.ok || demo.runs.length === 1) return [{ label: 'all runs', result: whole }];
  const groups = new Map<string, Demo['runs']>();
  demo.runs.forEach((run, i) => {
    const config = run.config;
    // A malformed config gets a group of its own (demoState then names its problem).
    const key =
      typeof config === 'object' && config !== null && !Array.isArray(config)
        ? shared(config as Record<string, unknown>)
        : `#${i}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  });
  return [...groups.values()].map((runs) => ({
    label: runs.map((r) => r.name).join(' + '),
    result: demoState({ ...demo, runs }),
  }));
}
