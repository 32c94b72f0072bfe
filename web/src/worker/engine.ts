// The worker's training loop, independent of the worker global so it can be unit-tested with
// a fake module. It owns some runs, advances the active ones round-robin in timed chunks,
// and posts their new metrics at a throttled rate.
import type { DescentModule, Run } from '../core/descent-module';
import { describeCoreError } from '../core/core-errors';
import { errorText } from '../core/load-module';
import { MIN_CHUNK, PROGRESS_INTERVAL_MS, nextChunkSize } from './chunking';
import { parseDiagnostics } from '../metrics/diagnostics';
import type { FromWorker, ProgressMessage, RunState, ToWorker } from './protocol';

export interface EngineHost {
  post(message: FromWorker): void;
  now(): number;
  /** Schedules the next slice of work after pending messages (a macrotask). */
  defer(task: () => void): void;
  loadModule(url: string, compiled?: WebAssembly.Module): Promise<DescentModule>;
}

interface LiveRun {
  id: string;
  run: Run;
  /** Advancing until finished or paused. */
  playing: boolean;
  /** Steps still owed to the single-step button. */
  owedSteps: number;
  chunk: number;
  computeMs: number;
  /** New rows not posted yet. */
  dirty: boolean;
}

/** Copies out of WebAssembly memory: views on it must never be transferred (or kept). */
function copyColumns(columns: Record<string, Float64Array>): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const [name, values] of Object.entries(columns)) out[name] = new Float64Array(values);
  return out;
}

/**
 * Continues `run` (new, of the checkpoint's config) from Run.checkpoint() text: the rows the
 * new run measured at step 0 are dropped first, since the page already holds the paused
 * run's rows. Returns null, or why the core refused the text (the field it names).
 */
function restoreRun(run: Run, checkpoint: string): string | null {
  run.takeMetrics();
  run.takeBatchLosses();
  run.takeDiagnostics();
  const answer = JSON.parse(run.restore(checkpoint)) as {
    ok: boolean;
    errors?: { field: string; message: string }[];
  };
  if (answer.ok) return null;
  const errors = answer.errors ?? [];
  return errors.length > 0
    ? errors.map((e) => `${e.field}: ${e.message}`).join('; ')
    : 'the core refused it';
}

export class TrainingEngine {
  private module: DescentModule | null = null;
  private runs = new Map<string, LiveRun>();
  private queue: Promise<void> = Promise.resolve();
  private loopScheduled = false;
  private cursor = 0;
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(private host: EngineHost) {}

  /** Messages are handled strictly in order, even while the module is still loading. */
  handle(message: ToWorker): Promise<void> {
    this.queue = this.queue.then(() => this.process(message));
    return this.queue;
  }

  /** Number of runs this engine is advancing (for tests and scheduling). */
  get activeRuns(): number {
    let n = 0;
    for (const live of this.runs.values()) if (this.wantsSteps(live)) n++;
    return n;
  }

  private async process(message: ToWorker): Promise<void> {
    if (message.type === 'load') {
      try {
        this.module = await this.host.loadModule(message.moduleUrl, message.compiled);
        this.host.post({ type: 'loaded' });
      } catch (error) {
        this.host.post({ type: 'load-failed', message: errorText(error) });
      }
      return;
    }
    const module = this.module;
    if (!module) {
      if (message.type === 'create') {
        this.host.post({
          type: 'created',
          runId: message.runId,
          ok: false,
          error: 'the core is not loaded in this worker',
          totalSteps: 0,
        });
      }
      return;
    }
    switch (message.type) {
      case 'create':
        this.create(module, message.runId, message.config, message.checkpoint);
        break;
      case 'dispose':
        this.dispose(message.runId);
        break;
      case 'table':
        // A refused file never reaches a worker (the main thread's core read it first).
        module.registerTable(message.bytes);
        break;
      case 'play':
        for (const id of message.runIds) {
          const live = this.runs.get(id);
          if (live) live.playing = true;
        }
        this.schedule();
        break;
      case 'pause':
        for (const id of message.runIds) {
          const live = this.runs.get(id);
          if (!live) continue;
          live.playing = false;
          live.owedSteps = 0;
        }
        this.flush(true);
        break;
      case 'step':
        for (const id of message.runIds) {
          const live = this.runs.get(id);
          if (live) live.owedSteps += Math.max(0, Math.floor(message.n));
        }
        this.schedule();
        break;
      case 'grid':
        this.answer(message.runId, message.requestId, (run) => {
          const { box, nx, ny } = message;
          const values = new Float32Array(run.grid(box[0], box[1], box[2], box[3], nx, ny));
          return {
            type: 'grid',
            runId: message.runId,
            requestId: message.requestId,
            values,
            nx,
            ny,
          };
        });
        break;
      case 'landscape':
        this.answer(message.runId, message.requestId, (run) => {
          const measure = (run as Partial<{ landscape(request: string): string }>).landscape;
          if (typeof measure !== 'function') throw new Error('this core has no landscape slices');
          return {
            type: 'landscape',
            runId: message.runId,
            requestId: message.requestId,
            json: measure.call(run, message.request),
          };
        });
        break;
      case 'checkpoint':
        this.answer(message.runId, message.requestId, (run) => ({
          type: 'checkpoint',
          runId: message.runId,
          requestId: message.requestId,
          json: run.checkpoint(),
          step: run.currentStep(),
        }));
        break;
      case 'train-data':
        this.answer(message.runId, message.requestId, (run) => {
          const data = run.trainData();
          return {
            type: 'train-data',
            runId: message.runId,
            requestId: message.requestId,
            x: new Float32Array(data.x),
            inputDim: data.inputDim,
            labels: new Int32Array(data.labels),
            targets: new Float32Array(data.targets),
          };
        });
        break;
    }
  }

