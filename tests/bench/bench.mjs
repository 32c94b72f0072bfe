// node tests/bench/bench.mjs [options]     (scripts/bench.sh builds everything, then runs this)
//
// Runs the workloads of workloads.mjs on every engine, interleaved: each round measures every
// workload on every engine once (engine order rotated per round), so slow drifts of the
// machine hit all engines alike; ratios are taken within a round, then the median over
// rounds. Prints a table per workload and the targets of issue 5, writes JSON.
//
// Engines: native (-march=native), native-sse2 (x86-64 baseline: 128-bit SSE2), the WASM core
// with SIMD and without in Node and in headless Chromium, TF.js 4.22 (wasm, cpu backends) in
// Node and Chromium.
//
// Options:
//   --rounds N        rounds (default 5; --smoke 3)
//   --ms M            milliseconds per measurement (default 400; --smoke 150)
//   --smoke           W1, W3 on wasm SIMD / no-SIMD in Node (and native-sse2 if built); fast
//   --engines a,b     only these engines      --workloads W1,W3   only these workloads
//   --out FILE        JSON output (default tests/artifacts/bench/bench.json)
//   --native DIR      descent_bench of -march=native (default build-bench/native)
//   --sse2 DIR        descent_bench of the baseline build (default build-bench/sse2)
//   --wasm DIR        descent[-nosimd].mjs/.wasm (default build-wasm, or $DESCENT_WASM_DIR)
//   --dist DIR        the built page for the fps / first-data figures (default web/dist;
//                     --no-page skips them)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import zlib from 'node:zlib';
import os from 'node:os';
import { workloads, flopsPerStep } from './workloads.mjs';
import { descentEngine } from './engines/descent-engine.mjs';
import { tfjsEngine, descentData } from './engines/tfjs-engine.mjs';
import { measurePage } from './page-metrics.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

// ---- options -----------------------------------------------------------------------------
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const smoke = args.includes('--smoke');
const rounds = Number(opt('rounds', smoke ? 3 : 5));
const sliceMs = Number(opt('ms', smoke ? 150 : 400));
const outFile = path.resolve(opt('out', path.join(root, 'tests/artifacts/bench', smoke ? 'bench-smoke.json' : 'bench.json')));
const wasmDir = path.resolve(opt('wasm', process.env.DESCENT_WASM_DIR ?? path.join(root, 'build-wasm')));
const nativeDir = path.resolve(opt('native', path.join(root, 'build-bench/native')));
// The baseline (SSE2) engine: build-bench/sse2, else the default native build in build/.
const sse2Default = fs.existsSync(path.join(root, 'build-bench/sse2/descent_bench')) ? 'build-bench/sse2' : 'build';
const sse2Dir = path.resolve(opt('sse2', path.join(root, sse2Default)));
const distDir = path.resolve(opt('dist', path.join(root, 'web/dist')));
const pageFigures = !smoke && !args.includes('--no-page');

const ENGINE_INFO = {
  native: 'native core, g++ -O3 -march=native',
  'native-sse2': 'native core, g++ -O3, x86-64 baseline (SSE2, 128-bit)',
  'wasm-simd/node': 'WASM core, SIMD128, Node',
  'wasm-nosimd/node': 'WASM core, no SIMD, Node',
  'wasm-simd/chromium': 'WASM core, SIMD128, Chromium',
  'wasm-nosimd/chromium': 'WASM core, no SIMD, Chromium',
  'tfjs-wasm/node': 'TF.js 4.22 wasm backend, Node',
  'tfjs-cpu/node': 'TF.js 4.22 cpu backend, Node',
  'tfjs-wasm/chromium': 'TF.js 4.22 wasm backend, Chromium',
  'tfjs-cpu/chromium': 'TF.js 4.22 cpu backend, Chromium',
};
let engineNames = Object.keys(ENGINE_INFO);
let workloadIds = workloads.map((w) => w.id);
if (smoke) {
  engineNames = ['native-sse2', 'wasm-simd/node', 'wasm-nosimd/node'];
  workloadIds = ['W1', 'W3'];
}
if (opt('engines')) engineNames = opt('engines').split(',');
if (opt('workloads')) workloadIds = opt('workloads').split(',');
const selected = workloads.filter((w) => workloadIds.includes(w.id));

