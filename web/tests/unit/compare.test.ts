import { describe, expect, it } from 'vitest';
import { bandEdges, bandOf, summarizeValues } from '../../src/compare/stats';
import { axisValues, mulberry32, sweepPoints } from '../../src/compare/sweep-points';
import {
  DEFAULT_SWEEP,
  evalsPerStep,
  seedFields,
  stepsUnderBudget,
  sweepJobs,
} from '../../src/compare/sweep-jobs';
import {
  cellBand,
  cellStats,
  cellsOf,
  winners,
  type JobResult,
} from '../../src/compare/sweep-results';
import { tarArchive } from '../../src/compare/tar';
import { cliExportFiles, parseCliResults } from '../../src/compare/cli-export';
import { areaUnderCurve, firstReaching } from '../../src/metrics/area';
import { parseState } from '../../src/share/parse-state';
import { defaultState } from '../../src/state/defaults';
import type { Catalog } from '../../src/core/descent-module';
import type { AppState, SweepState } from '../../src/state/types';

const lrParam = {
  name: 'lr',
  kind: 'real',
  default: 0.01,
  min: 0,
  max: 10,
  log: true,
  description: '',
};
const catalog = {
  optimizers: [
    {
      name: 'sgd',
      cost: { gradients: 1, hvps: 0 },
      params: [
        lrParam,
        { name: 'momentum', kind: 'real', default: 0, min: 0, max: 1, description: '' },
      ],
    },
    { name: 'adam', cost: { gradients: 1, hvps: 0 }, params: [lrParam] },
    { name: 'sam', cost: { gradients: 2, hvps: 0 }, params: [lrParam] },
  ],
  schedules: [{ name: 'constant', params: [] }],
  functions: [{ name: 'rosenbrock', params: [] }],
  datasets: [],
  model: { params: [] },
  run: { params: [] },
} as unknown as Catalog;

const sweep = (over: Partial<SweepState>): SweepState => ({ ...DEFAULT_SWEEP, ...over });

describe('statistics over seeds', () => {
  it('mean, sample std, min and max of the finite values', () => {
    const s = summarizeValues([1, 2, 3, 4, Number.NaN, Number.POSITIVE_INFINITY]);
    expect(s.n).toBe(4);
    expect(s.mean).toBe(2.5);
    expect(s.std).toBeCloseTo(Math.sqrt(5 / 3), 15);
    expect([s.min, s.max]).toEqual([1, 4]);
    expect(summarizeValues([7]).std).toBe(0);
    expect(summarizeValues([]).n).toBe(0);
  });

  it('bands align curves on x and keep the longer tail of a diverged seed out of the mean', () => {
    const band = bandOf([
      { x: [0, 10, 20], y: [4, 2, 1] },
      { x: [0, 10, 20], y: [6, 4, 3] },
      { x: [0, 10], y: [5, Number.NaN] },
    ]);
    expect(band.x).toEqual([0, 10, 20]);
    expect(band.mean).toEqual([5, 3, 2]);
    expect(band.n).toEqual([3, 2, 2]);
    expect(band.min).toEqual([4, 2, 1]);
    expect(band.max).toEqual([6, 4, 3]);
    const std = bandEdges(band, 'std');
    expect(std.lower[0]).toBeCloseTo(4, 12);
    expect(std.upper[0]).toBeCloseTo(6, 12);
    expect(bandEdges(band, 'minmax').upper).toEqual([6, 4, 3]);
  });

  it('area under the curve by trapezoids, skipping unmeasured rows', () => {
    expect(areaUnderCurve([0, 1, 2], [2, 2, 0])).toBe(3);
    expect(areaUnderCurve([0, 1, 2, 3], [1, Number.NaN, 1, 1])).toBe(3);
    expect(Number.isNaN(areaUnderCurve([0], [Number.NaN]))).toBe(true);
    expect(firstReaching([0, 5, 10], [3, 1, 0.5], 1)).toBe(5);
    expect(firstReaching([0, 5], [3, 2], 1)).toBeNull();
  });
});

