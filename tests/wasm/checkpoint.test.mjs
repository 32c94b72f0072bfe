// Checkpoint and resume through the WASM bindings (Run.checkpoint / Run.restore): a run paused
// at step k, its checkpoint kept as JSON text, restored into a new Run and continued gives the
// same metric rows, bit for bit, as a run without the pause; for every optimizer of the
// catalog on a 2-D function and a sample of them on a network with every random stream in
// use. A damaged checkpoint is refused with the field named and the run goes on unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDescent } from './load-module.mjs';

const descent = await loadDescent();
const catalog = JSON.parse(descent.catalog());

const fn = (name) => ({
  schema: 1, seed: 5, problem: { kind: 'function', name: 'rosenbrock' },
  optimizer: { name }, steps: 30,
});
const net = (name) => ({
  schema: 1, seed: 7,
  problem: { kind: 'dataset', name: 'spiral', n: 120, test_fraction: 0.25 },
  model: { hidden: [6], activation: 'tanh', loss: 'cross_entropy' },
  optimizer: { name }, precision: 'float64',
  schedule: { name: 'reduce_on_plateau', patience: 0, warmup_steps: 3 },
  diagnostics: { every: 4, stats: true, hutchinson_probes: 2, probe_batch: 20 },
  batch_size: 16, eval_every: 2, steps: 24,
});

// Every metric column as bytes, concatenated over the chunks taken.
function collect(run, into) {
  const m = run.takeMetrics();
  for (const [name, column] of Object.entries(m)) {
    into[name] = [...(into[name] ?? []), ...new Uint8Array(column.buffer)];
  }
}

// null when the config does not suit the optimizer, else [straight, resumed] columns.
function straightAndResumed(config, k) {
  const text = JSON.stringify(config);
  const straight = new descent.Run(text);
  if (!straight.ok()) {
    straight.delete();
    return null;
  }
  const whole = {};
  collect(straight, whole);
  straight.step(2 * k);
  collect(straight, whole);
  straight.delete();

  const resumed = {};
  const first = new descent.Run(text);
  collect(first, resumed);
  first.step(k);
  collect(first, resumed);
  const saved = JSON.parse(first.checkpoint());
  const running = first.status() === 'running';
  first.delete();
  if (!running) {
    // A run that diverged (or ended) before step k has nothing to resume: refused, by field.
    assert.equal(saved.ok, false, `${config.optimizer.name}: checkpoint of a stopped run`);
    assert.equal(saved.errors[0].field, 'checkpoint.status');
    return null;
  }
  assert.equal(saved.ok, true);
  const kept = JSON.stringify({ checkpoint: saved.checkpoint }); // as IndexedDB would keep it
  const second = new descent.Run(text);
  second.takeMetrics();
  const restored = JSON.parse(second.restore(JSON.parse(kept).checkpoint));
  assert.equal(restored.ok, true, `${config.optimizer.name}: ${JSON.stringify(restored)}`);
  assert.equal(second.currentStep(), k);
  second.step(k);
  collect(second, resumed);
  second.delete();
  return [whole, resumed];
}

test('every optimizer resumes bit-identically on a function', () => {
  let checked = 0;
  for (const o of catalog.optimizers) {
    const pair = straightAndResumed(fn(o.name), 15);
    if (pair === null) continue;
    assert.deepEqual(pair[1], pair[0], o.name);
    checked += 1;
  }
  assert.ok(checked > catalog.optimizers.length / 2, `${checked} optimizers checked`);
});

test('optimizers with every kind of state resume bit-identically on a network', () => {
  for (const name of ['adam', 'lbfgs', 'shampoo', 'soap', 'kfac', 'sophia', 'prodigy', 'schedule_free_adamw', 'ademamix', 'stable_spam']) {
    if (!catalog.optimizers.some((o) => o.name === name)) continue;
    const pair = straightAndResumed(net(name), 12);
    assert.ok(pair !== null, name);
    assert.deepEqual(pair[1], pair[0], name);
  }
});

test('a damaged or foreign checkpoint is refused by field and leaves the run unchanged', () => {
  const text = JSON.stringify(net('adam'));
  const source = new descent.Run(text);
  source.step(6);
  const good = JSON.parse(source.checkpoint()).checkpoint;
  source.delete();
  const other = new descent.Run(JSON.stringify(net('sgd')));
  other.step(6);
  const foreign = JSON.parse(other.checkpoint()).checkpoint;
  other.delete();

  const reference = new descent.Run(text);
  reference.step(3);
  reference.takeMetrics();
  reference.step(5);
  const expected = reference.takeMetrics();
  reference.delete();

  const cases = [
    ['not base64 !', 'checkpoint'],
    [good.slice(0, 8), 'checkpoint'],
    [good.slice(0, good.length - 40), null], // truncated inside some slot
    [foreign, 'checkpoint.config_hash'],
  ];
  for (const [bad, field] of cases) {
    const run = new descent.Run(text);
    run.step(3);
    run.takeMetrics();
    const result = JSON.parse(run.restore(bad));
    assert.equal(result.ok, false);
    assert.ok(result.errors[0].field.startsWith('checkpoint'), result.errors[0].field);
    if (field) assert.equal(result.errors[0].field, field);
    assert.ok(result.errors[0].message.length > 0);
    run.step(5);
    assert.deepEqual(run.takeMetrics(), expected, 'the refused checkpoint changed the run');
    run.delete();
  }
});