// ---- engines -----------------------------------------------------------------------------
function nativeEngine(binary) {
  const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buffer = '';
  const waiting = [];
  child.stdout.on('data', (d) => {
    buffer += d;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      waiting.shift()(JSON.parse(line));
    }
  });
  return {
    async measure(w, ms) {
      const reply = await new Promise((ok) => {
        waiting.push(ok);
        child.stdin.write(`${JSON.stringify({ op: 'measure', workload: w, ms })}\n`);
      });
      if (reply.error) throw new Error(`${binary}: ${reply.error}`);
      return reply;
    },
    close() {
      child.stdin.end(`${JSON.stringify({ op: 'quit' })}\n`);
      return Promise.resolve();
    },
  };
}

async function loadDescentNode(name) {
  const mjs = path.join(wasmDir, `${name}.mjs`);
  const wasmBinary = fs.readFileSync(path.join(wasmDir, `${name}.wasm`));
  const module = await (await import(pathToFileURL(mjs).href)).default({ wasmBinary });
  const spawnWorker = (config) =>
    new Promise((resolve, reject) => {
      const worker = new Worker(path.join(here, 'engines/parallel-worker.mjs'));
      let pending = null;
      worker.on('error', reject);
      worker.on('message', (m) => {
        if (m === 'ready') {
          resolve({
            go: (ms) => new Promise((ok) => { pending = ok; worker.postMessage({ op: 'go', ms }); }),
            close: () => worker.terminate(),
          });
        } else if (pending) {
          const p = pending;
          pending = null;
          p(m);
        }
      });
      worker.postMessage({ op: 'init', moduleUrl: pathToFileURL(mjs).href, wasmBinary: new Uint8Array(wasmBinary), config });
    });
  return { module, engine: descentEngine(module, spawnWorker) };
}

function serve(mounts) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    for (const [prefix, dir] of mounts) {
      if (!url.pathname.startsWith(prefix)) continue;
      const file = path.normalize(path.join(dir, decodeURIComponent(url.pathname.slice(prefix.length))));
      if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) break;
      res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' });
      res.end(fs.readFileSync(file));
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

