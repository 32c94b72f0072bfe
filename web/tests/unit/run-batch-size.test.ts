// A run's own batch size (sgd_stability_batch compares four batch sizes on one page): it
// trains the run, it goes into the link and comes back, a bad one in a link is refused with
// its field named, links without it train as they always did, and the core's validation
// errors of it land on the run, not on the shared setting.
import { describe, expect, it } from 'vitest';
import { scopedErrors } from '../../src/app/validation';
import { DEFAULT_SWEEP, sweepJobs } from '../../src/compare/sweep-jobs';
import type { Catalog } from '../../src/core/descent-module';
import { SHARED_SCOPE } from '../../src/forms/field-errors';
import { demoState } from '../../src/gallery/demo-state';
import type { Demo } from '../../src/gallery/gallery';
import { decodeState, encodeState } from '../../src/share/link';
import { parseState } from '../../src/share/parse-state';
import { defaultState } from '../../src/state/defaults';
import { linkValue } from '../../src/state/fields';
import { setRunBatchSize } from '../../src/state/run-actions';
import { runConfig } from '../../src/state/run-config';
import { APP_STATE } from '../../src/state/state-table';
import type { AppState } from '../../src/state/types';

function networkState(): AppState {
  const state = defaultState();
  return {
    ...state,
    problem: { kind: 'dataset', name: 'sine', params: { n: 100 }, start: null },
    batchSize: 0,
  };
}

describe("a run's own batch size", () => {
  it('trains the run with it; the other runs keep the shared one', () => {
    const base = networkState();
    const state = setRunBatchSize(base, base.runs[1]!.id, 8);
    expect(state.runs.map((r) => runConfig(state, r).batch_size)).toEqual([0, 8, 0]);
    // Cleared, the run is back on the shared one and the state is the one it was.
    const cleared = setRunBatchSize(state, state.runs[1]!.id, undefined);
    expect(cleared.runs[1]).not.toHaveProperty('batchSize');
    expect(cleared).toEqual(base);
  });

  it('is for networks only: a 2-D function has no batch', () => {
    const base = defaultState();
    const state = setRunBatchSize(base, base.runs[0]!.id, 8);
    expect(runConfig(state, state.runs[0]!)).not.toHaveProperty('batch_size');
  });

  it('goes into the link and comes back', async () => {
    const base = networkState();
    const state = setRunBatchSize(setRunBatchSize(base, 'r2', 32), 'r3', 2);
    const hash = await encodeState(state);
    const decoded = await decodeState(`#${hash}`);
    expect(decoded).toEqual({ kind: 'ok', state });
    if (decoded.kind !== 'ok') return;
    expect(decoded.state.runs.map((r) => runConfig(decoded.state, r).batch_size)).toEqual([
      0, 32, 2,
    ]);
  });

  it('leaves a state without it exactly as before (old links write and read the same)', () => {
    const state = networkState();
    const written = linkValue(APP_STATE, state) as { runs: Record<string, unknown>[] };
    for (const run of written.runs) expect(run).not.toHaveProperty('batchSize');
    const read = parseState(JSON.parse(JSON.stringify(written)));
    expect(read.ok && read.state.runs.every((r) => r.batchSize === undefined)).toBe(true);
  });

  it('refuses a bad one in a link and names the field', () => {
    const written = linkValue(APP_STATE, networkState()) as { runs: Record<string, unknown>[] };
    for (const [bad, expected] of [
      [-1, 'runs[1].batchSize: expected at least 0'],
      [2.5, 'runs[1].batchSize: expected a whole number'],
      ['8', 'runs[1].batchSize: expected a number'],
      [null, 'runs[1].batchSize: expected a number'],
      [1e9, 'runs[1].batchSize: expected at most 1000000'],
    ] as const) {
      const value = structuredClone(written);
      value.runs[1]!.batchSize = bad;
      expect(parseState(value)).toEqual({ ok: false, message: expected });
    }
  });

  it("puts the core's error of a run's own batch size on that run", () => {
    const error = { field: 'batch_size', message: 'batch_size: 9000 is above the maximum 8192' };
    const scoped = scopedErrors([
      { runId: 'r1', normalized: null, errors: [error], own: [] },
      { runId: 'r2', normalized: null, errors: [error], own: ['batch_size'] },
    ]);
    expect(scoped.map((e) => e.scope)).toEqual([SHARED_SCOPE, 'r2']);
  });

  it('is what a batch-size sweep sets, over the run’s own', () => {
    const catalog = {
      optimizers: [{ name: 'sgd', params: [], cost: { gradients: 1, hvps: 0 } }],
      schedules: [],
      run: { params: [{ name: 'batch_size', kind: 'integer', default: 32, min: 0, max: 8192 }] },
    } as unknown as Catalog;
    const own = setRunBatchSize(networkState(), 'r1', 2);
    const state = { ...own, runs: [own.runs[0]!] };
    const sweep = {
      ...DEFAULT_SWEEP,
      axes: [{ param: 'run.batch_size', lo: 4, hi: 16, count: 2, log: false }],
    };
    const jobs = sweepJobs(catalog, state, sweep);
    expect(jobs.map((j) => j.config.batch_size)).toEqual([4, 16]);
  });
});

describe('a demo whose runs differ in batch size', () => {
  const config = (batch: number) => ({
    schema: 1,
    seed: 0,
    problem: { kind: 'dataset', name: 'sine', n: 100, noise: 0 },
    model: { hidden: [32, 32], activation: 'tanh', init: 'xavier_uniform', loss: 'mse' },
    optimizer: { name: 'sgd', lr: 0.1 },
    schedule: { name: 'constant' },
    transforms: [],
    steps: 2000,
    batch_size: batch,
    eval_every: 10,
  });
  const demo: Demo = {
    name: 'sgd_stability_batch',
    title: 't',
    claim: 'c',
    paper: { title: 'p', authors: '', year: 2023 },
    runs: [0, 32, 8, 2].map((b) => ({ name: `batch ${b}`, config: config(b) })),
    plots: [],
    check: '',
    live: [],
    groups: [[0, 1, 2, 3]],
  };

  it('opens on one page: the first run’s batch size is the page’s, the others their own', () => {
    const result = demoState(demo);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.state.batchSize).toBe(0);
    expect(result.state.runs.map((r) => r.batchSize)).toEqual([undefined, 32, 8, 2]);
    result.state.runs.forEach((run, i) => {
      expect(runConfig(result.state, run)).toEqual(demo.runs[i]!.config);
    });
  });
});
