// Connects the UI state, the metric records and the worker pool. Owns the play/pause state.
// A run whose config changes is reset (its old metrics no longer describe it); a run that is
// only renamed or recoloured keeps its history.
import { runConfigKey } from '../state/run-config';
import type { AppState, RunSpec } from '../state/types';
import { isFinished, newRecord, type RunRecord } from '../metrics/run-record';
import type { Series } from '../metrics/series';
import { appendDiagnostics } from '../metrics/diagnostics';
import type { ImportedRun } from '../metrics/json-export';
import type { Box } from '../worker/protocol';
import type { GridAnswer, PoolEvent, TrainDataAnswer, WorkerPool } from '../worker/pool';
import { checkpointText, type PausedRun } from '../resume/paused-run';

type Listener = () => void;

export class TrainingController {
  private records = new Map<string, RunRecord>();
  /** Worker-side id of each run's current instance: `r1~3`. Old instances' messages are ignored. */
  private instance = new Map<string, string>();
  private instanceCounter = 0;
  private playing = false;
  private listeners = new Set<Listener>();
  /** Resumed instances whose worker has not yet said whether the checkpoint was taken. */
  private restoring = new Map<string, (problem: string | null) => void>();

  constructor(private pool: WorkerPool) {}

  get isPlaying(): boolean {
    return this.playing;
  }

  record(runId: string): RunRecord | undefined {
    return this.records.get(runId);
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Brings records in line with the state: new runs get records, changed runs are reset. */
  sync(state: AppState): void {
    const ids = new Set(state.runs.map((r) => r.id));
    for (const id of [...this.records.keys()]) {
      if (!ids.has(id)) {
        this.disposeInstance(id);
        this.records.delete(id);
      }
    }
    const restart: RunSpec[] = [];
    for (const run of state.runs) {
      const key = runConfigKey(state, run);
      const record = this.records.get(run.id);
      if (record && record.configKey === key) continue;
      this.disposeInstance(run.id);
      this.records.set(run.id, newRecord(run.id, key));
      if (this.playing) restart.push(run);
    }
    for (const run of restart) this.launch(run.id, true);
    this.emit();
  }

  play(state: AppState): void {
    this.playing = true;
    const resume: string[] = [];
    for (const run of state.runs) {
      const record = this.records.get(run.id);
      if (!record || isFinished(record.status)) continue;
      if (record.status === 'idle') this.launch(run.id, true);
      else {
        record.status = 'running';
        record.version++;
        resume.push(this.instance.get(run.id)!);
      }
    }
    this.pool.play(resume);
    this.checkAllDone();
    this.emit();
  }

  pause(): void {
    this.playing = false;
    const instances: string[] = [];
    for (const [id, record] of this.records) {
      if (record.status !== 'running' && record.status !== 'starting') continue;
      record.status = 'paused';
      record.version++;
      const instance = this.instance.get(id);
      if (instance) instances.push(instance);
    }
    this.pool.pause(instances);
    this.emit();
  }

  /** One optimizer step for every unfinished run (created first if needed). */
  step(state: AppState): void {
    if (this.playing) this.pause();
    const instances: string[] = [];
    for (const run of state.runs) {
      const record = this.records.get(run.id);
      if (!record || isFinished(record.status)) continue;
      if (record.status === 'idle') this.launch(run.id, false);
      instances.push(this.instance.get(run.id)!);
    }
    this.pool.step(instances, 1);
    this.emit();
  }

  /** Forgets all metrics; runs start from step 0 on the next play or step. */
  reset(state: AppState): void {
    this.playing = false;
    for (const id of this.records.keys()) this.disposeInstance(id);
    this.records.clear();
    this.sync(state);
  }

  /** Shows imported metrics as finished (or paused) runs of the imported state. */
  loadImported(state: AppState, runs: readonly ImportedRun[]): void {
    this.reset(state);
    for (const imported of runs) {
      const record = this.records.get(imported.id);
      if (!record) continue;
      record.series.append(imported.columns);
      record.trail.append(interleave(record.series.column('x'), record.series.column('y')));
      // Imported history cannot be resumed: the optimizer's internal state was not exported.
      record.status =
        imported.status === 'diverged' || imported.status === 'failed' ? imported.status : 'ok';
      record.message = imported.message || 'imported';
      record.currentStep = record.series.last('step') || 0;
      record.totalSteps = state.steps;
      if (imported.status === 'diverged') record.divergedAt = record.currentStep;
      record.version++;
    }
    this.emit();
  }

