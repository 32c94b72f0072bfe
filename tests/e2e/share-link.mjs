// Builds share links in Node the way the page does (raw DEFLATE, base64url without padding),
// so e2e tests can open hand-made states. linkOf writes version 1 links of v1-shaped states
// (baseState): they open through the page's migration chain, as links shared long ago do.
// Pass the version to write a later one.
import { deflateRawSync, inflateRawSync } from 'node:zlib';

export function linkOf(state, version = 1) {
  return `s${version}.${deflateRawSync(Buffer.from(JSON.stringify(state))).toString('base64url')}`;
}

export function stateOf(hash) {
  const text = hash.replace(/^#?s\d+\./, '');
  return JSON.parse(inflateRawSync(Buffer.from(text, 'base64url')).toString('utf8'));
}

/** The page's default state as version 1 links wrote it, with overrides. */
/** A run of a v1 state: constant schedule, no transforms. */
export const run = (id, name, color, optimizer) => ({
  id,
  name,
  color,
  visible: true,
  optimizer,
  schedule: { name: 'constant', params: {} },
  transforms: [],
});

export function baseState(overrides = {}) {
  return {
    problem: { kind: 'function', name: 'rosenbrock', params: {}, start: null },
    model: {
      hidden: [16, 16],
      activation: 'tanh',
      init: 'xavier_uniform',
      loss: 'cross_entropy',
      params: {},
    },
    seed: 7,
    steps: 500,
    batchSize: 32,
    evalEvery: 50,
    runs: [
      run('r1', 'SGD', '#1f77b4', { name: 'sgd', params: { lr: 0.001 } }),
      run('r2', 'Momentum', '#ff7f0e', { name: 'sgd', params: { lr: 0.001, momentum: 0.9 } }),
      run('r3', 'Adam', '#2ca02c', { name: 'adam', params: { lr: 0.05 } }),
    ],
    view: { logY: true, logX: false, smoothing: 0, selectedRun: null, targetLoss: null },
    embed: { enabled: false, hide: [], locked: false },
    ...overrides,
  };
}