describe('sweep points', () => {
  it('log grids are geometric with exact ends; linear grids are arithmetic', () => {
    const log = axisValues({ param: 'optimizer.lr', lo: 1e-4, hi: 1, count: 5, log: true });
    expect(log[0]).toBe(1e-4);
    expect(log[4]).toBe(1);
    for (let i = 1; i < 5; i++) expect(log[i]! / log[i - 1]!).toBeCloseTo(10, 10);
    expect(axisValues({ param: 'x.y', lo: 0, hi: 1, count: 3, log: false })).toEqual([0, 0.5, 1]);
  });

  it('a grid is the product of its axes, in order', () => {
    const points = sweepPoints(
      sweep({
        axes: [
          { param: 'optimizer.lr', lo: 0.1, hi: 0.2, count: 2, log: false },
          { param: 'optimizer.momentum', lo: 0, hi: 0.9, count: 3, log: false },
        ],
      }),
    );
    expect(points).toHaveLength(6);
    expect(points[0]).toEqual({ 'optimizer.lr': 0.1, 'optimizer.momentum': 0 });
    expect(points[5]).toEqual({ 'optimizer.lr': 0.2, 'optimizer.momentum': 0.9 });
  });

  it('random points are log-uniform on log axes, in range, and the same for the same seed', () => {
    const spec = sweep({
      mode: 'random',
      samples: 2000,
      sampleSeed: 42,
      axes: [{ param: 'optimizer.lr', lo: 1e-4, hi: 1, count: 1, log: true }],
    });
    const a = sweepPoints(spec).map((p) => p['optimizer.lr']!);
    expect(sweepPoints(spec).map((p) => p['optimizer.lr'])).toEqual(a);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(1e-4);
    expect(Math.max(...a)).toBeLessThanOrEqual(1);
    // Log-uniform: each decade gets about a quarter of the draws (uniform would put 90% in the last).
    const decade = (lo: number) => a.filter((v) => v >= lo && v < lo * 10).length / a.length;
    for (const lo of [1e-4, 1e-3, 1e-2, 1e-1]) expect(decade(lo)).toBeGreaterThan(0.2);
    expect(sweepPoints({ ...spec, sampleSeed: 43 })[0]).not.toEqual(sweepPoints(spec)[0]);
  });

  it('mulberry32 is uniform in [0, 1)', () => {
    const next = mulberry32(1);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 10000; i++) {
      const v = next();
      if (!(v >= 0 && v < 1)) outside++;
      sum += v;
    }
    expect(outside).toBe(0);
    expect(sum / 10000).toBeCloseTo(0.5, 1);
  });
});

function stateWith(runs: [string, string, Record<string, number>][]): AppState {
  const s = defaultState();
  return {
    ...s,
    runs: runs.map(([id, name, params]) => ({
      ...s.runs[0]!,
      id,
      name: id,
      optimizer: { name, params },
    })),
  };
}

describe('sweep jobs', () => {
  it('seeds move the run seed, or one stream seed alone', () => {
    expect(seedFields(7, 2, 'all')).toEqual({ seed: 9 });
    expect(seedFields(7, 2, 'init')).toEqual({ seed: 7, init_seed: 9 });
    expect(seedFields(7, 0, 'data')).toEqual({ seed: 7, data_seed: 7 });
    expect(seedFields(4294967295, 1, 'batch')).toEqual({ seed: 4294967295, batch_seed: 0 });
  });

  it('equal gradient budgets give costlier optimizers fewer steps', () => {
    expect(evalsPerStep(catalog.optimizers[2])).toBe(2);
    const s = sweep({ budget: 'gradients', budgetAmount: 301 });
    expect(stepsUnderBudget(s, 500, 1)).toBe(301);
    expect(stepsUnderBudget(s, 500, 2)).toBe(150);
    expect(stepsUnderBudget(sweep({ budget: 'steps' }), 500, 2)).toBe(500);
  });

  it('runs × points × seeds, axes a run lacks are not duplicated, configs carry the point', () => {
    const state = stateWith([
      ['r1', 'sgd', { lr: 0.1 }],
      ['r2', 'sam', { lr: 0.1 }],
    ]);
    const jobs = sweepJobs(
      catalog,
      state,
      sweep({
        seeds: 3,
        budget: 'gradients',
        budgetAmount: 100,
        axes: [
          { param: 'optimizer.lr', lo: 0.01, hi: 0.1, count: 2, log: true },
          { param: 'optimizer.momentum', lo: 0, hi: 0.9, count: 2, log: false },
        ],
      }),
    );
    // sgd: 2 lr × 2 momentum × 3 seeds; sam has no momentum: 2 lr × 3 seeds.
    expect(jobs.filter((j) => j.runId === 'r1')).toHaveLength(12);
    const sam = jobs.filter((j) => j.runId === 'r2');
    expect(sam).toHaveLength(6);
    expect(sam[0]!.point).toEqual({ 'optimizer.lr': 0.01 });
    expect(sam[0]!.config.steps).toBe(50);
    expect(jobs[0]!.config.steps).toBe(100);
    expect((jobs[1]!.config.optimizer as Record<string, number>).lr).toBe(0.01);
    expect(jobs[1]!.config.seed).toBe(state.seed + 1);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(jobs.length);
    // The same sweep always expands to the same configs (what makes a link reproducible).
    expect(JSON.stringify(sweepJobs(catalog, state, sweep({ seeds: 3 })))).toBe(
      JSON.stringify(sweepJobs(catalog, state, sweep({ seeds: 3 }))),
    );
  });
});

