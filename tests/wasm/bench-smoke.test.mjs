// The benchmark's CI smoke (seconds): runs `tests/bench/bench.mjs --smoke` (W1 and W3 on the
// WASM core with SIMD and without in Node, plus the native baseline build when built),
// prints its table, and fails if the SIMD build has silently lost its SIMD: on W3 (784-wide
// products) it must be well ahead of the no-SIMD build in the same interleaved rounds
// (measured ~3-4x; the bound is loose so that a loaded machine does not fail it). The
// instruction-level check is wasm-build/check-simd.sh (core.test.mjs); native-vs-WASM
// agreement on the benchmark's workloads is in core.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, wasmDir } from './load-module.mjs';

const SIMD_OVER_NOSIMD_MIN = 1.5;

test('benchmark smoke: the SIMD build is faster than the no-SIMD build on W3', { timeout: 120000 }, () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'descent-bench-')), 'smoke.json');
  const sse2 = fs.existsSync(path.join(repoRoot, 'build-bench/sse2/descent_bench')) ? 'build-bench/sse2' : 'build';
  const text = execFileSync('node', [
    path.join(repoRoot, 'tests/bench/bench.mjs'), '--smoke', '--out', out,
    '--wasm', wasmDir, '--sse2', path.join(repoRoot, sse2),
  ]).toString();
  console.log(text);
  const result = JSON.parse(fs.readFileSync(out, 'utf8'));
  const w3 = result.workloads.find((w) => w.id === 'W3');
  const simd = w3.samples['wasm-simd/node'];
  const nosimd = w3.samples['wasm-nosimd/node'];
  assert.ok(simd?.length >= 3 && nosimd?.length >= 3, 'both builds measured in every round');
  const ratios = simd.map((s, i) => s / nosimd[i]).sort((a, b) => a - b);
  const median = ratios[ratios.length >> 1];
  assert.ok(median >= SIMD_OVER_NOSIMD_MIN,
    `W3: SIMD / no-SIMD = ${median.toFixed(2)} (rounds: ${ratios.map((r) => r.toFixed(2))}) < ${SIMD_OVER_NOSIMD_MIN}: has the SIMD build lost its SIMD?`);
  for (const w of result.workloads) {
    for (const [engine, rate] of Object.entries(w.median)) {
      assert.ok(Number.isFinite(rate) && rate > 0, `${w.id} ${engine}: ${rate} steps/s`);
    }
  }
});
