// Paused runs kept across a reload (src/resume/): the IndexedDB store (fake-indexeddb) keeps
// each run's checkpoint text and rows bit for bit and refuses what it cannot trust by name;
// the controller hands the checkpoint to a new worker run and puts the rows back.
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrainingController } from '../../src/app/training-controller';
import { checkSavedRun, checkpointText, type PausedRun } from '../../src/resume/paused-run';
import { PausedStore } from '../../src/resume/paused-store';
import { STATE_VERSION } from '../../src/share/link';
import { runConfigKey } from '../../src/state/run-config';
import { defaultState } from '../../src/state/defaults';
import type { WorkerPool } from '../../src/worker/pool';
import { KeyedDb } from '../../src/util/idb';

const globals = globalThis as { indexedDB?: IDBFactory };

beforeEach(() => {
  globals.indexedDB = new IDBFactory();
});
afterEach(() => {
  delete globals.indexedDB;
});

// Values that JSON or a careless copy would change: -0, NaN, a subnormal, the last ulp.
const awkward = [-0, Number.NaN, 5e-324, 1 + Number.EPSILON, 0.1 + 0.2];

function paused(runId: string, step: number): PausedRun {
  const steps = Float64Array.from({ length: step + 1 }, (_, i) => i);
  const loss = Float64Array.from(steps, (s) => awkward[s % awkward.length]! / (s + 1));
  return {
    runId,
    configKey: `{"run":"${runId}"}`,
    checkpoint: 'AAECAwQ=',
    step,
    totalSteps: 500,
    columns: { step: steps, loss },
    batch: { step: new Float64Array(0), batch_loss: new Float64Array(0) },
  };
}

const bits = (a: Float64Array) => [...new Uint8Array(a.buffer, a.byteOffset, a.byteLength)];

describe('paused-run store', () => {
  it('keeps every run of a pause under its run id, rows bit for bit', async () => {
    const store = new PausedStore();
    await store.save('s2.abc', [paused('r1', 7), paused('r2', 7)], 1000);
    const { session, refused } = await store.load();
    expect(refused).toEqual([]);
    expect(session!.link).toBe('s2.abc');
    expect(session!.runs.map((r) => r.runId).sort()).toEqual(['r1', 'r2']);
    const r1 = session!.runs.find((r) => r.runId === 'r1')!;
    expect(r1.checkpoint).toBe('AAECAwQ=');
    expect(bits(r1.columns.loss!)).toEqual(bits(paused('r1', 7).columns.loss!));
    expect(r1.stateVersion).toBe(STATE_VERSION);
  });

  it('a new pause replaces the previous one; clear forgets all', async () => {
    const store = new PausedStore();
    await store.save('s2.old', [paused('r1', 3), paused('r2', 3)], 1);
    await store.save('s2.new', [paused('r1', 9)], 2);
    const { session } = await store.load();
    expect(session!.link).toBe('s2.new');
    expect(session!.runs.map((r) => [r.runId, r.step])).toEqual([['r1', 9]]);
    await store.clear();
    expect((await store.load()).session).toBeNull();
  });

  it('refuses a foreign version, a damaged checkpoint and rows that end elsewhere, by name', async () => {
    const db = new KeyedDb('descent-paused', 'runs', 'runId');
    const store = new PausedStore(db);
    await store.save('s2.abc', [paused('r1', 5)], 10);
    const good = { ...paused('r9', 5), link: 's2.abc', stateVersion: STATE_VERSION, savedAt: 10 };
    await db.put({ ...good, runId: 'r2', stateVersion: STATE_VERSION + 1 });
    await db.put({ ...good, runId: 'r3', checkpoint: 'not base64 !' });
    await db.put({ ...good, runId: 'r4', step: 4 });
    await db.put({ ...good, runId: 'r5', columns: { step: [0, 1, 2, 3, 4, 5] } });
    await db.put({ runId: 'r6' });
    const { session, refused } = await store.load();
    expect(session!.runs.map((r) => r.runId)).toEqual(['r1']);
    expect(refused).toEqual([
      `run r2: it was saved by a page of state version ${STATE_VERSION + 1}; this page keeps version ${STATE_VERSION}`,
      'run r3: its checkpoint is damaged',
      'run r4: its rows end at step 5, past its checkpoint at 4',
      'run r5: its rows.step is not an array of numbers',
      `run r6: it was saved by a page of state version undefined; this page keeps version ${STATE_VERSION}`,
    ]);
    expect(checkSavedRun(null)).toEqual({ ok: false, message: 'it is not a saved run' });
  });

  it('storage unavailable (private mode) is a rejected promise with a message, not a throw', async () => {
    delete globals.indexedDB;
    const store = new PausedStore();
    await expect(store.load()).rejects.toThrow('this browser offers no IndexedDB');
    await expect(store.save('s2.a', [paused('r1', 1)])).rejects.toThrow('no IndexedDB');
  });

  it('reads the checkpoint text of the core’s answer only when it holds one', () => {
    expect(checkpointText('{"ok":true,"checkpoint":"QUJD"}')).toBe('QUJD');
    expect(checkpointText('{"ok":false,"errors":[{"field":"checkpoint.status"}]}')).toBeNull();
    expect(checkpointText('not json')).toBeNull();
  });
});

