// The main thread's side of training: a few workers, each running its own copy of the core,
// with runs spread over them. The pool only routes messages; what they mean for the UI is
// decided by the training controller.
import type { Box, Created, FromWorker, ProgressMessage, ToWorker } from './protocol';

export type PoolEvent =
  | Created
  | { type: 'progress'; progress: ProgressMessage }
  | { type: 'run-failed'; runId: string; message: string };

export interface GridAnswer {
  values: Float32Array;
  nx: number;
  ny: number;
}
export interface TrainDataAnswer {
  x: Float32Array;
  inputDim: number;
  labels: Int32Array;
  targets: Float32Array;
}

export interface CheckpointAnswer {
  json: string;
  step: number;
}

/** Leaves a core for the main thread and the page; more workers than cores only adds overhead. */
export function poolSize(hardwareConcurrency: number | undefined): number {
  const cores = hardwareConcurrency && hardwareConcurrency > 0 ? hardwareConcurrency : 2;
  return Math.max(1, Math.min(6, cores - 1));
}

interface PooledWorker {
  worker: Worker;
  runs: Set<string>;
  dead: boolean;
}

interface Pending {
  worker: PooledWorker;
  resolve: (value: never) => void;
  reject: (error: Error) => void;
}

export type WorkerFactory = () => Worker;

export class WorkerPool {
  private workers: PooledWorker[] = [];
  private owner = new Map<string, PooledWorker>();
  private pending = new Map<number, Pending>();
  private nextRequest = 1;
  /** Users' tables, sent to every worker before the runs that train on them. */
  private tables: Uint8Array[] = [];

  constructor(
    private size: number,
    private moduleUrl: string,
    private makeWorker: WorkerFactory,
    private onEvent: (event: PoolEvent) => void,
    /** The core compiled once on the page, handed to each worker (no fetch, no compile). */
    private compiled?: WebAssembly.Module,
  ) {}

  /** A new run; with `checkpoint` (Run.checkpoint() text) it continues a paused one. */
  create(runId: string, config: string, checkpoint?: string): void {
    this.send(this.assign(runId), {
      type: 'create',
      runId,
      config,
      ...(checkpoint !== undefined ? { checkpoint } : {}),
    });
  }

  /** Registers a table's bytes in every worker's core, now and in workers started later. */
  registerTable(bytes: Uint8Array): void {
    if (this.tables.includes(bytes)) return;
    this.tables.push(bytes);
    for (const pooled of this.workers)
      if (!pooled.dead) this.send(pooled, { type: 'table', bytes });
  }

  dispose(runId: string): void {
    const owner = this.owner.get(runId);
    if (!owner) return;
    this.owner.delete(runId);
    owner.runs.delete(runId);
    if (!owner.dead) this.send(owner, { type: 'dispose', runId });
  }

  play(runIds: readonly string[]): void {
    this.perWorker(runIds, (runs) => ({ type: 'play', runIds: runs }));
  }

  pause(runIds: readonly string[]): void {
    this.perWorker(runIds, (runs) => ({ type: 'pause', runIds: runs }));
  }

  step(runIds: readonly string[], n: number): void {
    this.perWorker(runIds, (runs) => ({ type: 'step', runIds: runs, n }));
  }

  grid(runId: string, box: Box, nx: number, ny: number): Promise<GridAnswer> {
    return this.request(runId, (requestId) => ({ type: 'grid', runId, requestId, box, nx, ny }));
  }

  landscape(runId: string, request: string): Promise<string> {
    return this.request<{ json: string }>(runId, (requestId) => ({
      type: 'landscape',
      runId,
      requestId,
      request,
    })).then((answer) => answer.json);
  }

  /** Run.checkpoint()'s JSON answer and the step, after every message sent before. */
  checkpoint(runId: string): Promise<CheckpointAnswer> {
    return this.request(runId, (requestId) => ({ type: 'checkpoint', runId, requestId }));
  }

  trainData(runId: string): Promise<TrainDataAnswer> {
    return this.request(runId, (requestId) => ({ type: 'train-data', runId, requestId }));
  }

  /**
   * Starts every worker now, so each loads the core while the page is online: training can
   * then start (and continue) offline, and the first Start does not wait for a download.
   */
  warmUp(): void {
    while (this.workers.filter((w) => !w.dead).length < this.size) this.spawn();
  }

  terminate(): void {
    for (const pooled of this.workers) pooled.worker.terminate();
    this.workers = [];
    this.owner.clear();
  }

