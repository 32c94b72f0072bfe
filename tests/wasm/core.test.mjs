// The WASM core in Node: bindings, determinism, heap stability, agreement with the native
// CLI, and SIMD actually present in the build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDescent, runToEnd, nativeCli, wasmDir, repoRoot } from './load-module.mjs';
import { byId as benchWorkloads } from '../bench/workloads.mjs';

const descent = await loadDescent();

const rosenbrock = {
  schema: 1, seed: 7,
  problem: { kind: 'function', name: 'rosenbrock', start: [-1.5, 2.0] },
  optimizer: { name: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
  schedule: { name: 'constant' }, steps: 300,
};
const spiral = {
  schema: 1, seed: 7,
  problem: { kind: 'dataset', name: 'spiral', n: 400, noise: 0.1, test_fraction: 0.25 },
  model: { hidden: [16, 16], activation: 'tanh', init: 'xavier_uniform', loss: 'cross_entropy' },
  optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true },
  schedule: { name: 'cosine', warmup_steps: 50 },
  batch_size: 32, steps: 600, eval_every: 50,
};
// Configs on which native and WASM are compared: functions, every activation family, the
// three losses, LayerNorm, residuals, a real and a modular data set.
const agreementConfigs = {
  rosenbrock,
  rastrigin: { schema: 1, seed: 7, problem: { kind: 'function', name: 'rastrigin' }, optimizer: { name: 'sgd', lr: 0.002, momentum: 0.9 }, steps: 300 },
  spiral,
  digits: { schema: 1, seed: 1, problem: { kind: 'dataset', name: 'digits' }, model: { hidden: [64], activation: 'relu', init: 'he_uniform', loss: 'cross_entropy' }, optimizer: { name: 'adam', lr: 0.003 }, batch_size: 64, steps: 300, eval_every: 50 },
  moons: { schema: 1, seed: 2, problem: { kind: 'dataset', name: 'moons' }, model: { hidden: [32, 32], activation: 'gelu', init: 'he_normal', loss: 'logistic', layer_norm: true, residual: true }, optimizer: { name: 'adamw', lr: 0.01 }, batch_size: 16, steps: 300, eval_every: 50 },
  sine: { schema: 1, seed: 4, problem: { kind: 'dataset', name: 'sine' }, model: { hidden: [32], activation: 'sin', init: 'orthogonal', loss: 'mse' }, optimizer: { name: 'rmsprop', lr: 0.003, centered: true }, batch_size: 20, steps: 300, eval_every: 50 },
  modular: { schema: 1, seed: 1, problem: { kind: 'dataset', name: 'modular', p: 23, train_fraction: 0.5 }, model: { hidden: [64], activation: 'silu', init: 'lecun_normal', loss: 'cross_entropy', l2: 0.001 }, optimizer: { name: 'nadam', lr: 0.003 }, batch_size: 64, steps: 200, eval_every: 50 },
  // The benchmark's workloads (tests/bench/workloads.mjs), shortened: what is timed also agrees.
  benchW1: { ...benchWorkloads.W1.config, steps: 200, eval_every: 50 },
  benchW2: { ...benchWorkloads.W2.config, steps: 100, eval_every: 50 },
  benchW3: { ...benchWorkloads.W3.config, steps: 100, eval_every: 50 },
  benchW4: { ...benchWorkloads.W4.config, steps: 300 },
  // Task switches: permuted inputs and relabelled classes, shrink-and-perturb at each.
  task_switches: { schema: 1, seed: 3, problem: { kind: 'dataset', name: 'gaussian_classes', n: 200, dim: 8, classes: 4, noise: 1.5, task_switches: [{ step: 100, kind: 'permute_inputs' }, { step: 200, kind: 'relabel' }] }, model: { hidden: [32], activation: 'relu', loss: 'cross_entropy' }, optimizer: { name: 'adam', lr: 0.01 }, transforms: [{ name: 'shrink_perturb', shrink: 0.5, perturb: 0.01 }], batch_size: 16, steps: 300, eval_every: 50 },
  stablemax_plateau: { schema: 1, seed: 5, problem: { kind: 'dataset', name: 'spiral', n: 200 }, model: { hidden: [16], activation: 'tanh', loss: 'stablemax' }, optimizer: { name: 'sgd', lr: 0.5 }, schedule: { name: 'reduce_on_plateau', factor: 0.5, patience: 1 }, batch_size: 16, steps: 300, eval_every: 10 },
};

