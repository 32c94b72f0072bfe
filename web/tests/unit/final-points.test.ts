// Sweep plots: lines per setting apart from the swept one, sorted by it; diverged runs drawn
// above every finite value instead of at their exploding last loss.
import { describe, expect, it } from 'vitest';
import {
  configValue,
  divergedLevel,
  lineLabel,
  sweepKey,
  sweepLines,
  type SweepRun,
} from '../../src/gallery/final-points';

const config = (lr: number, warmup: number) => ({
  optimizer: { name: 'sgd', lr },
  schedule: { name: 'constant', warmup_steps: warmup },
  model: { hidden: [32, 32] },
});
const run = (lr: number, warmup: number, last: number | null, divergedAt: number | null = null) =>
  ({
    runName: `lr ${lr}, warm-up ${warmup}`,
    color: `c${lr}`,
    config: config(lr, warmup),
    last,
    divergedAt,
  }) satisfies SweepRun;

describe('sweep plot points', () => {
  it('reads a numeric config path, null otherwise', () => {
    expect(configValue(config(0.1, 0), 'optimizer.lr')).toBe(0.1);
    expect(configValue(config(0.1, 0), 'model.hidden.1')).toBe(32);
    expect(configValue(config(0.1, 0), 'optimizer.name')).toBeNull();
    expect(configValue(config(0.1, 0), 'optimizer.missing.deeper')).toBeNull();
  });

  it('keys runs by everything but the swept setting', () => {
    expect(sweepKey(config(0.1, 0), 'optimizer.lr')).toBe(sweepKey(config(0.4, 0), 'optimizer.lr'));
    expect(sweepKey(config(0.1, 0), 'optimizer.lr')).not.toBe(
      sweepKey(config(0.1, 500), 'optimizer.lr'),
    );
    // The key does not change the config it was given.
    const c = config(0.1, 0);
    sweepKey(c, 'optimizer.lr');
    expect(c.optimizer.lr).toBe(0.1);
  });

  it('puts diverged runs a decade above the largest finite value on a log axis', () => {
    expect(divergedLevel([1e-3, 0.5, 0.02], true)).toBeCloseTo(5, 12);
    expect(divergedLevel([-1, 2], false)).toBeCloseTo(2.3, 12);
    expect(divergedLevel([], true)).toBe(1);
  });

  it('groups a sweep with and without warm-up into two sorted lines', () => {
    const lines = sweepLines(
      [
        run(0.48, 0, 1e30, 10), // exploded before diverging: its last value is not drawn
        run(0.12, 0, 0.001),
        run(0.03, 0, 0.002),
        run(0.12, 500, 0.004),
        run(0.48, 500, 0.03),
        run(0.96, 500, 50, 220),
      ],
      'optimizer.lr',
      true,
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]!.points.map((p) => p.x)).toEqual([0.03, 0.12, 0.48]);
    expect(lines[1]!.points.map((p) => p.x)).toEqual([0.12, 0.48, 0.96]);
    // Diverged: at 10 x the largest finite final value (0.03), never at 1e30.
    expect(lines[0]!.points[2]!.y).toBeCloseTo(0.3, 12);
    expect(lines[0]!.points[2]!.divergedAt).toBe(10);
    expect(lines[1]!.points[2]!.y).toBeCloseTo(0.3, 12);
    expect(lines[1]!.points[0]!.y).toBe(0.004);
  });

  it('labels a line by what its run names share', () => {
    expect(lineLabel(['lr 0.03, no warm-up', 'lr 0.06, no warm-up'])).toBe('no warm-up');
    expect(lineLabel(['width 8 (tanh)', 'width 16 (tanh)'])).toBe('tanh');
    expect(lineLabel(['Adam lr 0.1', 'Adam lr 1'])).toBe('Adam lr');
    expect(lineLabel(['a', 'b'])).toBe('');
    expect(lineLabel(['only run'])).toBe('only run');
    const lines = sweepLines([run(0.1, 0, 1), run(0.2, 0, 2)], 'optimizer.lr', false);
    expect(lines[0]!.label).toBe('warm-up 0');
  });

  it('skips runs without the setting or a value, and non-positive values on a log axis', () => {
    const lines = sweepLines(
      [run(0.1, 0, null), run(0.2, 0, 0), run(0.4, 0, 0.5), { ...run(1, 0, 1), config: {} }],
      'optimizer.lr',
      true,
    );
    expect(lines.flatMap((l) => l.points.map((p) => p.x))).toEqual([0.4]);
  });
});