  private create(
    module: DescentModule,
    runId: string,
    config: string,
    checkpoint?: string,
    restoreError?: string,
  ): void {
    this.dispose(runId);
    let run: Run;
    try {
      run = new module.Run(config);
    } catch (error) {
      this.host.post({ type: 'created', runId, ok: false, error: errorText(error), totalSteps: 0 });
      return;
    }
    if (!run.ok()) {
      const error = describeCoreError(run.error());
      run.delete();
      this.host.post({ type: 'created', runId, ok: false, error, totalSteps: 0 });
      return;
    }
    if (checkpoint !== undefined) {
      const refused = restoreRun(run, checkpoint);
      if (refused !== null) {
        // The run is unchanged but its step-0 rows were dropped: start afresh from a new one.
        run.delete();
        this.create(module, runId, config, undefined, refused);
        return;
      }
    }
    const live: LiveRun = {
      id: runId,
      run,
      playing: false,
      owedSteps: 0,
      chunk: MIN_CHUNK,
      computeMs: 0,
      // Step 0 (initial loss, start point) may already be measured: post it at once. A
      // resumed run posts no rows (the page has them) but its step and status.
      dirty: true,
    };
    this.runs.set(runId, live);
    this.host.post({
      type: 'created',
      runId,
      ok: true,
      error: '',
      totalSteps: run.totalSteps(),
      ...(restoreError !== undefined ? { restoreError } : {}),
    });
    this.flushRun(live);
  }

  private dispose(runId: string): void {
    const live = this.runs.get(runId);
    if (!live) return;
    this.runs.delete(runId);
    try {
      live.run.delete();
    } catch {
      // Already unusable (e.g. after a core abort): nothing left to free.
    }
  }

  private answer(runId: string, requestId: number, compute: (run: Run) => FromWorker): void {
    const live = this.runs.get(runId);
    if (!live) {
      this.host.post({
        type: 'request-failed',
        runId,
        requestId,
        message: 'no such run in this worker',
      });
      return;
    }
    try {
      this.host.post(compute(live.run));
    } catch (error) {
      this.host.post({ type: 'request-failed', runId, requestId, message: errorText(error) });
    }
  }

  private wantsSteps(live: LiveRun): boolean {
    return live.playing || live.owedSteps > 0;
  }

  private schedule(): void {
    if (this.loopScheduled) return;
    this.loopScheduled = true;
    this.host.defer(() => {
      this.loopScheduled = false;
      this.tick();
    });
  }

  /** One chunk of one run, then yield so that messages (pause, dispose) get through. */
  private tick(): void {
    const candidates = [...this.runs.values()].filter((live) => this.wantsSteps(live));
    if (candidates.length === 0) {
      this.flush(true);
      return;
    }
    const live = candidates[this.cursor % candidates.length]!;
    this.cursor++;
    this.advance(live);
    this.flush(false);
    if (this.activeRuns > 0) this.schedule();
    else this.flush(true);
  }

  private advance(live: LiveRun): void {
    const wanted =
      live.owedSteps > 0 && !live.playing ? Math.min(live.chunk, live.owedSteps) : live.chunk;
    let done: number;
    let state: RunState;
    const started = this.host.now();
    try {
      done = live.run.step(wanted);
      state = live.run.status();
    } catch (error) {
      this.fail(live, error);
      return;
    }
    const elapsed = this.host.now() - started;
    live.computeMs += elapsed;
    live.dirty = true;
    if (live.owedSteps > 0) live.owedSteps = Math.max(0, live.owedSteps - done);
    // A single-step request never grows the chunk: its timing says little.
    if (live.playing) live.chunk = nextChunkSize(live.chunk, done, elapsed);
    if (state !== 'running' || done === 0) {
      live.playing = false;
      live.owedSteps = 0;
      this.flushRun(live);
    } else if (!this.wantsSteps(live)) {
      this.flushRun(live);
    }
  }

  private fail(live: LiveRun, error: unknown): void {
    this.runs.delete(live.id);
    this.host.post({ type: 'run-failed', runId: live.id, message: errorText(error) });
    try {
      live.run.delete();
    } catch {
      // The core may be unusable after an abort.
    }
  }

  /** Posts every run with new rows; throttled unless forced. */
  private flush(force: boolean): void {
    const now = this.host.now();
    if (!force && now - this.lastFlush < PROGRESS_INTERVAL_MS) return;
    this.lastFlush = now;
    for (const live of [...this.runs.values()]) if (live.dirty) this.flushRun(live);
  }

  private flushRun(live: LiveRun): void {
    let message: ProgressMessage;
    try {
      message = {
        type: 'progress',
        runId: live.id,
        columns: copyColumns(live.run.takeMetrics()),
        currentStep: live.run.currentStep(),
        totalSteps: live.run.totalSteps(),
        status: live.run.status(),
        message: live.run.message(),
        computeMs: live.computeMs,
        active: this.wantsSteps(live),
      };
      const batch = live.run.takeBatchLosses();
      if (batch.step.length > 0) {
        message.batch = {
          step: new Float64Array(batch.step),
          batch_loss: new Float64Array(batch.batch_loss),
        };
      }
      const records = parseDiagnostics(live.run.takeDiagnostics());
      if (records.length > 0) message.diagnostics = records;
      // Only the latest cloud matters: one copy per message, not per step.
      const particles = live.run.particles();
      if (particles.length > 0) message.particles = particles;
    } catch (error) {
      this.fail(live, error);
      return;
    }
    live.dirty = false;
    this.host.post(message);
  }
}
