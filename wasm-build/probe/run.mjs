// node run.mjs MODULE.mjs [MODULE.mjs ...]
// Loads each gemm_probe build (wasmBinary read with fs: Node 20 cannot fetch a .wasm by
// path), checks that C++ exceptions are caught, and prints GFLOP/s per case (Gelem/s for
// the elementwise ones). Work is driven in calls of ~20 ms so V8 can tier the code up
// between calls (it does not tier up a running call), and the modules are measured
// round-robin, so a load change on the machine hits every module alike.
// The last module is the baseline for the speed-up table (put the no-SIMD build last).
// Env: PROBE_SECONDS (measured seconds per module and case, default 1),
//      PROBE_SKIP_EXCEPTIONS=1 for builds made without exception catching.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node run.mjs MODULE.mjs [MODULE.mjs ...]');
  process.exit(2);
}
const seconds = Number(process.env.PROBE_SECONDS ?? 1.0);
const rounds = 5;

// Labels: the file name, or the relative path when file names repeat.
const bases = files.map((f) => path.basename(f, '.mjs'));
const labels = files.map((f, i) =>
  bases.indexOf(bases[i]) === bases.lastIndexOf(bases[i])
    ? bases[i]
    : path.relative(process.cwd(), f).replace(/\.mjs$/, ''));

async function load(file) {
  const abs = path.resolve(file);
  const wasmBinary = fs.readFileSync(abs.replace(/\.mjs$/, '.wasm'));
  const factory = (await import(pathToFileURL(abs).href)).default;
  return factory({ wasmBinary });
}

const mods = [];
for (const [k, file] of files.entries()) {
  const m = await load(file);
  const exc = process.env.PROBE_SKIP_EXCEPTIONS ? 'not checked' : m.exception(-3);
  if (exc !== 'caught: negative: -3' && exc !== 'not checked') {
    throw new Error(`${labels[k]}: exceptions broken: ${exc}`);
  }
  console.log(`${labels[k]}: Eigen SIMD = "${m.simd()}", exceptions: ${exc}`);
  console.log(`  ${m.accuracy()}`);
  mods.push(m);
}
const nCases = mods[0].count();
const names = Array.from({ length: nCases }, (_, i) => mods[0].name(i));

// Calibrate reps per (module, case) so one call takes ~20 ms, and warm up.
const reps = mods.map((m) =>
  names.map((_, i) => {
    let r = 1;
    for (;;) {
      const t0 = performance.now();
      m.run(i, r);
      if (performance.now() - t0 > 20 || r > 1 << 20) break;
      r *= 2;
    }
    const warmEnd = performance.now() + 200;
    while (performance.now() < warmEnd) m.run(i, r);
    return r;
  }));

const rates = mods.map(() => names.map(() => []));
const sums = mods.map(() => names.map(() => 0));
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < nCases; i++) {
    for (const [k, m] of mods.entries()) {
      const end = performance.now() + (seconds * 1000) / rounds;
      do {
        const t0 = performance.now();
        sums[k][i] = m.run(i, reps[k][i]);
        const dt = (performance.now() - t0) / 1000;
        rates[k][i].push((m.flops(i) * reps[k][i]) / dt / 1e9);
      } while (performance.now() < end);
    }
  }
}

const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const best = (a) => Math.max(...a);
const w = Math.max(...labels.map((l) => l.length));
for (let i = 0; i < nCases; i++) {
  const unit = names[i].includes('[elem]') ? 'Gelem/s' : 'GFLOP/s';
  console.log(`\n${names[i]}   (${unit}: median / best)`);
  const base = mods.length - 1;
  for (let k = 0; k < mods.length; k++) {
    const rel = Math.abs(sums[k][i] - sums[base][i]) / Math.max(1e-30, Math.abs(sums[base][i]));
    const speed = median(rates[k][i]) / median(rates[base][i]);
    console.log(`  ${labels[k].padEnd(w)} ${median(rates[k][i]).toFixed(2).padStart(7)}` +
      ` / ${best(rates[k][i]).toFixed(2).padStart(6)}   ${speed.toFixed(2)}x` +
      `   checksum ${sums[k][i].toPrecision(8)} (rel.diff ${rel.toExponential(1)})`);
  }
}
