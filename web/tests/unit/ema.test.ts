import { describe, expect, it } from 'vitest';
import { ema } from '../../src/metrics/ema';

describe('ema (debiased exponential moving average)', () => {
  it('matches hand-computed values on a known series', () => {
    // w = 0.5: raw accumulators 0.5, 1.25, 2.125; debias by 1 - 0.5^t = 0.5, 0.75, 0.875.
    const out = ema([1, 2, 3], 0.5);
    expect(out[0]).toBeCloseTo(1, 12);
    expect(out[1]).toBeCloseTo(1.25 / 0.75, 12);
    expect(out[2]).toBeCloseTo(2.125 / 0.875, 12);
  });

  it('is the identity at weight 0 and keeps a constant series constant', () => {
    expect(Array.from(ema([3, 1, 4], 0))).toEqual([3, 1, 4]);
    for (const v of ema(new Array(50).fill(2), 0.9)) expect(v).toBeCloseTo(2, 12);
  });

  it('skips NaN rows (not measured) without resetting or poisoning the average', () => {
    const out = ema([1, NaN, 3], 0.5);
    expect(out[0]).toBeCloseTo(1, 12);
    expect(Number.isNaN(out[1])).toBe(true);
    // The second measured value (3) is the second term of the average: (0.25 + 1.5) / 0.75.
    expect(out[2]).toBeCloseTo(1.75 / 0.75, 12);
  });

  it('converges towards a step change', () => {
    const series = [...new Array<number>(10).fill(0), ...new Array<number>(200).fill(1)];
    const out = ema(series, 0.9);
    expect(out[10]).toBeCloseTo(0.1 / (1 - 0.9 ** 11), 10);
    expect(out[209]).toBeGreaterThan(0.999);
  });
});