describe('training controller: pause and resume', () => {
  function fakePool(answers: Record<string, { json: string; step: number }>) {
    const created: [string, string, string | undefined][] = [];
    const pool = {
      create: (id: string, config: string, checkpoint?: string) =>
        created.push([id, config, checkpoint]),
      dispose: () => undefined,
      play: () => undefined,
      pause: () => undefined,
      step: () => undefined,
      checkpoint: (id: string) => Promise.resolve(answers[id.split('~')[0]!]!),
    };
    return { pool: pool as unknown as WorkerPool, created };
  }

  it('saves a paused run’s checkpoint with its rows; a resumed run gets them back', async () => {
    const state = defaultState();
    const { pool, created } = fakePool({
      r1: { json: '{"ok":true,"checkpoint":"QUJD"}', step: 2 },
      r2: { json: '{"ok":false,"errors":[]}', step: 2 },
      r3: { json: '{"ok":true,"checkpoint":"QUJD"}', step: 1 }, // rows and checkpoint disagree
    });
    const training = new TrainingController(pool);
    training.sync(state);
    training.step(state);
    for (const run of state.runs) {
      const instance = created.find((c) => c[0].startsWith(`${run.id}~`))![0];
      training.handle({
        type: 'progress',
        progress: {
          type: 'progress',
          runId: instance,
          columns: { step: Float64Array.of(0, 1, 2), loss: Float64Array.of(3, -0, 5e-324) },
          currentStep: 2,
          totalSteps: state.steps,
          status: 'running',
          message: '',
          computeMs: 1,
          active: false,
        },
      });
    }
    const saved = await training.pausedRuns();
    expect(saved.map((r) => r.runId)).toEqual(['r1']);
    expect(saved[0]!.checkpoint).toBe('QUJD');
    expect(saved[0]!.configKey).toBe(runConfigKey(state, state.runs[0]!));

    const next = fakePool({});
    const resumed = new TrainingController(next.pool);
    const foreign = { ...saved[0]!, runId: 'r2' }; // another run's settings
    const done = resumed.resume(state, [saved[0]!, foreign]);
    const instance = next.created.find((c) => c[2] !== undefined)!;
    expect(instance[1]).toBe(saved[0]!.configKey);
    expect(instance[2]).toBe('QUJD');
    resumed.handle({ type: 'created', runId: instance[0], ok: true, error: '', totalSteps: 500 });
    expect(await done).toEqual(['Momentum: its settings differ from the saved run’s']);
    const record = resumed.record('r1')!;
    expect(record.status).toBe('paused');
    expect(record.currentStep).toBe(2);
    expect(bits(record.series.column('loss'))).toEqual(bits(Float64Array.of(3, -0, 5e-324)));
  });

  it('a checkpoint the core refuses leaves a fresh run and names why', async () => {
    const state = defaultState();
    const { pool, created } = fakePool({});
    const training = new TrainingController(pool);
    training.sync(state);
    const saved = { ...paused('r1', 2), configKey: runConfigKey(state, state.runs[0]!) };
    const done = training.resume(state, [saved]);
    training.handle({
      type: 'created',
      runId: created[0]![0],
      ok: true,
      error: '',
      totalSteps: 500,
      restoreError: 'checkpoint.config_hash: another config',
    });
    expect(await done).toEqual([`${state.runs[0]!.name}: checkpoint.config_hash: another config`]);
    const record = training.record('r1')!;
    expect(record.series.length).toBe(0);
    expect(record.currentStep).toBe(0);
  });
});
