// Links made by every state version keep decoding to the same run configs: each fixture in
// tests/fixtures/links/ (a link plus what Chromium trained from it) is decoded here and its
// configs compared with the recorded ones. The metrics themselves are replayed in Chromium
// (tests/e2e/links.test.mjs) and in Node's WASM and natively (tests/wasm/links.test.mjs).
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STATE_VERSION, decodeState } from '../../src/share/link';
import { runConfig } from '../../src/state/run-config';

const dir = fileURLToPath(new URL('../../../tests/fixtures/links/', import.meta.url));
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({
    file: f,
    ...(JSON.parse(readFileSync(`${dir}${f}`, 'utf8')) as {
      link: string;
      runs: { id: string; config: unknown }[];
    }),
  }));

describe('link fixtures of every state version', () => {
  it('exist for every state version up to the current one', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(3);
    const versions = new Set(fixtures.map((f) => Number(/^s(\d+)\./.exec(f.link)?.[1])));
    for (let v = 1; v <= STATE_VERSION; v++) expect(versions.has(v), `version ${v}`).toBe(true);
  });

  for (const fixture of fixtures) {
    it(`${fixture.file} decodes to the recorded configs`, async () => {
      const decoded = await decodeState(`#${fixture.link}`);
      expect(decoded.kind).toBe('ok');
      if (decoded.kind !== 'ok') return;
      expect(decoded.state.runs.map((r) => r.id)).toEqual(fixture.runs.map((r) => r.id));
      decoded.state.runs.forEach((run, i) => {
        expect(runConfig(decoded.state, run)).toEqual(fixture.runs[i]!.config);
      });
    });
  }
});
