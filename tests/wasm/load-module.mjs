// Loads the WASM core in Node. Node 20 cannot fetch the .wasm by path, so it is passed as
// wasmBinary. DESCENT_WASM_DIR selects the build (default: build-wasm/ at the repo root).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const wasmDir = process.env.DESCENT_WASM_DIR ?? path.join(repoRoot, 'build-wasm');
export const nativeCli = process.env.DESCENT_CLI ?? path.join(repoRoot, 'build', 'descent');

export async function loadDescent(name = 'descent') {
  const factory = (await import(path.join(wasmDir, `${name}.mjs`))).default;
  return factory({ wasmBinary: fs.readFileSync(path.join(wasmDir, `${name}.wasm`)) });
}

/** Runs a config to the end in chunks; returns its metric columns as plain arrays. */
export function runToEnd(module, config, chunk = 250) {
  const run = new module.Run(JSON.stringify(config));
  if (!run.ok()) {
    const error = run.error();
    run.delete();
    throw new Error(error);
  }
  const columns = {};
  const append = () => {
    const taken = run.takeMetrics();
    for (const [name, values] of Object.entries(taken)) {
      (columns[name] ??= []).push(...values);
    }
  };
  append();
  while (run.status() === 'running') {
    run.step(chunk);
    append();
  }
  const result = { columns, status: run.status(), step: run.currentStep(), message: run.message() };
  run.delete();
  return result;
}
