// The controller's bookkeeping, with a recording stand-in for the worker pool.
import { describe, expect, it } from 'vitest';
import { TrainingController } from '../../src/app/training-controller';
import { defaultState } from '../../src/state/defaults';
import { renameRun, setRunParam } from '../../src/state/run-actions';
import type { WorkerPool } from '../../src/worker/pool';
import type { ProgressMessage } from '../../src/worker/protocol';

function recordingPool() {
  const calls: [string, ...unknown[]][] = [];
  const pool = {
    create: (id: string) => calls.push(['create', id]),
    dispose: (id: string) => calls.push(['dispose', id]),
    play: (ids: string[]) => calls.push(['play', ...ids]),
    pause: (ids: string[]) => calls.push(['pause', ...ids]),
    step: (ids: string[], n: number) => calls.push(['step', n, ...ids]),
  };
  return { pool: pool as unknown as WorkerPool, calls };
}

function progress(runId: string, steps: number[], extra: Partial<ProgressMessage> = {}) {
  return {
    type: 'progress' as const,
    progress: {
      type: 'progress' as const,
      runId,
      columns: {
        step: Float64Array.from(steps),
        loss: Float64Array.from(steps, (s) => 1 / (s + 1)),
      },
      currentStep: (steps.at(-1) ?? -1) + 1,
      totalSteps: 500,
      status: 'running' as const,
      message: '',
      computeMs: 1,
      active: true,
      ...extra,
    },
  };
}

describe('training controller', () => {
  it('creates and plays every run on play, with generation-tagged ids', () => {
    const { pool, calls } = recordingPool();
    const training = new TrainingController(pool);
    const state = defaultState();
    training.sync(state);
    training.play(state);
    expect(calls.filter((c) => c[0] === 'create').map((c) => c[1])).toEqual([
      'r1~1',
      'r2~2',
      'r3~3',
    ]);
    expect(training.isPlaying).toBe(true);
    expect(training.record('r1')!.status).toBe('running');
  });

  it('appends progress, ignores a reset run’s late messages, keeps history on rename', () => {
    const { pool, calls } = recordingPool();
    const training = new TrainingController(pool);
    let state = defaultState();
    training.sync(state);
    training.play(state);
    training.handle(progress('r1~1', [0, 1, 2]));
    expect(training.record('r1')!.series.length).toBe(3);

    state = renameRun(state, 'r1', 'Renamed');
    training.sync(state);
    expect(training.record('r1')!.series.length).toBe(3);

    state = setRunParam(state, 'r1', 'optimizer', 'lr', 0.002);
    training.sync(state);
    expect(calls).toContainEqual(['dispose', 'r1~1']);
    expect(calls).toContainEqual(['create', 'r1~4']);
    expect(training.record('r1')!.series.length).toBe(0);
    training.handle(progress('r1~1', [3, 4]));
    expect(training.record('r1')!.series.length).toBe(0);
  });

  it('marks divergence and failure per run and stops playing when all are finished', () => {
    const { pool } = recordingPool();
    const training = new TrainingController(pool);
    const state = defaultState();
    training.sync(state);
    training.play(state);
    training.handle(
      progress('r1~1', [0, 1], {
        status: 'diverged',
        message: 'diverged at step 2',
        active: false,
      }),
    );
    expect(training.record('r1')).toMatchObject({ status: 'diverged', divergedAt: 2 });
    training.handle({ type: 'run-failed', runId: 'r2~2', message: 'worker crashed' });
    expect(training.record('r2')).toMatchObject({ status: 'failed', message: 'worker crashed' });
    expect(training.isPlaying).toBe(true);
    training.handle(progress('r3~3', [0], { status: 'ok', active: false }));
    expect(training.isPlaying).toBe(false);
  });

  it('pauses without letting in-flight messages undo it, and single-steps', () => {
    const { pool, calls } = recordingPool();
    const training = new TrainingController(pool);
    const state = defaultState();
    training.sync(state);
    training.play(state);
    training.pause();
    training.handle(progress('r1~1', [0], { active: true }));
    expect(training.record('r1')!.status).toBe('paused');
    training.step(state);
    expect(calls.at(-1)).toEqual(['step', 1, 'r1~1', 'r2~2', 'r3~3']);
  });
});

describe('trajectory from the x/y columns', () => {
  it('interleaves positions and skips rows without one', async () => {
    const { interleave } = await import('../../src/app/training-controller');
    const out = interleave(Float64Array.of(1, NaN, 3), Float64Array.of(-1, 0, -3));
    expect(Array.from(out)).toEqual([1, -1, 3, -3]);
  });
});