  /**
   * What a reload needs to continue every paused run: the core's checkpoint and the rows so
   * far. Asked after the pause reached the workers, so the rows end at the checkpoint's step;
   * a run whose rows and checkpoint disagree (or that the core cannot checkpoint) is left out.
   */
  async pausedRuns(): Promise<PausedRun[]> {
    const asked = [...this.records.values()].flatMap((record) => {
      const instance = this.instance.get(record.id);
      if (record.status !== 'paused' || instance === undefined) return [];
      return [{ record, instance, answer: this.pool.checkpoint(instance) }];
    });
    const out: PausedRun[] = [];
    for (const { record, instance, answer } of asked) {
      const { json, step } = await answer.catch(() => ({ json: '', step: -1 }));
      const checkpoint = checkpointText(json);
      const current = this.instance.get(record.id) === instance && record.status === 'paused';
      if (checkpoint === null || !current || step !== record.currentStep) continue;
      out.push({
        runId: record.id,
        configKey: record.configKey,
        checkpoint,
        step,
        totalSteps: record.totalSteps,
        columns: columnsOf(record.series),
        batch: columnsOf(record.batch),
      });
    }
    return out;
  }

  /**
   * Continues saved paused runs of `state` (already the store's state): their rows go back
   * into the records and each checkpoint into a new worker run, paused until play. Resolves
   * with one line per run that could not be resumed (it then starts from step 0).
   */
  async resume(state: AppState, saved: readonly PausedRun[]): Promise<string[]> {
    this.reset(state);
    const names = new Map(state.runs.map((run) => [run.id, run.name]));
    const waits: Promise<string | null>[] = [];
    for (const paused of saved) {
      const record = this.records.get(paused.runId);
      const name = names.get(paused.runId) ?? paused.runId;
      if (!record || record.configKey !== paused.configKey) {
        waits.push(Promise.resolve(`${name}: its settings differ from the saved run’s`));
        continue;
      }
      record.series.append(paused.columns);
      record.batch.append(paused.batch);
      record.trail.append(interleave(record.series.column('x'), record.series.column('y')));
      record.currentStep = paused.step;
      record.totalSteps = paused.totalSteps;
      record.status = 'paused';
      record.version++;
      const instance = `${paused.runId}~${++this.instanceCounter}`;
      this.instance.set(paused.runId, instance);
      waits.push(
        new Promise<string | null>((resolve) => this.restoring.set(instance, resolve)).then(
          (problem) => (problem === null ? null : `${name}: ${problem}`),
        ),
      );
      this.pool.create(instance, record.configKey, paused.checkpoint);
    }
    this.emit();
    const problems = await Promise.all(waits);
    return problems.filter((p): p is string => p !== null);
  }

  grid(runId: string, box: Box, nx: number, ny: number): Promise<GridAnswer> {
    const instance = this.instance.get(runId);
    if (!instance) return Promise.reject(new Error('the run has not started'));
    return this.pool.grid(instance, box, nx, ny);
  }

  /** A loss slice around the run's current weights (the core's JSON answer). */
  landscape(runId: string, request: string): Promise<string> {
    const instance = this.instance.get(runId);
    if (!instance) return Promise.reject(new Error('the run has not started'));
    return this.pool.landscape(instance, request);
  }

  trainData(runId: string): Promise<TrainDataAnswer> {
    const instance = this.instance.get(runId);
    if (!instance) return Promise.reject(new Error('the run has not started'));
    return this.pool.trainData(instance);
  }

  /** For the end-to-end tests only: makes the worker of a run fail (see WorkerPool). */
  failWorkerOf(runId: string, how: 'throw' | 'kill'): boolean {
    const instance = this.instance.get(runId);
    return instance !== undefined && this.pool.failWorkerOf(instance, how);
  }