function launchBrowser() {
  const require = createRequire(path.join(root, 'web/package.json'));
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

const closers = [];
const engines = {};
const browserNames = engineNames.filter((n) => n.endsWith('/chromium'));
let browser;
let nodeSimd;

async function setUp() {
  for (const name of engineNames) {
    if (name === 'native' || name === 'native-sse2') {
      const binary = path.join(name === 'native' ? nativeDir : sse2Dir, 'descent_bench');
      if (!fs.existsSync(binary)) {
        console.warn(`skipping ${name}: ${binary} not built (scripts/bench.sh builds it)`);
        continue;
      }
      engines[name] = nativeEngine(binary);
    } else if (name === 'wasm-simd/node' || name === 'wasm-nosimd/node' || name.startsWith('tfjs-') && name.endsWith('/node')) {
      nodeSimd ??= await loadDescentNode('descent');
      if (name === 'wasm-simd/node') engines[name] = nodeSimd.engine;
      else if (name === 'wasm-nosimd/node') engines[name] = (await loadDescentNode('descent-nosimd')).engine;
      else {
        const requireHere = createRequire(path.join(here, 'package.json'));
        const tfjs = requireHere('@tensorflow/tfjs');
        const backend = name.slice(5, name.indexOf('/'));
        if (backend === 'wasm') {
          // The backend's .wasm files from node_modules: nothing is downloaded.
          requireHere('@tensorflow/tfjs-backend-wasm').setWasmPaths(path.join(here, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/'));
        }
        engines[name] = tfjsEngine(tfjs, backend, descentData(nodeSimd.module));
      }
    }
  }
  if (browserNames.length > 0) {
    const server = await serve([['/wasm/', wasmDir], ['/', here]]);
    closers.push(() => new Promise((ok) => server.close(ok)));
    browser = await launchBrowser();
    const page = await browser.newPage();
    const origin = `http://127.0.0.1:${server.address().port}`;
    page.on('console', (m) => m.type() === 'error' && console.error(`chromium: ${m.text()}`));
    page.on('pageerror', (e) => console.error(`chromium page error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) {
        throw new Error(`the benchmark page requested ${r.url()}: everything must be local`);
      }
    });
    await page.goto(`${origin}/page/index.html`);
    await page.waitForFunction(() => window.benchReady === true);
    const short = browserNames.map((n) => n.slice(0, n.indexOf('/')));
    await page.evaluate((names) => window.bench.init(names), short);
    for (const name of browserNames) {
      const inner = name.slice(0, name.indexOf('/'));
      engines[name] = { measure: (w, ms) => page.evaluate(([n, wl, m]) => window.bench.measure(n, wl, m), [inner, w, ms]) };
    }
  }
  for (const e of Object.values(engines)) if (e.close) closers.push(() => e.close());
}

// ---- measuring ---------------------------------------------------------------------------
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** samples[workload][engine] = per-round values (steps/s, or ms for grid). */
const samples = {};
async function measureAll() {
  const names = Object.keys(engines);
  for (let r = 0; r < rounds; r++) {
    for (const w of selected) {
      samples[w.id] ??= {};
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + r) % names.length];
        let result;
        try {
          result = await engines[name].measure(w, sliceMs);
        } catch (e) {
          console.warn(`${name} ${w.id}: ${e.message}`);
          continue;
        }
        if (!result) continue; // the engine does not run this workload
        const value = result.ms ?? result.steps / result.seconds;
        (samples[w.id][name] ??= []).push(value);
      }
    }
    process.stderr.write(`round ${r + 1}/${rounds} done\n`);
  }
}

/** Median over rounds of a / b, taken within each round. */
function ratio(id, a, b, invert = false) {
  const xa = samples[id]?.[a];
  const xb = samples[id]?.[b];
  if (!xa || !xb) return NaN;
  const n = Math.min(xa.length, xb.length);
  const rs = [];
  for (let i = 0; i < n; i++) rs.push(invert ? xb[i] / xa[i] : xa[i] / xb[i]);
  return median(rs);
}

// ---- reports -----------------------------------------------------------------------------
const fmt = (x, digits = 3) => {
  if (!Number.isFinite(x)) return '—';
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  return x.toPrecision(digits);
};

function wasmSizes() {
  const out = {};
  for (const name of ['descent', 'descent-nosimd']) {
    const file = path.join(wasmDir, `${name}.wasm`);
    if (!fs.existsSync(file)) continue;
    const bytes = fs.readFileSync(file);
    out[name] = { bytes: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
  }
  return out;
}

/** Heap of a fresh module instance after a W3 run's construction and 200 steps. */
async function w3Heap() {
  const { module } = await loadDescentNode('descent');
  const w3 = workloads.find((w) => w.id === 'W3');
  const before = module.HEAP8.length;
  const run = new module.Run(JSON.stringify(w3.config));
  run.step(200);
  const result = { memoryBytes: module.HEAP8.length, allocatedBytes: module.heapBytes(), memoryBeforeRun: before };
  run.delete();
  return result;
}

function buildTargets() {
  const c = (e) => `${e}/chromium`;
  const sim = 'wasm-simd';
  const targets = [];
  const add = (name, value, goal, higherIsBetter, unit, note) => {
    if (!Number.isFinite(value)) {
      targets.push({ name, value: null, goal, met: null, gap: 'not measured', note });
      return;
    }
    const met = higherIsBetter ? value >= goal : value < goal;
    const gap = met ? '' : higherIsBetter ? `${fmt(goal / value)}x short (${fmt((100 * (goal - value)) / goal, 2)}% below)` : `${fmt(value / goal)}x over`;
    targets.push({ name, value, goal, unit, met, gap, note });
  };
  const w3flops = flopsPerStep(workloads.find((w) => w.id === 'W3').layers, 64) / 1e9;
  add('W3 Chromium GFLOP/s >= 30', median(samples.W3?.[c(sim)] ?? []) * w3flops, 30, true, 'GFLOP/s');
  add('W3 Chromium SIMD / native SSE2 >= 1.0', ratio('W3', c(sim), 'native-sse2'), 1.0, true, 'x');
  for (const id of ['W1', 'W2', 'W3']) {
    add(`${id} Chromium SIMD / TF.js wasm (Chromium) >= 10`, ratio(id, c(sim), c('tfjs-wasm')), 10, true, 'x');
  }
  add('W3 Chromium SIMD / no-SIMD >= 3', ratio('W3', c(sim), c('wasm-nosimd')), 3, true, 'x');
  add('W3 Node SIMD / no-SIMD >= 3', ratio('W3', 'wasm-simd/node', 'wasm-nosimd/node'), 3, true, 'x');
  add('W4 Chromium >= 5M optimizer steps/s per worker', median(samples.W4?.[c(sim)] ?? []), 5e6, true, 'steps/s');
  add('W5 Chromium 200x200 grid < 15 ms', median(samples.W5?.[c(sim)] ?? []), 15, false, 'ms');
  add('W6 Chromium 4 workers / 1 worker >= 1.8', crossRatio('W6', 'W6-1', c(sim)), 1.8, true, 'x', `${os.cpus().length} cores`);
  add('W6 Node 4 workers / 1 worker >= 1.8', crossRatio('W6', 'W6-1', 'wasm-simd/node'), 1.8, true, 'x');
  return targets;
}

/** Median over rounds of workload a / workload b on one engine (W6 scaling). */
function crossRatio(a, b, engine) {
  const xa = samples[a]?.[engine];
  const xb = samples[b]?.[engine];
  if (!xa || !xb) return NaN;
  const rs = [];
  for (let i = 0; i < Math.min(xa.length, xb.length); i++) rs.push(xa[i] / xb[i]);
  return median(rs);
}

function printTables() {
  const lines = [];
  const refs = ['wasm-simd/chromium', 'wasm-simd/node'];
  for (const w of selected) {
    const bySample = samples[w.id] ?? {};
    const isGrid = w.kind === 'grid';
    lines.push('');
    lines.push(`${w.id}  ${w.title}${w.layers ? `  (${fmt(flopsPerStep(w.layers, w.batch) / 1e6)} MFLOP/step)` : ''}`);
    lines.push(`  ${'engine'.padEnd(22)}${(isGrid ? 'ms' : 'steps/s').padStart(12)}${(w.layers ? 'GFLOP/s' : '').padStart(10)}` +
      refs.map((r) => `${(r.replace('wasm-simd/', 'SIMD ') + ' ÷ it').padStart(21)}`).join(''));
    for (const name of Object.keys(bySample)) {
      const m = median(bySample[name]);
      const gflops = w.layers ? (m * flopsPerStep(w.layers, w.batch)) / 1e9 : NaN;
      const rs = refs.map((r) => (r === name ? '' : fmt(ratio(w.id, r, name, isGrid))));
      lines.push(`  ${name.padEnd(22)}${fmt(m).padStart(12)}${(w.layers ? fmt(gflops) : '').padStart(10)}` + rs.map((x) => x.padStart(21)).join(''));
    }
  }
  return lines.join('\n');
}

// ---- main --------------------------------------------------------------------------------
const started = new Date().toISOString();
let page = null;
let chromiumVersion;
try {
  await setUp();
  await measureAll();
  for (const close of closers.splice(0)) await close();
  if (pageFigures && fs.existsSync(path.join(distDir, 'index.html'))) {
    browser ??= await launchBrowser();
    process.stderr.write('page: four-run comparison, rAF timing\n');
    page = await measurePage(browser, distDir).catch((e) => ({ error: e.message }));
  } else if (pageFigures) {
    console.warn(`page figures skipped: ${distDir}/index.html missing (cd web && npm run build)`);
  }
} finally {
  for (const close of closers.splice(0)) await close().catch(() => {});
  chromiumVersion = browser ? browser.version() : null;
  await browser?.close();
}
const machine = {
  cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version,
  chromium: chromiumVersion, loadavg: os.loadavg(), date: started,
};
const tables = printTables();
console.log(`Descent benchmark: ${rounds} interleaved rounds of ${sliceMs} ms per engine and workload; medians.`);
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, load ${machine.loadavg.map((x) => x.toFixed(1)).join(' ')}, Node ${machine.node}${machine.chromium ? `, Chromium ${machine.chromium}` : ''}`);
console.log(tables);
const targets = smoke ? [] : buildTargets();
const extras = {};
if (!smoke) {
  extras.wasmSize = wasmSizes();
  extras.w3Heap = await w3Heap().catch((e) => ({ error: e.message.slice(0, 200) }));
  console.log('\nTargets (ratios measured within the same rounds):');
  for (const t of targets) {
    const status = t.met === null ? 'NOT MEASURED' : t.met ? 'met' : `MISSED: ${t.gap}`;
    console.log(`  ${t.name.padEnd(52)} ${fmt(t.value).padStart(10)}  ${status}${t.note ? ` (${t.note})` : ''}`);
  }
  for (const [name, s] of Object.entries(extras.wasmSize)) {
    console.log(`  ${`${name}.wasm < 600 KB`.padEnd(52)} ${fmt(s.bytes / 1024)} KB (gzip ${fmt(s.gzip / 1024)} KB)  ${s.bytes < 600 * 1024 ? 'met' : `MISSED: ${fmt(s.bytes / (600 * 1024))}x over`}`);
  }
  const heapMb = (extras.w3Heap.memoryBytes ?? NaN) / 2 ** 20;
  console.log(`  ${'W3 run: WASM memory < 32 MB'.padEnd(52)} ${fmt(heapMb)} MB (allocated ${fmt(extras.w3Heap.allocatedBytes / 2 ** 20)} MB)  ${heapMb < 32 ? 'met' : 'MISSED'}`);
  if (page && !page.error) {
    extras.page = page;
    console.log(`\nThe page (web/dist) during a ${page.runs}-run comparison (${page.preset}), ${fmt(page.measuredMs)} ms of rAF timing while it trained:`);
    console.log(`  frames/s ${fmt(page.fps)} (goal >= 55; 5th percentile ${fmt(page.fpsP5)}, longest frame ${fmt(page.longestFrameMs)} ms)`);
    console.log(`  first chart data ${fmt(page.firstDataMs)} ms after Start (goal <= 1000)`);
  } else if (page?.error) {
    extras.page = page;
    console.log(`\npage figures failed: ${page.error}`);
  }
}
const result = {
  machine, rounds, sliceMs, smoke,
  engines: Object.fromEntries(Object.keys(engines).map((n) => [n, ENGINE_INFO[n]])),
  workloads: selected.map((w) => ({
    id: w.id, title: w.title, kind: w.kind,
    mflopPerStep: w.layers ? flopsPerStep(w.layers, w.batch) / 1e6 : null,
    unit: w.kind === 'grid' ? 'ms' : 'steps/s',
    median: Object.fromEntries(Object.entries(samples[w.id] ?? {}).map(([n, xs]) => [n, median(xs)])),
    samples: samples[w.id] ?? {},
  })),
  targets, ...extras,
};
fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.writeFileSync(outFile, `${JSON.stringify(result, null, 1)}\n`);
const mdFile = outFile.replace(/\.json$/, '.md');
fs.writeFileSync(mdFile, markdown(result));
console.log(`\nJSON: ${path.relative(process.cwd(), outFile)}; Markdown (for docs/performance.md): ${path.relative(process.cwd(), mdFile)}`);

/** The table in docs/performance.md: one row per workload, one column per engine (steps/s, or ms), then
 * the targets with their measured values. */
function markdown(r) {
  const names = Object.keys(r.engines);
  const lines = [
    `Machine: ${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.machine.node}${r.machine.chromium ? `, Chromium ${r.machine.chromium}` : ''}; load average ${r.machine.loadavg.map((x) => x.toFixed(1)).join(' ')}; ${r.machine.date.slice(0, 10)}; ${r.rounds} rounds × ${r.sliceMs} ms.`,
    '',
    `| workload | ${names.join(' | ')} |`,
    `|---|${names.map(() => '---:').join('|')}|`,
  ];
  for (const w of r.workloads) {
    const cells = names.map((n) => {
      const v = w.median[n];
      if (!Number.isFinite(v)) return '—';
      return w.mflopPerStep ? `${fmt(v)} (${fmt((v * w.mflopPerStep) / 1e3)} GF)` : fmt(v);
    });
    lines.push(`| ${w.id} (${w.unit}) | ${cells.join(' | ')} |`);
  }
  lines.push('', '| target | measured | |', '|---|---:|---|');
  for (const t of r.targets) lines.push(`| ${t.name} | ${fmt(t.value)} | ${t.met === null ? 'not measured' : t.met ? 'met' : `missed: ${t.gap}`} |`);
  for (const [name, s] of Object.entries(r.wasmSize ?? {})) lines.push(`| ${name}.wasm < 600 KB | ${fmt(s.bytes / 1024)} KB (gzip ${fmt(s.gzip / 1024)} KB) | ${s.bytes < 600 * 1024 ? 'met' : 'missed'} |`);
  if (r.w3Heap?.memoryBytes) lines.push(`| W3 run: WASM memory < 32 MB | ${fmt(r.w3Heap.memoryBytes / 2 ** 20)} MB | ${r.w3Heap.memoryBytes < 32 * 2 ** 20 ? 'met' : 'missed'} |`);
  if (r.page?.fps) {
    lines.push(`| page: frames/s during a ${r.page.runs}-run comparison (≥ 55) | ${fmt(r.page.fps)} | figure |`);
    lines.push(`| page: first chart data after Start (≤ 1000 ms) | ${fmt(r.page.firstDataMs)} ms | figure |`);
  }
  return `${lines.join('\n')}\n`;
}
export { result, samples, ratio };
