// The WASM heap stays bounded over a 10⁶-step run: a 2-D function run (one metrics row per
// step, the most rows any run logs) driven in chunks as the worker does, with the core's
// allocated bytes and the WebAssembly memory size sampled after every chunk. Both must reach
// a plateau early (the core's trajectory is thinned at 100k points; taken metrics are freed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDescent } from './load-module.mjs';

const descent = await loadDescent();

test('a 10^6-step run in chunks: heap and memory plateau', () => {
  const config = {
    schema: 1, seed: 3,
    problem: { kind: 'function', name: 'rosenbrock', start: [-1.5, 2.0] },
    optimizer: { name: 'adam', lr: 0.001 },
    steps: 1_000_000,
  };
  const run = new descent.Run(JSON.stringify(config));
  assert.ok(run.ok(), run.ok() ? '' : run.error());
  const allocated = [];
  const memory = [];
  let rows = 0;
  while (run.status() === 'running') {
    run.step(20_000);
    rows += run.takeMetrics().step.length;
    // Reading the trajectory as the function view does must not leak either.
    run.trajectory();
    allocated.push(descent.heapBytes());
    memory.push(descent.HEAP8.length);
  }
  assert.equal(run.status(), 'ok');
  assert.equal(run.currentStep(), 1_000_000);
  assert.equal(rows, 1_000_001, 'every step logged a row (and step 0)');
  const trajectoryPoints = run.trajectory().length / 2;
  run.delete();
  assert.ok(trajectoryPoints <= 100_000, `trajectory kept ${trajectoryPoints} points`);
  // After the first 30% of the run nothing grows any more.
  const cut = Math.floor(allocated.length * 0.3);
  const early = Math.max(...allocated.slice(0, cut));
  const late = Math.max(...allocated.slice(cut));
  console.log(`     heap bytes: max ${early} over the first 30%, ${late} after; memory ${memory.at(-1)} bytes`);
  assert.ok(late <= early, `heap grew after 300k steps: ${early} -> ${late}`);
  assert.equal(Math.max(...memory.slice(cut)), memory[cut], 'WebAssembly memory grew late in the run');
  // And stays well under what a tab can afford.
  assert.ok(memory.at(-1) < 64 * 1024 * 1024, `memory ${memory.at(-1)} bytes`);
});
