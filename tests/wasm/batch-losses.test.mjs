// The every-step minibatch loss through the WASM binding (Run.takeBatchLosses), and the
// automatic evaluation cadence (eval_every 0) as the page's default state uses it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDescent } from './load-module.mjs';

const descent = await loadDescent();

const spiral = (extra) => ({
  schema: 1,
  seed: 7,
  problem: { kind: 'dataset', name: 'spiral', n: 300, noise: 0.1, test_fraction: 0.25 },
  model: { hidden: [16, 16], activation: 'tanh', init: 'xavier_uniform', loss: 'cross_entropy' },
  optimizer: { name: 'adam', lr: 0.01 },
  steps: 500,
  batch_size: 32,
  ...extra,
});

/** Runs to the end in chunks; rows and minibatch losses as plain arrays. */
function drain(config, chunk) {
  const run = new descent.Run(JSON.stringify(config));
  assert.ok(run.ok(), run.error());
  const rows = { step: [], loss: [] };
  const batch = { step: [], batch_loss: [] };
  const take = () => {
    const m = run.takeMetrics();
    rows.step.push(...m.step);
    rows.loss.push(...m.loss);
    const b = run.takeBatchLosses();
    batch.step.push(...b.step);
    batch.batch_loss.push(...b.batch_loss);
  };
  take();
  while (run.status() === 'running') {
    run.step(chunk);
    take();
  }
  run.delete();
  return { rows, batch };
}

test('the default 500-step spiral: a minibatch loss at every step, rows every 3 steps', () => {
  const { rows, batch } = drain(spiral({ eval_every: 0 }), 64);
  assert.deepEqual(
    batch.step,
    Array.from({ length: 500 }, (_, i) => i + 1),
  );
  assert.ok(batch.batch_loss.every((v) => Number.isFinite(v) && v > 0));
  // ceil(500 / 200) = 3: 0, 3, ..., 498, 500 — 168 points instead of 11 at eval_every 50.
  assert.equal(rows.step.length, 168);
  assert.deepEqual(rows.step.slice(0, 3), [0, 3, 6]);
  assert.equal(rows.step.at(-1), 500);
});

test('the minibatch series changes no row and does not depend on the chunking', () => {
  const a = drain(spiral({ eval_every: 50 }), 17);
  const b = drain(spiral({ eval_every: 50 }), 500);
  assert.deepEqual(a.rows, b.rows);
  assert.deepEqual(a.batch, b.batch);
  // The old cadence is untouched: 11 rows.
  assert.deepEqual(a.rows.step, [0, 50, 100, 150, 200, 250, 300, 350, 400, 450, 500]);
});

test('2-D functions have no minibatch series (their rows are every step already)', () => {
  const run = new descent.Run(
    JSON.stringify({
      schema: 1,
      seed: 1,
      problem: { kind: 'function', name: 'rosenbrock' },
      optimizer: { name: 'adam', lr: 0.02 },
      steps: 20,
    }),
  );
  run.step(20);
  assert.equal(run.takeBatchLosses().step.length, 0);
  assert.equal(run.takeMetrics().step.length, 21);
  run.delete();
});

test('eval_every below 0 is refused, naming the field', () => {
  const run = new descent.Run(JSON.stringify(spiral({ eval_every: -1 })));
  assert.equal(run.ok(), false);
  assert.match(run.error(), /eval_every/);
  run.delete();
});