test('the catalog comes from the core, identical to `descent catalog`', () => {
  const fromWasm = JSON.parse(descent.catalog());
  const fromCli = JSON.parse(execFileSync(nativeCli, ['catalog']).toString());
  assert.deepEqual(fromWasm, fromCli);
  assert.ok(fromWasm.optimizers.length >= 10);
  for (const o of fromWasm.optimizers) {
    assert.ok(o.citation.title && o.citation.year > 1900, `${o.name} cites its paper`);
  }
});

test('validate returns the normalised config or field-level errors', () => {
  const ok = JSON.parse(descent.validate(JSON.stringify(rosenbrock)));
  assert.equal(ok.ok, true);
  assert.equal(ok.config.optimizer.amsgrad, false); // defaults filled in
  const bad = JSON.parse(descent.validate(JSON.stringify({ ...rosenbrock, optimizer: { name: 'adam', lr: -1 } })));
  assert.equal(bad.ok, false);
  assert.equal(bad.errors[0].field, 'optimizer.lr');
  assert.match(bad.errors[0].message, /from 1e-06 to 10/);
  const notJson = JSON.parse(descent.validate('{"schema": 1,'));
  assert.equal(notJson.ok, false);
  const invalidRun = new descent.Run(JSON.stringify({ schema: 1 }));
  assert.equal(invalidRun.ok(), false);
  assert.match(invalidRun.error(), /problem/);
  assert.equal(invalidRun.step(10), 0);
  invalidRun.delete();
});

test('two WASM runs of one config are bit-identical, in any chunking', () => {
  for (const config of [rosenbrock, spiral]) {
    const a = runToEnd(descent, config, 1000);
    const b = runToEnd(descent, config, 7);
    assert.equal(a.status, 'ok');
    for (const name of Object.keys(a.columns)) {
      assert.deepEqual(Float64Array.from(a.columns[name]), Float64Array.from(b.columns[name]), name);
    }
  }
});

test('metrics arrive as typed columns; a 2-D run has its trajectory; networks have grids', () => {
  const run = new descent.Run(JSON.stringify(rosenbrock));
  assert.equal(run.step(100), 100);
  const m = run.takeMetrics();
  assert.ok(m.loss instanceof Float64Array);
  assert.equal(m.step.length, 101);
  assert.equal(run.takeMetrics().step.length, 0, 'taken metrics are not returned twice');
  const t = run.trajectory();
  assert.equal(t.length, 2 * 101);
  assert.equal(t[200], m.x[100]);
  run.delete();

  const net = new descent.Run(JSON.stringify(spiral));
  net.step(100);
  const grid = net.grid(-1.5, 1.5, -1.5, 1.5, 20, 10);
  assert.equal(grid.length, 2 * 20 * 10);
  for (let i = 0; i < 200; i++) assert.ok(Math.abs(grid[i] + grid[200 + i] - 1) < 1e-5, 'probabilities sum to 1');
  const data = net.trainData();
  assert.equal(data.inputDim, 2);
  assert.equal(data.labels.length, 300);
  assert.equal(data.x.length, 600);
  net.delete();
});

test('the schedule preview and the function grid come from the core', () => {
  const preview = descent.schedulePreview(JSON.stringify(spiral));
  assert.equal(preview.length, 600);
  assert.ok(Math.abs(preview[0] - 0.1 / 50) < 1e-12, 'warm-up starts at lr/warmup_steps');
  assert.ok(Math.abs(preview[49] - 0.1) < 1e-12);
  // A 10⁶-step run's preview is condensed (2048 bucket extremes + both ends), not 8 MB:
  // the 50-step warm-up's first rate and its peak survive.
  const long = descent.schedulePreview(JSON.stringify({ ...spiral, steps: 1_000_000 }));
  assert.equal(long.length, 2050);
  assert.ok(Math.abs(long[0] - 0.1 / 50) < 1e-12, 'the first rate is exact');
  assert.ok(Math.abs(Math.max(...long) - 0.1) < 1e-12, 'the warm-up peak survives');
  const grid = descent.functionGrid(JSON.stringify({ kind: 'function', name: 'rosenbrock' }), -2, 2, -1, 3, 5, 5);
  assert.equal(grid.length, 25);
  assert.equal(grid[2 * 5 + 3], 100 * (1 - 1) ** 2 + (1 - 1) ** 2); // (x, y) = (1, 1)
});

