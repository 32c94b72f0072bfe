import { describe, expect, it } from 'vitest';
import { decimateMinMax } from '../../src/metrics/decimate';
import { metricsJson, parseImport } from '../../src/metrics/json-export';
import { Series } from '../../src/metrics/series';
import { summarize } from '../../src/metrics/summary';
import { defaultState } from '../../src/state/defaults';

function series(loss: number[], extra: Record<string, number[]> = {}): Series {
  const s = new Series(2);
  s.append({
    step: Float64Array.from(loss, (_, i) => i),
    loss: Float64Array.from(loss),
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, Float64Array.from(v)])),
  });
  return s;
}

describe('series store', () => {
  it('appends chunks, fills absent columns with NaN', () => {
    const s = series([3, 2]);
    s.append({
      step: Float64Array.of(2),
      loss: Float64Array.of(1),
      accuracy: Float64Array.of(0.5),
    });
    expect(Array.from(s.column('loss'))).toEqual([3, 2, 1]);
    expect(Array.from(s.column('accuracy'))).toEqual([NaN, NaN, 0.5]);
    expect(s.last('step')).toBe(2);
  });
});

describe('summary', () => {
  it('reports final, best and steps to target', () => {
    const s = series([4, 1, 2, 0.5, 0.75], { test_accuracy: [NaN, 0.5, NaN, 0.9, NaN] });
    const summary = summarize(s, 1.5);
    expect(summary).toMatchObject({
      finalLoss: 0.75,
      bestLoss: 0.5,
      stepsToTarget: 1,
      finalTestAccuracy: 0.9,
    });
    expect(summarize(s, 0.1).stepsToTarget).toBeNull();
    expect(summarize(s, null).stepsToTarget).toBeNull();
    // Trapezoids over steps 0..4: (4+1)/2 + (1+2)/2 + (2+0.5)/2 + (0.5+0.75)/2.
    expect(summary.auc).toBe(2.5 + 1.5 + 1.25 + 0.625);
  });
});

describe('decimation (display only)', () => {
  it('keeps short series whole and skips NaN', () => {
    expect(decimateMinMax([0, 1, 2], [1, NaN, 3], 100)).toEqual([
      { x: 0, y: 1 },
      { x: 2, y: 3 },
    ]);
  });

  it('bounds the point count, keeps spikes and the last point', () => {
    const n = 100_000;
    const xs = Float64Array.from({ length: n }, (_, i) => i);
    const ys = Float64Array.from({ length: n }, (_, i) => (i === 51_234 ? 1000 : 1 / (i + 1)));
    const out = decimateMinMax(xs, ys, 1000);
    expect(out.length).toBeLessThanOrEqual(1002);
    expect(out.some((p) => p.y === 1000)).toBe(true);
    expect(out.at(-1)).toEqual({ x: n - 1, y: 1 / n });
    for (let i = 1; i < out.length; i++) expect(out[i]!.x).toBeGreaterThan(out[i - 1]!.x);
  });
});

describe('JSON export and import', () => {
  it('round-trips state and metric columns (NaN as null)', () => {
    const state = defaultState();
    const s = series([2, 1], { test_loss: [NaN, 0.5] });
    const text = metricsJson(
      state,
      [{ id: 'r1', name: 'SGD', config: {}, status: 'ok', message: '', series: s }],
      ['step', 'loss', 'test_loss', 'sharpness'],
    );
    const result = parseImport(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.state).toEqual(state);
    expect(Array.from(result.runs[0]!.columns.loss!)).toEqual([2, 1]);
    expect(Array.from(result.runs[0]!.columns.test_loss!)).toEqual([NaN, 0.5]);
    // A column never measured is exported (as nulls) and read back as NaN.
    expect(Array.from(result.runs[0]!.columns.sharpness!)).toEqual([NaN, NaN]);
  });

  it('a file exported by an older page goes through the link migrations', () => {
    // Version-1 files had no stateVersion; their states without evalEvery trained at 50.
    const v1State: Record<string, unknown> = { ...defaultState() };
    delete v1State.evalEvery;
    const file = JSON.parse(metricsJson(defaultState(), [], ['step', 'loss'])) as Record<
      string,
      unknown
    >;
    delete file.stateVersion;
    const old = parseImport(JSON.stringify({ ...file, state: v1State }));
    expect(old.ok && old.state.evalEvery).toBe(50);
    const current = parseImport(JSON.stringify({ ...file, stateVersion: 2, state: v1State }));
    expect(current.ok && current.state.evalEvery).toBe(0);
    const future = parseImport(JSON.stringify({ ...file, stateVersion: 99, state: v1State }));
    expect(future.ok).toBe(false);
  });

  it('refuses other files with a message', () => {
    expect(parseImport('nope')).toEqual({ ok: false, message: 'The file is not valid JSON.' });
    const wrong = parseImport('{"format":"other"}');
    expect(wrong.ok === false && wrong.message).toMatch(/format/);
    const text = metricsJson(
      defaultState(),
      [{ id: 'r1', name: 'SGD', config: {}, status: 'ok', message: '', series: series([1, 2]) }],
      ['step', 'loss'],
    ).replace('"loss":[1,2]', '"loss":[1]');
    const uneven = parseImport(text);
    expect(uneven.ok === false && uneven.message).toMatch(/runs\[0\]\.columns\.loss/);
  });
});
