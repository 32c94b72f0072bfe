// Pool routing with stand-in workers: runs spread over workers, a crashing worker fails only
// its own runs, and requests to it are rejected rather than left hanging.
import { describe, expect, it } from 'vitest';
import { WorkerPool, poolSize, type PoolEvent } from '../../src/worker/pool';
import type { FromWorker, ToWorker } from '../../src/worker/protocol';

class FakeWorker {
  sent: ToWorker[] = [];
  terminated = false;
  /** Throws on a load message carrying a compiled module (a browser that cannot clone one). */
  refusesModules = false;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  postMessage(message: ToWorker): void {
    if (this.refusesModules && message.type === 'load' && message.compiled) {
      throw new DOMException('could not clone', 'DataCloneError');
    }
    this.sent.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(message: FromWorker): void {
    this.onmessage?.({ data: message } as MessageEvent<FromWorker>);
  }
  crash(message: string): void {
    this.onerror?.({ message, preventDefault: () => undefined } as unknown as ErrorEvent);
  }
}

function setup(size: number, compiled?: WebAssembly.Module, refusesModules = false) {
  const workers: FakeWorker[] = [];
  const events: PoolEvent[] = [];
  const pool = new WorkerPool(
    size,
    'https://example.test/wasm/descent.mjs',
    () => {
      const w = new FakeWorker();
      w.refusesModules = refusesModules;
      workers.push(w);
      return w as unknown as Worker;
    },
    (e) => events.push(e),
    compiled,
  );
  return { pool, workers, events };
}

describe('worker pool', () => {
  it('sizes itself from the core count, leaving one for the page', () => {
    expect(poolSize(8)).toBe(6);
    expect(poolSize(4)).toBe(3);
    expect(poolSize(2)).toBe(1);
    expect(poolSize(undefined)).toBe(1);
  });

  it('loads the core in each worker and spreads runs over them', () => {
    const { pool, workers } = setup(2);
    pool.warmUp();
    expect(workers).toHaveLength(2);
    for (const w of workers)
      expect(w.sent[0]).toEqual({
        type: 'load',
        moduleUrl: 'https://example.test/wasm/descent.mjs',
      });
    for (const id of ['a', 'b', 'c', 'd']) pool.create(id, '{}');
    const owned = workers.map((w) => w.sent.filter((m) => m.type === 'create').length);
    expect(owned).toEqual([2, 2]);
    pool.play(['a', 'b', 'c', 'd']);
    for (const w of workers) expect(w.sent.at(-1)?.type).toBe('play');
  });

  it('hands each worker the compiled core, or its URL alone where a module cannot be passed', () => {
    const compiled = { stand_in: 'WebAssembly.Module' } as unknown as WebAssembly.Module;
    const url = 'https://example.test/wasm/descent.mjs';
    const passing = setup(2, compiled);
    passing.pool.warmUp();
    for (const w of passing.workers) {
      expect(w.sent[0]).toEqual({ type: 'load', moduleUrl: url, compiled });
    }
    const refusing = setup(1, compiled, true);
    refusing.pool.warmUp();
    expect(refusing.workers[0]!.sent[0]).toEqual({ type: 'load', moduleUrl: url });
  });

  it('reports a crashed worker on its runs only and rejects its pending requests', async () => {
    const { pool, workers, events } = setup(2);
    pool.warmUp();
    pool.create('a', '{}');
    pool.create('b', '{}');
    const pending = pool.grid('a', [0, 1, 0, 1], 2, 2);
    const owner = workers.find((w) => w.sent.some((m) => m.type === 'create' && m.runId === 'a'))!;
    owner.crash('RuntimeError: unreachable');
    await expect(pending).rejects.toThrow('unreachable');
    expect(events).toEqual([
      { type: 'run-failed', runId: 'a', message: 'RuntimeError: unreachable' },
    ]);
    expect(owner.terminated).toBe(true);
    // A new run goes to a live worker (a replacement is spawned while under the size).
    pool.create('c', '{}');
    expect(owner.sent.some((m) => m.type === 'create' && m.runId === 'c')).toBe(false);
  });

  it('resolves requests with the worker’s answer and forwards progress', async () => {
    const { pool, workers, events } = setup(1);
    pool.create('a', '{}');
    const answer = pool.trainData('a');
    const request = workers[0]!.sent.at(-1) as Extract<ToWorker, { type: 'train-data' }>;
    const reply: FromWorker = {
      type: 'train-data',
      runId: 'a',
      requestId: request.requestId,
      x: new Float32Array(2),
      inputDim: 2,
      labels: new Int32Array(1),
      targets: new Float32Array(0),
    };
    workers[0]!.reply(reply);
    await expect(answer).resolves.toMatchObject({ inputDim: 2 });
    workers[0]!.reply({ type: 'created', runId: 'a', ok: true, error: '', totalSteps: 5 });
    expect(events).toContainEqual({
      type: 'created',
      runId: 'a',
      ok: true,
      error: '',
      totalSteps: 5,
    });
  });
});
