// The worker protocol, driven through the engine with the test-only fake core and a manual
// event loop (deferred tasks run when the test says so) and a fake clock.
import { beforeEach, describe, expect, it } from 'vitest';
import { TrainingEngine } from '../../src/worker/engine';
import {
  PROGRESS_INTERVAL_MS,
  nextChunkSize,
  TARGET_CHUNK_MS,
  MAX_CHUNK,
} from '../../src/worker/chunking';
import { transferables, type FromWorker, type ProgressMessage } from '../../src/worker/protocol';
import { FakeRun, fakeModule } from '../fakes/fake-module';

function harness() {
  const posted: FromWorker[] = [];
  const tasks: (() => void)[] = [];
  const engine = new TrainingEngine({
    post: (m) => {
      // Every buffer a message transfers must be its own (not a view on shared memory).
      for (const buffer of transferables(m)) expect(buffer).toBeInstanceOf(ArrayBuffer);
      posted.push(m);
    },
    now: () => FakeRun.clock.now,
    defer: (task) => tasks.push(task),
    loadModule: () => Promise.resolve(fakeModule()),
  });
  /** Runs deferred slices until none is left (or a cap, against infinite loops). */
  const drain = (cap = 10_000) => {
    let n = 0;
    while (tasks.length > 0 && n++ < cap) tasks.shift()!();
    return n;
  };
  const progress = (runId: string) =>
    posted.filter((m): m is ProgressMessage => m.type === 'progress' && m.runId === runId);
  const rows = (runId: string) =>
    progress(runId).reduce((sum, m) => sum + (m.columns.step?.length ?? 0), 0);
  return { engine, posted, tasks, drain, progress, rows };
}

const config = (
  steps: number,
  optimizer: Record<string, unknown> = { name: 'sgd', lr: 0.1 },
  kind = 'function',
) => JSON.stringify({ schema: 1, steps, optimizer, problem: { kind, name: 'x' } });

beforeEach(() => {
  FakeRun.clock.now = 0;
  FakeRun.msPerStep = 0.01;
  FakeRun.live = 0;
});

