// A gallery demo as page states. The core gives each demo's run configs and groups the runs
// that can share one page (they agree on problem, seed and budget); this file turns a group
// into the page's state (one problem, seed and budget; each run's optimizer, schedule and
// transforms, and its own model, precision or batch size where it differs from the first
// run's), adds what only the page knows (run ids, colours, the embed's live settings) and
// reads the result through parseState, the same check a shared link gets.
import type { RunConfig } from '../core/descent-module';
import { parseState } from '../share/parse-state';
import { DEFAULT_EMBED, DEFAULT_VIEW } from '../state/defaults';
import { RUN_PALETTE } from '../state/palette';
import type { AppState } from '../state/types';
import type { Demo } from './gallery';

export type DemoStateResult = { ok: true; state: AppState } | { ok: false; message: string };

type JsonObject = Record<string, unknown>;

function asObject(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : {};
}

/** The entries of `source` except `keys`: a config section's settings as page params. */
function without(source: JsonObject, keys: readonly string[]): JsonObject {
  return Object.fromEntries(Object.entries(source).filter(([k]) => !keys.includes(k)));
}

/** {name, lr, ...} → {name, params: {lr, ...}}. */
function named(value: unknown): JsonObject {
  const source = asObject(value);
  return { name: source.name, params: without(source, ['name']) };
}

function problemState(value: unknown): JsonObject {
  const problem = asObject(value);
  return {
    kind: problem.kind,
    name: problem.name,
    params: without(problem, ['kind', 'name', 'start', 'task_switches']),
    start: problem.start ?? null,
    ...(problem.task_switches !== undefined ? { taskSwitches: problem.task_switches } : {}),
  };
}

const MODEL_FIELDS = ['hidden', 'activation', 'init', 'loss'] as const;

function modelState(value: unknown): JsonObject {
  const model = asObject(value);
  return {
    ...Object.fromEntries(MODEL_FIELDS.map((k) => [k, model[k]])),
    params: without(model, MODEL_FIELDS),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The page state of some of a demo's runs (they share problem, seed and budget). */
function stateOf(demo: Demo, indices: readonly number[]): DemoStateResult {
  const runs = indices.map((i) => demo.runs[i]!);
  if (runs.length === 0) return { ok: false, message: `${demo.name}: no runs` };
  const first: RunConfig = runs[0]!.config;
  const optional = (key: string, stateKey: string, map = (v: unknown) => v) =>
    first[key] === undefined ? {} : { [stateKey]: map(first[key]) };
  const parsed = parseState({
    problem: problemState(first.problem),
    seed: first.seed,
    steps: first.steps,
    ...optional('batch_size', 'batchSize'),
    ...optional('eval_every', 'evalEvery'),
    ...optional('model', 'model', modelState),
    ...optional('diagnostics', 'diagnostics'),
    ...optional('averaging', 'averaging'),
    ...optional('precision', 'precision'),
    runs: runs.map(({ name, config }, i) => ({
      id: `r${i + 1}`,
      name: name.slice(0, 60),
      color: RUN_PALETTE[i % RUN_PALETTE.length]!,
      visible: true,
      optimizer: named(config.optimizer),
      schedule: named(config.schedule ?? { name: 'constant' }),
      transforms: (Array.isArray(config.transforms) ? config.transforms : []).map(named),
      ...(config.model !== undefined && !same(config.model, first.model)
        ? { model: modelState(config.model) }
        : {}),
      ...(!same(config.precision, first.precision)
        ? { precision: config.precision ?? 'float32' }
        : {}),
      ...(config.batch_size !== undefined && !same(config.batch_size, first.batch_size)
        ? { batchSize: config.batch_size }
        : {}),
    })),
    view: { ...DEFAULT_VIEW },
    // A locked embed of the demo keeps the demo's live settings editable.
    embed: { ...DEFAULT_EMBED, hide: [], live: [...demo.live] },
    demo: demo.name,
  });
  return parsed.ok ? parsed : { ok: false, message: `${demo.name}: ${parsed.message}` };
}

/** The state holding the demo's first group of runs (all of them when one page can). */
export function demoState(demo: Demo): DemoStateResult {
  return stateOf(demo, demo.groups[0] ?? []);
}

/**
 * The states that open a demo: one holding every run (runs may differ in optimizer,
 * schedule, transforms, model, precision and batch size); when they differ in more (problem,
 * seed, budget) or are more than a page holds, one per group of runs (the core's
 * share.groups), each its own link.
 */
export function demoStates(demo: Demo): { label: string; result: DemoStateResult }[] {
  if (demo.groups.length <= 1) return [{ label: 'all runs', result: demoState(demo) }];
  return demo.groups.map((group, i) => {
    const result = stateOf(demo, group);
    const label = result.ok ? result.state.runs.map((r) => r.name).join(' + ') : `link ${i + 1}`;
    return { label, result };
  });
}
