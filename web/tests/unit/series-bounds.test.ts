// The page-side store of a run stays bounded over a 10⁶-step run: the series and the trail
// thin themselves (every 2^k-th row kept, the latest row always present).
import { describe, expect, it } from 'vitest';
import { MAX_SERIES_ROWS, PointTrail, Series } from '../../src/metrics/series';
import { summarize } from '../../src/metrics/summary';

function chunk(from: number, rows: number): Record<string, Float64Array> {
  const step = Float64Array.from({ length: rows }, (_, i) => from + i);
  return {
    step,
    loss: step.map((s) => 1 / (1 + s)),
    x: step.map((s) => s),
    y: step.map((s) => -s),
  };
}

describe('bounded series', () => {
  it('keeps every row while under the limit', () => {
    const s = new Series(4, 16);
    s.append(chunk(0, 10));
    s.append(chunk(10, 6));
    expect(Array.from(s.column('step'))).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(s.stride).toBe(1);
  });

  it('thins to every 2^k-th row and keeps the latest, in any chunking', () => {
    for (const size of [1, 3, 7, 1000]) {
      const s = new Series(4, 16);
      for (let from = 0; from < 101; from += size)
        s.append(chunk(from, Math.min(size, 101 - from)));
      const steps = Array.from(s.column('step'));
      expect(s.stride).toBe(8);
      // 0, 8, ..., 96 by the stride, then the latest row (100) as the tip.
      expect(steps).toEqual([0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 100]);
      expect(s.last('loss')).toBe(1 / 101);
      expect(Array.from(s.column('x'))).toEqual(steps);
    }
  });

  it('stays within MAX_SERIES_ROWS over a 10^6-step run in chunks', { timeout: 60_000 }, () => {
    const s = new Series();
    const trail = new PointTrail();
    let maxLength = 0;
    for (let from = 0; from < 1_000_000; from += 5000) {
      const c = chunk(from, 5000);
      s.append(c);
      const xy = new Float64Array(10_000);
      for (let i = 0; i < 5000; i++) {
        xy[2 * i] = c.x![i]!;
        xy[2 * i + 1] = c.y![i]!;
      }
      trail.append(xy);
      maxLength = Math.max(maxLength, s.length);
    }
    expect(maxLength).toBeLessThanOrEqual(MAX_SERIES_ROWS + 1);
    expect(s.length).toBeGreaterThan(MAX_SERIES_ROWS / 2);
    expect(s.last('step')).toBe(999_999);
    expect(trail.points).toBeLessThanOrEqual(MAX_SERIES_ROWS + 1);
    const view = trail.view();
    expect(view[view.length - 2]).toBe(999_999);
    expect(view[view.length - 1]).toBe(-999_999);
    // Final values are exact; best loss is the smallest kept (here the latest).
    const summary = summarize(s, null);
    expect(summary.finalLoss).toBe(1 / 1_000_000);
    expect(summary.bestLoss).toBe(1 / 1_000_000);
  });
});
