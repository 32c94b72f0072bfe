// The link migration chain: each migration a pure function with its own test, the chain
// from every version to the current one, and untrusted versions answered with a message.
// (Every shipped link fixture going through the chain: link-fixtures.test.ts, and in
// Chromium tests/e2e/links.test.mjs.)
import { describe, expect, it } from 'vitest';
import {
  MIGRATIONS,
  STATE_VERSION,
  migrate,
  versionProblem,
} from '../../src/share/migrations/migrations';
import { RETIRED_DEMO_IDS, retiredDemoName } from '../../src/share/migrations/retired-demos';
import { v1ToV2 } from '../../src/share/migrations/v1-to-v2';
import { decodeState, encodeState } from '../../src/share/link';
import { deflate } from '../../src/share/compress';
import { toBase64Url } from '../../src/share/base64url';
import { defaultState } from '../../src/state/defaults';
import type { AppState } from '../../src/state/types';

async function link(version: number, value: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  return `#s${version}.${toBase64Url(await deflate(bytes))}`;
}

describe('v1 → v2', () => {
  it('spells out the cadence an absent evalEvery meant (50) and keeps a given one', () => {
    expect(v1ToV2({ seed: 1 })).toEqual({ seed: 1, evalEvery: 50 });
    expect(v1ToV2({ evalEvery: 0 })).toEqual({ evalEvery: 0 });
    expect(v1ToV2({ evalEvery: 25 })).toEqual({ evalEvery: 25 });
  });

  it('renames a retired preset id in demo and leaves current names alone', () => {
    expect(v1ToV2({ evalEvery: 5, demo: 'too-high-lr' })).toEqual({
      evalEvery: 5,
      demo: 'gd_stability_threshold',
    });
    expect(v1ToV2({ evalEvery: 5, demo: 'edge_of_stability' })).toEqual({
      evalEvery: 5,
      demo: 'edge_of_stability',
    });
  });

  it('is pure and passes anything but an object through for the reader to refuse', () => {
    const input = { demo: 'clipping' };
    v1ToV2(input);
    expect(input).toEqual({ demo: 'clipping' });
    for (const odd of [null, 3, 'x', [1]]) expect(v1ToV2(odd)).toEqual(odd);
  });
});

describe('retired demo ids', () => {
  it('maps every old preset id, and nothing else', () => {
    expect(Object.keys(RETIRED_DEMO_IDS).sort()).toEqual(
      [
        'clipping',
        'digits-schedules',
        'grokking',
        'momentum-valley',
        'rosenbrock-adam-sgd',
        'spiral-optimizers',
        'too-high-lr',
      ].sort(),
    );
    expect(retiredDemoName('grokking')).toBe('grokking_modular');
    expect(retiredDemoName('grokking_modular')).toBeUndefined();
    expect(retiredDemoName('toString')).toBeUndefined();
  });
});

describe('the chain', () => {
  it('has one migration per version step', () => {
    expect(STATE_VERSION).toBe(MIGRATIONS.length + 1);
    expect(STATE_VERSION).toBe(2);
  });

  it('carries a v1 state to the current version and leaves a current one as it is', () => {
    expect(migrate({ demo: 'clipping' }, 1)).toEqual({
      ok: true,
      state: { demo: 'gradient_clipping', evalEvery: 50 },
    });
    expect(migrate({ seed: 3 }, STATE_VERSION)).toEqual({ ok: true, state: { seed: 3 } });
  });

  it('answers unknown versions with a message, never a crash', () => {
    expect(versionProblem(STATE_VERSION + 1)).toMatch(/newer Descent \(state version 3\)/);
    expect(versionProblem(0)).toMatch(/never existed/);
    expect(migrate({}, 99)).toEqual({ ok: false, message: versionProblem(99) });
  });

  it('opens a v1 link without evalEvery at 50, a v2 one at the table default (0)', async () => {
    const withoutCadence: Partial<AppState> = defaultState();
    delete withoutCadence.evalEvery;
    const v1 = await decodeState(await link(1, withoutCadence));
    const v2 = await decodeState(await link(2, withoutCadence));
    expect(v1.kind === 'ok' && v1.state.evalEvery).toBe(50);
    expect(v2.kind === 'ok' && v2.state.evalEvery).toBe(0);
  });

  it('refuses a broken or future link with a message', async () => {
    for (const hash of [await link(3, defaultState()), '#s2.%%%', await link(2, { runs: 7 })]) {
      const result = await decodeState(hash);
      expect(result.kind).toBe('error');
    }
  });

  it('writes the current version', async () => {
    expect(await encodeState(defaultState())).toMatch(new RegExp(`^s${STATE_VERSION}\\.`));
  });
});
