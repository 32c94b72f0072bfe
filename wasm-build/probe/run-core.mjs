// node run-core.mjs DIR [DIR ...]   (each DIR holds descent.mjs and/or descent-nosimd.mjs)
// Steps a few real training runs through the Embind API (new Run(config).step(n)) in
// chunks, SIMD build against no-SIMD build, and prints optimizer steps per second.
// Env: CORE_SECONDS (measured seconds per run and build, default 2).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const seconds = Number(process.env.CORE_SECONDS ?? 2);
const configs = {
  'spiral 2-16-16-2 b32 adam': {
    problem: { kind: 'dataset', name: 'spiral', n: 400, noise: 0.1, test_fraction: 0.25 },
    model: { hidden: [16, 16], activation: 'tanh', loss: 'cross_entropy' },
    optimizer: { name: 'adam', lr: 0.01 }, batch_size: 32, eval_every: 100,
  },
  'digits 64-128-128-10 b128 adam': {
    problem: { kind: 'dataset', name: 'digits' },
    model: { hidden: [128, 128], activation: 'relu', loss: 'cross_entropy' },
    optimizer: { name: 'adam', lr: 0.001 }, batch_size: 128, eval_every: 100,
  },
};

const modules = [];
for (const dir of process.argv.slice(2)) {
  for (const name of ['descent', 'descent-nosimd']) {
    const js = path.resolve(dir, `${name}.mjs`);
    if (!fs.existsSync(js)) continue;
    const factory = (await import(pathToFileURL(js).href)).default;
    const m = await factory({ wasmBinary: fs.readFileSync(js.replace(/\.mjs$/, '.wasm')) });
    modules.push({ label: path.relative(process.cwd(), js), m });
  }
}
if (modules.length === 0) {
  console.error('usage: node run-core.mjs DIR [DIR ...]  (DIR with descent.mjs / descent-nosimd.mjs)');
  process.exit(2);
}

for (const [title, partial] of Object.entries(configs)) {
  const config = JSON.stringify({ schema: 1, seed: 1, steps: 1000000, ...partial });
  console.log(title);
  for (const { label, m } of modules) {
    const run = new m.Run(config);
    if (!run.ok()) throw new Error(`${label}: ${run.error()}`);
    let chunk = 1;
    for (;;) {  // ~20 ms per call
      const t0 = performance.now();
      run.step(chunk);
      if (performance.now() - t0 > 20) break;
      chunk *= 2;
    }
    const warmEnd = performance.now() + 300;
    while (performance.now() < warmEnd) run.step(chunk);
    const rates = [];
    const end = performance.now() + seconds * 1000;
    while (performance.now() < end) {
      const t0 = performance.now();
      const done = run.step(chunk);
      rates.push(done / ((performance.now() - t0) / 1000));
      run.takeMetrics();
    }
    rates.sort((a, b) => a - b);
    console.log(`  ${label.padEnd(36)} ${rates[rates.length >> 1].toFixed(0).padStart(8)} steps/s` +
      ` (best ${rates[rates.length - 1].toFixed(0)})  status ${run.status()}`);
    run.delete();
  }
}