describe('training engine', () => {
  it('loads, creates a run and answers in message order', async () => {
    const h = harness();
    void h.engine.handle({ type: 'load', moduleUrl: 'x' });
    await h.engine.handle({ type: 'create', runId: 'a', config: config(10) });
    expect(h.posted.map((m) => m.type)).toEqual(['loaded', 'created', 'progress']);
    expect(h.posted[1]).toMatchObject({ type: 'created', runId: 'a', ok: true, totalSteps: 10 });
  });

  it('a checkpoint the core refuses gives a fresh run from step 0 and says why', async () => {
    const h = harness();
    await h.engine.handle({ type: 'load', moduleUrl: 'x' });
    await h.engine.handle({ type: 'create', runId: 'a', config: config(10), checkpoint: 'QUJD' });
    expect(h.posted[1]).toMatchObject({
      type: 'created',
      ok: true,
      restoreError: 'checkpoint: not in the fake',
    });
    await h.engine.handle({ type: 'create', runId: 'b', config: config(10) });
    await h.engine.handle({ type: 'step', runIds: ['a', 'b'], n: 3 });
    h.drain();
    expect(h.rows('a')).toBe(h.rows('b'));
    expect(h.progress('a').at(-1)!.currentStep).toBe(3);
    await h.engine.handle({ type: 'checkpoint', runId: 'a', requestId: 4 });
    expect(h.posted.at(-1)).toMatchObject({ type: 'checkpoint', requestId: 4, step: 3 });
  });

  it('reports an invalid config on creation with the core’s error', async () => {
    const h = harness();
    await h.engine.handle({ type: 'load', moduleUrl: 'x' });
    await h.engine.handle({ type: 'create', runId: 'bad', config: '{"steps":0}' });
    expect(h.posted.at(-1)).toMatchObject({ type: 'created', runId: 'bad', ok: false });
    expect((h.posted.at(-1) as { error: string }).error).toBe('steps: must be at least 1');
  });

  it('plays a run to the end, delivering every row exactly once, and stops itself', async () => {
    const h = harness();
    await h.engine.handle({ type: 'load', moduleUrl: 'x' });
    await h.engine.handle({ type: 'create', runId: 'a', config: config(5000) });
    await h.engine.handle({ type: 'play', runIds: ['a'] });
    h.drain();
    expect(h.rows('a')).toBe(5000);
    const steps = h.progress('a').flatMap((m) => Array.from(m.columns.step ?? []));
    expect(steps).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    const last = h.progress('a').at(-1)!;
    expect(last).toMatchObject({ status: 'ok', currentStep: 5000, active: false });
    // Positions travel in the x/y columns, one per row.
    const xs = h.progress('a').flatMap((m) => Array.from(m.columns.x ?? []));
    expect(xs).toHaveLength(5000);
    expect(h.tasks).toHaveLength(0);
  });

  it('grows the chunk towards the time target and throttles progress messages', async () => {
    const h = harness();
    FakeRun.msPerStep = 0.01; // 15 ms = 1500 steps per chunk at the target
    await h.engine.handle({ type: 'load', moduleUrl: 'x' });
    await h.engine.handle({ type: 'create', runId: 'a', config: config(100_000) });
    await h.engine.handle({ type: 'play', runIds: ['a'] });
    const slices = h.drain();
    // Doubling from 1 to ~1500 takes ~11 slices, then ~65 slices at the target.
    expect(slices).toBeLessThan(120);
    const messages = h.progress('a').length;
    const simulatedMs = FakeRun.clock.now;
    expect(messages).toBeLessThanOrEqual(simulatedMs / PROGRESS_INTERVAL_MS + 3);
    expect(h.rows('a')).toBe(100_000);
  });

  it('pauses (and flushes) on request and resumes on play', async () => {
    const h = harness();
    await h.engine.handle({ type: 'load', moduleUrl: 'x' });
    await h.engine.handle({ type: 'create', runId: 'a', config: config(100_000) });
    await h.engine.handle({ type: 'play', runIds: ['a'] });
    for (let i = 0; i < 5; i++) h.tasks.shift()!();
    await h.engine.handle({ type: 'pause', runIds: ['a'] });
    h.drain();
    const paused = h.progress('a').at(-1)!;
    expect(paused.active).toBe(false);
    expect(paused.currentStep).toBeGreaterThan(0);
    expect(paused.currentStep).toBeLessThan(100_000);
    expect(h.rows('a')).toBe(paused.currentStep);
    await h.engine.handle({ type: 'play', runIds: ['a'] });
    h.drain();
    expect(h.progress('a').at(-1)).toMatchObject({ status: 'ok', currentStep: 100_000 });
  });

  it('sends the latest particle cloud with each progress message, transferred', async () => {
    const h = harness();
    await h.engine.handle({ type: 'load', moduleUrl: 'x' });
    await h.engine.handle({ type: 'create', runId: 'c', config: config(10, { name: 'cloud' }) });
    await h.engine.handle({ type: 'create', runId: 's', config: config(10) });
    // Before the first step there is no cloud.
    expect(h.progress('c').at(-1)!.particles).toBeUndefined();
    await h.engine.handle({ type: 'step', runIds: ['c', 's'], n: 4 });
    h.drain();
    const last = h.progress('c').at(-1)!;
    expect(last.currentStep).toBe(4);
    // The fake cloud sits around the point of the latest step (3, -3).
    expect(Array.from(last.particles!)).toEqual([2, -3, 4, -3, 3, -2]);
    expect(transferables(last)).toContain(last.particles!.buffer);
    expect(h.progress('s').every((m) => m.particles === undefined)).toBe(true);
  });

  it('single-steps exactly n steps', async () => {
    const h = harness();
    await h.engine.handle({ type: 'load', moduleUrl: 'x' });
    await h.engine.handle({ type: 'create', runId: 'a', config: config(100) });
    await h.engine.handle({ type: 'step', runIds: ['a'], n: 1 });
    h.drain();
    expect(h.progress('a').at(-1)).toMatchObject({
      currentStep: 1,
      active: false,
      status: 'running',
    });
    await h.engine.handle({ type: 'step', runIds: ['a'], n: 3 });
    h.drain();
    expect(h.progress('a').at(-1)).toMatchObject({ currentStep: 4 });
    expect(h.rows('a')).toBe(4);
  });

  it('shares the worker between runs round-robin; divergence and a throwing core stay local', async () => {
    const h = harness();
    await h.engine.handle({ type: 'load', moduleUrl: 'x' });
    await h.engine.handle({ type: 'create', runId: 'ok', config: config(3000) });
    await h.engine.handle({
      type: 'create',
      runId: 'div',
      config: config(3000, { name: 'sgd', lr: 5 }),
    });
    await h.engine.handle({
      type: 'create',
      runId: 'boom',
      config: config(3000, { name: 'explode' }),
    });
    await h.engine.handle({ type: 'play', runIds: ['ok', 'div', 'boom'] });
    h.drain();
    expect(h.progress('ok').at(-1)).toMatchObject({ status: 'ok', currentStep: 3000 });
    expect(h.progress('div').at(-1)).toMatchObject({ status: 'diverged', active: false });
    expect(h.progress('div').at(-1)!.message).toMatch(/diverged at step 5/);
    expect(h.posted).toContainEqual({ type: 'run-failed', runId: 'boom', message: 'core abort' });
    expect(h.engine.activeRuns).toBe(0);
  });

  it('frees runs on dispose and answers grid / train-data requests', async () => {
    const h = harness();
    await h.engine.handle({ type: 'load', moduleUrl: 'x' });
    await h.engine.handle({ type: 'create', runId: 'a', config: config(10, undefined, 'dataset') });
    await h.engine.handle({
      type: 'grid',
      runId: 'a',
      requestId: 7,
      box: [-1, 1, -1, 1],
      nx: 4,
      ny: 3,
    });
    expect(h.posted.at(-1)).toMatchObject({ type: 'grid', requestId: 7, nx: 4, ny: 3 });
    expect((h.posted.at(-1) as { values: Float32Array }).values).toHaveLength(24);
    await h.engine.handle({ type: 'train-data', runId: 'a', requestId: 8 });
    expect(h.posted.at(-1)).toMatchObject({ type: 'train-data', requestId: 8, inputDim: 2 });
    expect(FakeRun.live).toBe(1);
    await h.engine.handle({ type: 'dispose', runId: 'a' });
    expect(FakeRun.live).toBe(0);
    await h.engine.handle({
      type: 'grid',
      runId: 'a',
      requestId: 9,
      box: [0, 1, 0, 1],
      nx: 2,
      ny: 2,
    });
    expect(h.posted.at(-1)).toMatchObject({ type: 'request-failed', requestId: 9 });
  });

  it('reports a module that fails to load, and refuses runs until one loads', async () => {
    const posted: FromWorker[] = [];
    const engine = new TrainingEngine({
      post: (m) => posted.push(m),
      now: () => 0,
      defer: () => undefined,
      loadModule: () => Promise.reject(new Error('404 descent.wasm')),
    });
    await engine.handle({ type: 'load', moduleUrl: 'x' });
    await engine.handle({ type: 'create', runId: 'a', config: config(1) });
    expect(posted[0]).toEqual({ type: 'load-failed', message: '404 descent.wasm' });
    expect(posted[1]).toMatchObject({ type: 'created', ok: false });
  });
});

describe('chunk sizing', () => {
  it('aims at the time target, grows at most 2x, shrinks at once', () => {
    expect(nextChunkSize(100, 100, TARGET_CHUNK_MS)).toBe(100);
    expect(nextChunkSize(100, 100, 1)).toBe(200);
    expect(nextChunkSize(100, 100, 150)).toBe(10);
    expect(nextChunkSize(1, 1, 1000)).toBe(1);
    expect(nextChunkSize(MAX_CHUNK, MAX_CHUNK, 0)).toBe(MAX_CHUNK);
    expect(nextChunkSize(50, 0, 10)).toBe(50);
  });
});
