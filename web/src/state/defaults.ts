// The state a first visit opens with: three optimizers on Rosenbrock, ready to start, so a
// newcomer sees a comparison after one click.
import { RUN_PALETTE } from './palette';
import type { AppState, ModelState, RunSpec, ViewOptions, EmbedOptions } from './types';

export const DEFAULT_MODEL: ModelState = {
  hidden: [16, 16],
  activation: 'tanh',
  init: 'xavier_uniform',
  loss: 'cross_entropy',
  params: {},
};

export const DEFAULT_VIEW: ViewOptions = {
  logY: true,
  logX: false,
  smoothing: 0,
  selectedRun: null,
  targetLoss: null,
};

export const DEFAULT_EMBED: EmbedOptions = { enabled: false, hide: [], locked: false };

function run(id: string, name: string, color: string, optimizer: RunSpec['optimizer']): RunSpec {
  return {
    id,
    name,
    color,
    visible: true,
    optimizer,
    schedule: { name: 'constant', params: {} },
    transforms: [],
  };
}

export function defaultState(): AppState {
  return {
    problem: { kind: 'function', name: 'rosenbrock', params: {}, start: null },
    model: structuredClone(DEFAULT_MODEL),
    seed: 7,
    steps: 500,
    batchSize: 32,
    // 0: the core's automatic cadence (about 200 evaluations per run, whatever its length).
    evalEvery: 0,
    runs: [
      run('r1', 'SGD', RUN_PALETTE[0], { name: 'sgd', params: { lr: 0.001 } }),
      run('r2', 'Momentum', RUN_PALETTE[1], { name: 'sgd', params: { lr: 0.001, momentum: 0.9 } }),
      run('r3', 'Adam', RUN_PALETTE[2], { name: 'adam', params: { lr: 0.05 } }),
    ],
    view: { ...DEFAULT_VIEW },
    embed: { ...DEFAULT_EMBED, hide: [] },
  };
}
