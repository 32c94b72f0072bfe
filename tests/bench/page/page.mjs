// The benchmark page in headless Chromium: the same engines as in Node (descent-engine.mjs,
// tfjs-engine.mjs), driven by bench.mjs through window.bench. The Descent builds are served
// under /wasm/, TF.js and its .wasm files from tests/bench/node_modules (no downloads).
import { descentEngine } from '../engines/descent-engine.mjs';
import { tfjsEngine, descentData } from '../engines/tfjs-engine.mjs';

const tf = window.tf;
const engines = {};

async function loadDescent(name) {
  const moduleUrl = new URL(`/wasm/${name}.mjs`, location.href).href;
  const wasmBinary = await (await fetch(`/wasm/${name}.wasm`)).arrayBuffer();
  const module = await (await import(moduleUrl)).default({ wasmBinary: wasmBinary.slice(0) });
  const spawnWorker = (config) =>
    new Promise((resolve, reject) => {
      const worker = new Worker(new URL('../engines/parallel-worker.mjs', import.meta.url), { type: 'module' });
      let pending = null;
      worker.onerror = (e) => reject(new Error(e.message));
      worker.onmessage = (e) => {
        if (e.data === 'ready') {
          resolve({
            go: (ms) => new Promise((ok) => { pending = ok; worker.postMessage({ op: 'go', ms }); }),
            close: () => worker.terminate(),
          });
        } else if (pending) {
          const p = pending;
          pending = null;
          p(e.data);
        }
      };
      worker.postMessage({ op: 'init', moduleUrl, wasmBinary: wasmBinary.slice(0), config });
    });
  return { module, engine: descentEngine(module, spawnWorker) };
}

window.bench = {
  /** names: e.g. ['wasm-simd', 'wasm-nosimd', 'tfjs-wasm', 'tfjs-cpu'] */
  async init(names) {
    const simd = await loadDescent('descent');
    for (const name of names) {
      if (name === 'wasm-simd') engines[name] = simd.engine;
      else if (name === 'wasm-nosimd') engines[name] = (await loadDescent('descent-nosimd')).engine;
      else if (name.startsWith('tfjs-')) {
        if (name === 'tfjs-wasm') {
          tf.wasm.setWasmPaths(new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', location.href).href);
        }
        engines[name] = tfjsEngine(tf, name.slice(5), descentData(simd.module));
      }
    }
    return Object.keys(engines);
  },
  measure(name, workload, ms) {
    return engines[name].measure(workload, ms);
  },
};
window.benchReady = true;
