// Link compatibility and determinism across engines. Each fixture in tests/fixtures/links/
// holds a share link of some state version and the metrics Chromium computed for it (the
// page's JSON export, recorded by tests/fixtures/links/record.mjs). Here, in Node:
//   - the WASM core replays every run's config and must match Chromium bit for bit;
//   - the native CLI (`descent run`) must match within the core's stated 1e-6 relative.
// The page side (the link decodes to the same configs and retrains to the same metrics) is
// checked in web/tests/unit/link-fixtures.test.ts and tests/e2e/links.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDescent, nativeCli, repoRoot, runToEnd } from './load-module.mjs';

const descent = await loadDescent();
const fixtureDir = path.join(repoRoot, 'tests/fixtures/links');
const fixtures = fs
  .readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, ...JSON.parse(fs.readFileSync(path.join(fixtureDir, f), 'utf8')) }));
const NATIVE_WASM_TOLERANCE = 1e-6;

/** JSON export columns use null for "not measured" (NaN). */
const fromExport = (values) => Float64Array.from(values, (v) => (v === null ? NaN : v));

test('there are link fixtures of every state version', () => {
  assert.ok(fixtures.length >= 3, 'fixtures present');
  const versions = new Set(fixtures.map((f) => f.link.match(/^s(\d+)\./)?.[1]));
  assert.ok(versions.has('1'), 'version 1 links');
  assert.ok(versions.has('2'), 'version 2 links (the first migration)');
});

for (const fixture of fixtures) {
  test(`${fixture.file}: WASM in Node reproduces Chromium bit for bit`, () => {
    for (const run of fixture.runs) {
      const replay = runToEnd(descent, run.config, 97);
      assert.equal(replay.status === 'ok' ? 'ok' : replay.status, run.status, `${run.id} status`);
      for (const [name, values] of Object.entries(run.columns)) {
        const expected = fromExport(values);
        const got = Float64Array.from(replay.columns[name] ?? []);
        assert.equal(got.length, expected.length, `${run.id} ${name} rows`);
        // Compare bits (NaN included): Buffer equality on the raw doubles.
        assert.ok(
          Buffer.from(got.buffer).equals(Buffer.from(expected.buffer)),
          `${run.id} ${name} differs from the recorded Chromium metrics`,
        );
      }
    }
  });

  test(`${fixture.file}: the native CLI agrees within ${NATIVE_WASM_TOLERANCE} relative`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-links-'));
    for (const run of fixture.runs) {
      const file = path.join(dir, `${run.id}.json`);
      fs.writeFileSync(file, JSON.stringify(run.config));
      const lines = execFileSync(nativeCli, ['run', file]).toString().trim().split('\n').map((l) => JSON.parse(l));
      const final = lines.pop();
      assert.equal(final.status, run.status === 'ok' ? 'ok' : run.status, `${run.id} status`);
      assert.equal(lines.length, run.columns.step.length, `${run.id} rows`);
      lines.forEach((row, i) => {
        for (const key of ['loss', 'accuracy', 'test_loss', 'test_accuracy', 'grad_norm', 'update_norm', 'param_norm']) {
          const w = run.columns[key]?.[i];
          if (row[key] === undefined || w === null || w === undefined) continue;
          const rel = Math.abs(row[key] - w) / Math.max(1, Math.abs(row[key]));
          assert.ok(rel <= NATIVE_WASM_TOLERANCE, `${fixture.file} ${run.id} step ${row.step} ${key}: native ${row[key]}, WASM ${w}`);
        }
      });
    }
    fs.rmSync(dir, { recursive: true });
  });
}
