import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from '../../src/share/base64url';
import { embedCode, embedUrl } from '../../src/share/embed-code';
import { parseEmbedQuery } from '../../src/share/embed-query';
import { decodeState, encodeState } from '../../src/share/link';
import { defaultState } from '../../src/state/defaults';
import { runConfig } from '../../src/state/run-config';
import { deflate } from '../../src/share/compress';

describe('state link', () => {
  it('round-trips the default state', async () => {
    const state = defaultState();
    const hash = await encodeState(state);
    expect(hash).toMatch(/^s2\.[A-Za-z0-9_-]+$/);
    expect(await decodeState(`#${hash}`)).toEqual({ kind: 'ok', state });
  });

  it('round-trips a state with every optional part, view and embed options, compactly', async () => {
    {
      const state = defaultState();
      state.problem = { kind: 'dataset', name: 'spiral', params: { n: 400 }, start: null };
      state.runs[1]!.model = { ...state.model, hidden: [64] };
      state.runs[2]!.precision = 'float64';
      state.runs[0]!.transforms = [{ name: 'clip_by_global_norm', params: { max_norm: 1 } }];
      state.demo = 'spiral_optimizers';
      state.diagnostics = { every: 10, top_k: 2 };
      state.view = { logY: false, logX: true, smoothing: 0.6, selectedRun: 'r2', targetLoss: 0.05 };
      state.embed = { enabled: true, hide: ['table', 'presets'], locked: true, live: ['seed'] };
      const hash = await encodeState(state);
      expect(hash.length).toBeLessThan(2000);
      expect(await decodeState(hash)).toEqual({ kind: 'ok', state });
    }
  });

  it('keeps odd run names intact (they are text, never markup)', async () => {
    const state = defaultState();
    state.runs[0]!.name = '<img src=x onerror=alert(1)> "ünïcödé" 🚀';
    const decoded = await decodeState(await encodeState(state));
    expect(decoded.kind === 'ok' && decoded.state.runs[0]!.name).toBe(state.runs[0]!.name);
  });

  it('keeps the old cadence for links without evalEvery; new states use the automatic one', async () => {
    const state = defaultState();
    // New links: 0, the core's automatic cadence (about 200 evaluations per run).
    expect(state.evalEvery).toBe(0);
    expect(
      runConfig({ ...state, problem: { ...state.problem, kind: 'dataset' } }, state.runs[0]!)
        .eval_every,
    ).toBe(0);
    // A link written before evalEvery was in the state computed at 50 and still does.
    const old = JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
    delete old.evalEvery;
    const bytes = new TextEncoder().encode(JSON.stringify(old));
    const decoded = await decodeState(`#s1.${toBase64Url(await deflate(bytes))}`);
    expect(decoded.kind === 'ok' && decoded.state.evalEvery).toBe(50);
    // An explicit value is kept as it is.
    const explicit = await decodeState(await encodeState({ ...state, evalEvery: 25 }));
    expect(explicit.kind === 'ok' && explicit.state.evalEvery).toBe(25);
  });

  it('treats an empty hash as no state', async () => {
    expect(await decodeState('')).toEqual({ kind: 'empty' });
    expect(await decodeState('#')).toEqual({ kind: 'empty' });
  });
});

describe('base64url', () => {
  it('round-trips all lengths and byte values', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 13) & 255);
      const text = toBase64Url(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(Array.from(fromBase64Url(text))).toEqual(Array.from(bytes));
    }
  });

  it('refuses characters outside the alphabet', () => {
    expect(() => fromBase64Url('ab+c')).toThrow(RangeError);
    expect(() => fromBase64Url('abcde')).toThrow(RangeError);
  });
});

describe('embed', () => {
  it('builds an iframe snippet with escaped attributes', () => {
    const code = embedCode({
      pageUrl: 'https://example.org/p/"x"',
      hash: 's1.abc',
      hide: ['table'],
      locked: true,
    });
    expect(code).toContain(
      'src="https://example.org/p/&quot;x&quot;?embed=1&amp;hide=table&amp;lock=1#s1.abc"',
    );
    expect(code.startsWith('<iframe ')).toBe(true);
    expect(embedUrl({ pageUrl: '/p/', hash: 's1.x', hide: [], locked: false })).toBe(
      '/p/?embed=1#s1.x',
    );
  });

  it('reads embed flags from the query, ignoring unknown panels', () => {
    expect(parseEmbedQuery('?embed=1&hide=table,bogus,charts&lock=1')).toEqual({
      enabled: true,
      locked: true,
      hide: ['table', 'charts'],
    });
    expect(parseEmbedQuery('')).toEqual({});
  });
});