test('feedback schedules have no preview; refined previews from its norms', () => {
  const plateau = { ...rosenbrock, schedule: { name: 'reduce_on_plateau', patience: 2 } };
  assert.equal(descent.schedulePreview(JSON.stringify(plateau)).length, 0);
  const schedules = Object.fromEntries(JSON.parse(descent.catalog()).schedules.map((s) => [s.name, s]));
  assert.equal(schedules.reduce_on_plateau.needs_feedback, true);
  assert.equal(schedules.refined.needs_feedback, false);
  assert.equal(schedules.refined.params.find((p) => p.name === 'grad_norms').kind, 'series');
  // Constant norms refine to linear decay (Defazio et al., 2023).
  const refined = { ...rosenbrock, steps: 5, schedule: { name: 'refined', grad_norms: [2, 2, 2] } };
  assert.deepEqual(Array.from(descent.schedulePreview(JSON.stringify(refined))), [0.01, 0.0075, 0.005, 0.0025, 0]);
  // The realised rate of a plateau run is in the metrics, and it falls.
  const run = runToEnd(descent, agreementConfigs.stablemax_plateau);
  const lr = Array.from(run.columns.lr).slice(1);
  assert.equal(lr[0], 0.5);
  assert.ok(lr[lr.length - 1] < 0.5, `the rate was never reduced: ${lr[lr.length - 1]}`);
});

test('creating and disposing 1000 runs does not grow the heap', () => {
  const cycle = () => {
    const run = new descent.Run(JSON.stringify(spiral));
    run.step(3);
    run.takeMetrics();
    run.delete();
  };
  for (let i = 0; i < 50; i++) cycle();
  const before = descent.heapBytes();
  const memoryBefore = descent.HEAP8.length;
  for (let i = 0; i < 1000; i++) cycle();
  assert.equal(descent.heapBytes(), before, 'allocated bytes after 1000 runs');
  assert.equal(descent.HEAP8.length, memoryBefore, 'WASM memory size');
});

// Native (g++, SSE2) and WASM (em++, SIMD128 through the SSE emulation) run the same Eigen
// kernels, but the maths library differs (glibc vs musl: sin, cos, exp, log, tanh, erf can
// differ in the last bit), so data sets, initial weights and activations can differ by an
// ulp; training amplifies that slowly. Measured worst case on these configs: 2e-8 relative.
// Tolerance: 1e-6 relative on every logged loss, bit-identical where no libm call is
// involved (Rosenbrock with Adam).
const NATIVE_WASM_TOLERANCE = 1e-6;

test('native and WASM give the same metrics within the stated tolerance', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-agree-'));
  for (const [name, config] of Object.entries(agreementConfigs)) {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(config));
    const lines = execFileSync(nativeCli, ['run', file]).toString().trim().split('\n').map((l) => JSON.parse(l));
    const final = lines.pop();
    const wasm = runToEnd(descent, config);
    assert.equal(final.status, wasm.status, name);
    assert.equal(lines.length, wasm.columns.loss.length, name);
    lines.forEach((row, i) => {
      for (const key of ['loss', 'test_loss', 'accuracy', 'param_norm']) {
        if (row[key] === undefined) continue;
        const w = wasm.columns[key][i];
        const rel = Math.abs(row[key] - w) / Math.max(1, Math.abs(row[key]));
        assert.ok(rel <= NATIVE_WASM_TOLERANCE, `${name} step ${row.step} ${key}: native ${row[key]} wasm ${w}`);
      }
    });
    if (name === 'rosenbrock') {
      assert.deepEqual(lines.map((r) => r.loss), Array.from(wasm.columns.loss), 'bit-identical');
    }
  }
});

test('the SIMD build holds SIMD instructions and no relaxed SIMD', () => {
  const out = execFileSync('bash', [path.join(repoRoot, 'wasm-build/check-simd.sh'), path.join(wasmDir, 'descent.wasm'), '200']).toString();
  assert.match(out, /f32x4/);
});
