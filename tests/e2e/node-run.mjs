// The core's side of a browser test: a WASM run in Node of a page's run config, its metric
// columns as the page's JSON export writes them (a non-finite value as null), and the
// comparison of an exported run with it, every column and row, bit for bit; and the configs the
// core's demo gives each of its links.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { wasmDir } from '../wasm/load-module.mjs';
import { out } from './harness.mjs';

// Node's runs are kept on disk for the rest of the stage: the Firefox test and the gallery test
// compare the same demo configs with Node, and running a long demo twice in Node cost CI about
// two minutes. The key is the core's exact binary, the config and the step count, so a cached
// run is the run this build would give.
const cacheDir = join(out, 'node-runs');
const coreHash = createHash('sha256')
  .update(readFileSync(join(wasmDir, 'descent.wasm')))
  .digest('hex');

function cached(config, steps, compute) {
  const key = createHash('sha256')
    .update(`${coreHash}\n${steps}\n${JSON.stringify(config)}`)
    .digest('hex');
  const file = join(cacheDir, `${key}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    const result = compute();
    mkdirSync(cacheDir, { recursive: true });
    // Written whole, then renamed: a reader never sees half a file.
    writeFileSync(`${file}.${process.pid}`, JSON.stringify(result));
    renameSync(`${file}.${process.pid}`, file);
    return result;
  }
}

/** Runs `config` in Node (`core` from loadDescent()) to `steps` steps or its end. */
export function nodeRun(core, config, steps = Infinity) {
  return cached(config, steps, () => runInNode(core, config, steps));
}

function runInNode(core, config, steps) {
  const run = new core.Run(JSON.stringify(config));
  assert.ok(run.ok(), run.error());
  const columns = {};
  const take = () => {
    for (const [name, values] of Object.entries(run.takeMetrics())) {
      // Array.from: mapping a Float64Array in place would turn null back into 0.
      (columns[name] ??= []).push(...Array.from(values, (v) => (Number.isFinite(v) ? v : null)));
    }
  };
  take();
  while (run.status() === 'running' && run.currentStep() < steps) {
    run.step(Math.min(100, steps - run.currentStep()));
    take();
  }
  const status = run.status();
  run.delete();
  return { columns, status };
}

/**
 * Asserts that an exported run's metric columns are those of a WASM run in Node of its config:
 * the same column names and every row of each. With `ended` (the page ran it to its end) Node
 * runs to its end too and the status must match (a diverged run's last step may log no row);
 * otherwise Node stops at the last logged step (rows are logged at fixed steps).
 */
export function assertSameAsNode(core, run, label, { ended }) {
  assert.ok(run.columns.step.length > 1, `${label}: no rows`);
  const expected = nodeRun(core, run.config, ended ? Infinity : run.columns.step.at(-1));
  assert.deepEqual(
    Object.keys(run.columns).sort(),
    Object.keys(expected.columns).sort(),
    `${label}: metric columns`,
  );
  // JSON numbers print shortest-round-trip, so equal text means equal doubles.
  for (const [name, values] of Object.entries(expected.columns)) {
    assert.equal(
      JSON.stringify(run.columns[name]),
      JSON.stringify(values),
      `${label}: ${name} differs from WASM in Node`,
    );
  }
  if (ended) assert.equal(run.status, expected.status, `${label}: status`);
}

/**
 * The configs the core's demo gives its link number `link`: the page makes one link per group
 * of the demo's share.groups, in order, with the group's runs in the demo's order.
 */
export function demoLinkConfigs(demo, link) {
  return demo.share.groups[link].map((i) => demo.runs[i].config);
}

/** A config as the core normalises it (every default filled in), for comparing configs. */
export function normalised(core, config) {
  const result = JSON.parse(core.validate(JSON.stringify(config)));
  assert.ok(result.ok, JSON.stringify(result.errors));
  return result.config;
}

/** Asserts that a page's exported runs train exactly the configs the core's demo gives. */
export function assertDemoConfigs(core, runs, configs, label) {
  assert.equal(runs.length, configs.length, `${label}: run count differs from the core's demo`);
  for (const [i, run] of runs.entries()) {
    assert.deepEqual(
      normalised(core, run.config),
      normalised(core, configs[i]),
      `${label} run ${i}: config differs from the core's demo`,
    );
  }
}