function result(loss: number[], status: JobResult['status'] = 'ok', computeMs = 0): JobResult {
  const nan = loss.map(() => Number.NaN);
  return {
    status,
    message: '',
    computeMs,
    columns: {
      step: Float64Array.from(loss, (_, i) => i * 10),
      loss: Float64Array.from(loss),
      accuracy: Float64Array.from(nan),
      test_loss: Float64Array.from(nan),
      test_accuracy: Float64Array.from(nan),
    },
  };
}

describe('sweep results', () => {
  const state = stateWith([
    ['r1', 'sgd', { lr: 0.1 }],
    ['r2', 'sam', { lr: 0.1 }],
  ]);
  const spec = sweep({
    seeds: 2,
    budget: 'gradients',
    budgetAmount: 40,
    axes: [{ param: 'optimizer.lr', lo: 0.01, hi: 0.1, count: 2, log: true }],
  });
  const jobs = sweepJobs(catalog, state, spec);
  const losses: Record<string, JobResult> = {
    'r1.p0.s0': result([4, 3, 2]),
    'r1.p0.s1': result([4, 3, 3]),
    'r1.p1.s0': result([4, 1, 0.5]),
    'r1.p1.s1': result([4, 9], 'diverged'),
    'r2.p0.s0': result([4, 2, 1]),
    'r2.p0.s1': result([4, 2, 2]),
    'r2.p1.s0': result([4, 3, 2.5]),
    'r2.p1.s1': result([4, 3, 2.5]),
  };
  const lookup = (id: string) => losses[id];

  it('a point with a diverged seed never wins; the winner has the lowest mean final loss', () => {
    const stats = cellsOf(jobs).map((c) => cellStats(c, lookup, spec, 2));
    const win = winners(stats);
    expect(win.get('r1')!.cell.point).toEqual({ 'optimizer.lr': 0.01 });
    expect(win.get('r1')!.score).toBe(2.5);
    expect(win.get('r2')!.cell.point).toEqual({ 'optimizer.lr': 0.01 });
    expect(win.get('r2')!.metrics.finalLoss.mean).toBe(1.5);
    expect(win.get('r2')!.metrics.finalLoss.std).toBeCloseTo(Math.SQRT1_2, 15);
    // Steps to target in gradient evaluations: SAM reaches 2 at step 10 = 20 evaluations.
    expect(win.get('r2')!.metrics.toTarget.mean).toBe(20);
    expect(win.get('r1')!.metrics.toTarget.n).toBe(1);
    const diverged = stats.find((s) => s.cell.runId === 'r1' && s.cell.pointIndex === 1)!;
    expect(diverged.score).toBe(Number.POSITIVE_INFINITY);
    expect(diverged.metrics.diverged.mean).toBe(0.5);
  });

  it('bands are in the budget unit (gradient evaluations)', () => {
    const cell = cellsOf(jobs).find((c) => c.runId === 'r2' && c.pointIndex === 0)!;
    const band = cellBand(cell, lookup, spec);
    expect(band.x).toEqual([0, 20, 40]);
    expect(band.mean).toEqual([4, 2, 1.5]);
  });

  it('equal wall time cuts each curve at the budget in milliseconds', () => {
    const timed = sweep({ ...spec, budget: 'time', budgetAmount: 10 });
    // 20 steps in 20 ms: 1 ms per step, so rows at steps 0 and 10 count, 20 does not.
    const only = {
      'r1.p0.s0': result([4, 3, 2], 'ok', 20),
      'r1.p0.s1': result([4, 3, 3], 'ok', 20),
    };
    const cell = cellsOf(jobs)[0]!;
    const s = cellStats(cell, (id) => only[id as keyof typeof only], timed, null);
    expect(s.metrics.finalLoss.mean).toBe(3);
  });
});