  /**
   * For the end-to-end tests only (app/test-hooks.ts): the worker that owns `runId` fails as
   * if it had thrown an uncaught error ('throw') or had been killed ('kill'), through the same
   * paths a real failure takes. Returns whether such a worker was found.
   */
  failWorkerOf(runId: string, how: 'throw' | 'kill'): boolean {
    const owner = this.owner.get(runId);
    if (!owner || owner.dead) return false;
    if (how === 'kill') {
      this.kill(owner, 'the training worker was stopped');
    } else {
      const event = new ErrorEvent('error', { message: 'Uncaught Error: the worker threw' });
      owner.worker.onerror?.call(owner.worker, event);
    }
    return true;
  }

  private request<T>(runId: string, message: (requestId: number) => ToWorker): Promise<T> {
    const owner = this.owner.get(runId);
    if (!owner || owner.dead) return Promise.reject(new Error('the run is not loaded'));
    const requestId = this.nextRequest++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(requestId, {
        worker: owner,
        resolve: resolve,
        reject,
      });
      this.send(owner, message(requestId));
    });
  }

  private perWorker(runIds: readonly string[], message: (runs: string[]) => ToWorker): void {
    const groups = new Map<PooledWorker, string[]>();
    for (const id of runIds) {
      const owner = this.owner.get(id);
      if (!owner || owner.dead) continue;
      groups.set(owner, [...(groups.get(owner) ?? []), id]);
    }
    for (const [owner, runs] of groups) this.send(owner, message(runs));
  }

  /** The live worker with the fewest runs; a new one while under the size limit. */
  private assign(runId: string): PooledWorker {
    const existing = this.owner.get(runId);
    if (existing && !existing.dead) return existing;
    const live = this.workers.filter((w) => !w.dead);
    let chosen = live.reduce<PooledWorker | undefined>(
      (best, w) => (!best || w.runs.size < best.runs.size ? w : best),
      undefined,
    );
    if (!chosen || (chosen.runs.size > 0 && live.length < this.size)) chosen = this.spawn();
    chosen.runs.add(runId);
    this.owner.set(runId, chosen);
    return chosen;
  }

  private spawn(): PooledWorker {
    const pooled: PooledWorker = { worker: this.makeWorker(), runs: new Set(), dead: false };
    pooled.worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(pooled, event.data);
    pooled.worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.kill(pooled, event.message || 'the training worker crashed');
    };
    pooled.worker.onmessageerror = () =>
      this.kill(pooled, 'a message from the worker was unreadable');
    this.workers.push(pooled);
    this.sendLoad(pooled);
    for (const bytes of this.tables) this.send(pooled, { type: 'table', bytes });
    return pooled;
  }

  /** A worker that throws is reported on its runs only; the others keep going. */
  private kill(pooled: PooledWorker, message: string): void {
    if (pooled.dead) return;
    pooled.dead = true;
    pooled.worker.terminate();
    for (const runId of pooled.runs) {
      this.owner.delete(runId);
      this.onEvent({ type: 'run-failed', runId, message });
    }
    pooled.runs.clear();
    for (const [id, pending] of this.pending) {
      if (pending.worker !== pooled) continue;
      this.pending.delete(id);
      pending.reject(new Error(message));
    }
    this.workers = this.workers.filter((w) => w !== pooled);
  }

  private receive(pooled: PooledWorker, message: FromWorker): void {
    switch (message.type) {
      case 'loaded':
        return;
      case 'load-failed':
        this.kill(pooled, `the core could not start in a worker: ${message.message}`);
        return;
      case 'created':
        this.onEvent({ ...message });
        return;
      case 'progress':
        this.onEvent({ type: 'progress', progress: message });
        return;
      case 'run-failed':
        this.owner.delete(message.runId);
        pooled.runs.delete(message.runId);
        this.onEvent({ type: 'run-failed', runId: message.runId, message: message.message });
        return;
      case 'grid':
      case 'train-data':
      case 'landscape':
      case 'checkpoint':
      case 'request-failed': {
        const pending = this.pending.get(message.requestId);
        if (!pending) return;
        this.pending.delete(message.requestId);
        if (message.type === 'request-failed') pending.reject(new Error(message.message));
        else pending.resolve(message as never);
        return;
      }
    }
  }

  private sendLoad(pooled: PooledWorker): void {
    if (this.compiled) {
      try {
        this.send(pooled, { type: 'load', moduleUrl: this.moduleUrl, compiled: this.compiled });
        return;
      } catch {
        // A browser that cannot pass a module to a worker: the worker fetches the core itself.
      }
    }
    this.send(pooled, { type: 'load', moduleUrl: this.moduleUrl });
  }

  private send(pooled: PooledWorker, message: ToWorker): void {
    pooled.worker.postMessage(message);
  }
}