  /** Routes a pool event to its run's record. */
  handle(event: PoolEvent): void {
    const runId = event.type === 'progress' ? event.progress.runId : event.runId;
    const specId = runId.split('~')[0]!;
    if (this.instance.get(specId) !== runId) return; // a reset run's leftovers
    let record = this.records.get(specId);
    if (!record) return;
    if (event.type === 'created' || event.type === 'run-failed') this.settleRestore(event);
    switch (event.type) {
      case 'created':
        if (event.restoreError !== undefined) {
          // The checkpoint was refused: the worker's run starts afresh, and so do the rows.
          record = newRecord(specId, record.configKey);
          record.status = 'starting';
          this.records.set(specId, record);
        }
        if (!event.ok) {
          record.status = 'invalid';
          record.message = event.error;
          this.instance.delete(specId);
        } else {
          record.totalSteps = event.totalSteps;
        }
        break;
      case 'run-failed':
        record.status = 'failed';
        record.message = event.message;
        this.instance.delete(specId);
        break;
      case 'progress': {
        const p = event.progress;
        record.series.append(p.columns);
        if (p.batch) record.batch.append(p.batch);
        if (p.diagnostics) appendDiagnostics(record.diagnostics, p.diagnostics);
        // The path comes from the x/y metric columns (every step, start included), not from
        // Run.trajectory(), which the core thins out on long runs.
        if (p.columns.x && p.columns.y) record.trail.append(interleave(p.columns.x, p.columns.y));
        if (p.particles) record.particles = p.particles;
        record.currentStep = p.currentStep;
        record.totalSteps = p.totalSteps;
        record.computeMs = p.computeMs;
        record.message = p.message;
        if (p.status === 'diverged') {
          record.status = 'diverged';
          record.divergedAt = p.currentStep;
        } else if (p.status === 'ok') {
          record.status = 'ok';
        } else if (p.active) {
          // Messages posted before a pause reached the worker must not undo the pause.
          if (record.status !== 'paused') record.status = 'running';
        } else if (record.status === 'starting' || (record.status === 'running' && !this.playing)) {
          record.status = 'paused';
        }
        break;
      }
    }
    record.version++;
    this.checkAllDone();
    this.emit();
  }

  /** Tells resume() whether a resumed instance took its checkpoint. */
  private settleRestore(event: Extract<PoolEvent, { type: 'created' | 'run-failed' }>): void {
    const settle = this.restoring.get(event.runId);
    if (!settle) return;
    this.restoring.delete(event.runId);
    if (event.type === 'run-failed') settle(event.message);
    else if (!event.ok) settle(event.error);
    else settle(event.restoreError ?? null);
  }

  private launch(runId: string, play: boolean): void {
    const record = this.records.get(runId)!;
    const instance = `${runId}~${++this.instanceCounter}`;
    this.instance.set(runId, instance);
    record.status = play ? 'running' : 'starting';
    record.version++;
    // The config key is the config's JSON text: exactly what the core should train.
    this.pool.create(instance, record.configKey);
    if (play) this.pool.play([instance]);
  }

  private disposeInstance(runId: string): void {
    const instance = this.instance.get(runId);
    if (!instance) return;
    this.instance.delete(runId);
    this.restoring.get(instance)?.('it was reset before it could resume');
    this.restoring.delete(instance);
    this.pool.dispose(instance);
  }

  private checkAllDone(): void {
    if (!this.playing) return;
    const anyLeft = [...this.records.values()].some((r) => !isFinished(r.status));
    if (!anyLeft) this.playing = false;
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** A copy of every column of a series (views into it must not be kept). */
function columnsOf(series: Series): Record<string, Float64Array> {
  return Object.fromEntries(series.names().map((name) => [name, series.column(name).slice()]));
}

/** x0,y0,x1,y1,... from two columns, skipping rows without a position. */
export function interleave(xs: Float64Array, ys: Float64Array): Float64Array {
  const out = new Float64Array(Math.min(xs.length, ys.length) * 2);
  let n = 0;
  for (let i = 0; i < xs.length && i < ys.length; i++) {
    if (!Number.isFinite(xs[i]!) || !Number.isFinite(ys[i]!)) continue;
    out[n++] = xs[i]!;
    out[n++] = ys[i]!;
  }
  return out.subarray(0, n);
}