describe('command-line export', () => {
  it('tar headers have valid checksums and the payload follows', () => {
    const tar = tarArchive([{ path: 'a/b.txt', text: 'hello' }]);
    expect(tar.length).toBe(512 * 4);
    const header = tar.subarray(0, 512);
    const stored = parseInt(new TextDecoder().decode(header.subarray(148, 154)), 8);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
    expect(stored).toBe(sum);
    expect(new TextDecoder().decode(tar.subarray(512, 517))).toBe('hello');
    expect(new TextDecoder().decode(header.subarray(0, 7))).toBe('a/b.txt');
  });

  it('writes one config per job and reads gathered results back', () => {
    const state = stateWith([['r1', 'sgd', { lr: 0.1 }]]);
    const jobs = sweepJobs(catalog, state, sweep({ seeds: 2 }));
    const files = cliExportFiles(state, jobs);
    expect(files.filter((f) => f.path.includes('/configs/'))).toHaveLength(2);
    expect(files.find((f) => f.path.endsWith('jobs.txt'))!.text).toBe('r1.p0.s0\nr1.p0.s1\n');
    const text = [
      '{"job": "r1.p0.s1"}',
      '{"step": 0, "loss": 3.5, "lr": 0.1}',
      '{"step": 1, "loss": 2.25, "test_loss": 1}',
      '{"status": "diverged", "step": 1, "message": "diverged at step 1"}',
      '{"job": "r1.p0.s0"}',
      '{"step": 0, "loss": 1}',
    ].join('\n');
    const parsed = parseCliResults(text, new Set(jobs.map((j) => j.id)));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const r = parsed.results.get('r1.p0.s1')!;
    expect(r.status).toBe('diverged');
    expect(Array.from(r.columns.loss)).toEqual([3.5, 2.25]);
    expect(Number.isNaN(r.columns.test_loss[0]!)).toBe(true);
    expect(parsed.results.get('r1.p0.s0')!.status).toBe('failed');
    const bad = parseCliResults('{"job": "r9.p0.s0"}\n', new Set(jobs.map((j) => j.id)));
    expect(bad.ok).toBe(false);
    expect(parseCliResults('{"step": 0}', new Set()).ok).toBe(false);
    expect(parseCliResults('{"job": "r1.p0.s0"}\n<script>', new Set(['r1.p0.s0'])).ok).toBe(false);
  });
});

describe('sweep in the link', () => {
  it('old links without a sweep still parse; a sweep round-trips; bad sweeps are refused', () => {
    const base = JSON.parse(JSON.stringify(defaultState())) as ReturnType<typeof defaultState>;
    const old = parseState(base);
    expect(old.ok && old.state.sweep).toBe(undefined);
    const withSweep = {
      ...base,
      sweep: sweep({
        seeds: 5,
        axes: [{ param: 'optimizer.lr', lo: 1e-4, hi: 1, count: 5, log: true }],
      }),
    };
    const parsed = parseState(JSON.parse(JSON.stringify(withSweep)));
    expect(parsed.ok && parsed.state.sweep).toEqual(withSweep.sweep);
    const bad = parseState({ ...withSweep, sweep: { ...withSweep.sweep, seeds: 500 } });
    expect(bad.ok).toBe(false);
    const badParam = parseState({
      ...withSweep,
      sweep: { axes: [{ param: '<img>', lo: 1, hi: 2, count: 2 }] },
    });
    expect(badParam.ok).toBe(false);
    const logZero = parseState({
      ...withSweep,
      sweep: { axes: [{ param: 'optimizer.lr', lo: 0, hi: 2, count: 2, log: true }] },
    });
    expect(logZero.ok).toBe(false);
  });
});
