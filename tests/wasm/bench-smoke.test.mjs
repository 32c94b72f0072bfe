// The benchmark harness against the current core (seconds): runs `tests/bench/bench.mjs --smoke`
// on W1 and W3 with the SIMD WASM core in Node and the native baseline build, prints its
// table, and fails if the harness no longer drives the core (a workload or engine missing, a
// rate that is not a positive number). It times nothing against a bound: speed is the
// benchmark's business (scripts/bench.sh, which also builds the no-SIMD core and reports the
// SIMD / no-SIMD target). That the SIMD build keeps its SIMD is checked at the instruction
// level by wasm-build/check-simd.sh (core.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, wasmDir } from './load-module.mjs';

const ENGINES = ['native-sse2', 'wasm-simd/node'];
const WORKLOADS = ['W1', 'W3'];

test('benchmark harness: the smoke workloads run on the WASM core and the native build', { timeout: 120000 }, () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'descent-bench-')), 'smoke.json');
  const sse2 = fs.existsSync(path.join(repoRoot, 'build-bench/sse2/descent_bench')) ? 'build-bench/sse2' : 'build';
  const text = execFileSync('node', [
    path.join(repoRoot, 'tests/bench/bench.mjs'), '--smoke', '--out', out, '--engines', ENGINES.join(','),
    '--wasm', wasmDir, '--sse2', path.join(repoRoot, sse2),
  ]).toString();
  console.log(text);
  const result = JSON.parse(fs.readFileSync(out, 'utf8'));
  assert.deepEqual(result.workloads.map((w) => w.id), WORKLOADS);
  for (const w of result.workloads) {
    assert.deepEqual(Object.keys(w.median).sort(), [...ENGINES].sort(), `${w.id}: engines`);
    for (const engine of ENGINES) {
      assert.ok(w.samples[engine]?.length >= 3, `${w.id} ${engine}: a sample in every round`);
      const rate = w.median[engine];
      assert.ok(Number.isFinite(rate) && rate > 0, `${w.id} ${engine}: ${rate} steps/s`);
    }
  }
});
