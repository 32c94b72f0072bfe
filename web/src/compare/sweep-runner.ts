// Trains a sweep's jobs in the shared worker pool, at most `concurrency` at a time, so the
// page stays responsive and the playground's own runs keep their share of the workers.
// Collects each job's metric columns into a JobResult when it finishes.
import type { PoolEvent, WorkerPool } from '../worker/pool';
import type { SweepJob } from './sweep-jobs';
import { SWEEP_COLUMNS, type JobResult, type SweepColumn } from './sweep-results';

/** Worker-side ids of sweep jobs start with this; the app routes their events here. */
export const SWEEP_PREFIX = 'sweep~';

interface Live {
  job: SweepJob;
  columns: Record<SweepColumn, number[]>;
  computeMs: number;
}

export type SweepPool = Pick<WorkerPool, 'create' | 'play' | 'dispose'>;

export class SweepRunner {
  private jobs: SweepJob[] = [];
  private results = new Map<string, JobResult>();
  private queue: SweepJob[] = [];
  private live = new Map<string, Live>();
  private generation = 0;
  private listeners = new Set<() => void>();
  /** Bumped on every change, for views. */
  version = 0;

  constructor(
    private pool: SweepPool,
    private concurrency: number,
  ) {}

  get allJobs(): readonly SweepJob[] {
    return this.jobs;
  }

  get running(): boolean {
    return this.live.size > 0 || this.queue.length > 0;
  }

  get done(): number {
    return this.results.size;
  }

  result = (jobId: string): JobResult | undefined => this.results.get(jobId);

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(jobs: readonly SweepJob[]): void {
    this.stop();
    this.jobs = [...jobs];
    this.results = new Map();
    this.queue = [...jobs];
    this.pump();
    this.emit();
  }

  /** Shows finished results (imported from the command line or the history) without training. */
  load(jobs: readonly SweepJob[], results: ReadonlyMap<string, JobResult>): void {
    this.stop();
    this.jobs = [...jobs];
    this.results = new Map([...results].filter(([id]) => jobs.some((j) => j.id === id)));
    this.emit();
  }

  stop(): void {
    this.generation++;
    for (const instance of this.live.keys()) this.pool.dispose(instance);
    this.live.clear();
    this.queue = [];
    this.emit();
  }

  /** Consumes a pool event if it belongs to a sweep job; returns whether it did. */
  handle(event: PoolEvent): boolean {
    const instance = event.type === 'progress' ? event.progress.runId : event.runId;
    if (!instance.startsWith(SWEEP_PREFIX)) return false;
    const live = this.live.get(instance);
    if (!live) return true; // a stopped sweep's leftovers
    switch (event.type) {
      case 'created':
        if (!event.ok) this.finish(instance, live, 'invalid', event.error);
        break;
      case 'run-failed':
        this.finish(instance, live, 'failed', event.message);
        break;
      case 'progress': {
        const p = event.progress;
        for (const name of SWEEP_COLUMNS) {
          const chunk = p.columns[name];
          const rows = p.columns.step?.length ?? 0;
          for (let i = 0; i < rows; i++) live.columns[name].push(chunk ? chunk[i]! : Number.NaN);
        }
        live.computeMs = p.computeMs;
        if (p.status !== 'running') this.finish(instance, live, p.status, p.message);
        break;
      }
    }
    return true;
  }

  private finish(instance: string, live: Live, status: JobResult['status'], message: string): void {
    this.live.delete(instance);
    this.pool.dispose(instance);
    this.results.set(live.job.id, {
      status,
      message,
      computeMs: live.computeMs,
      columns: Object.fromEntries(
        SWEEP_COLUMNS.map((name) => [name, Float64Array.from(live.columns[name])]),
      ) as JobResult['columns'],
    });
    this.pump();
    this.emit();
  }

  private pump(): void {
    while (this.live.size < this.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      const instance = `${SWEEP_PREFIX}${this.generation}~${job.id}`;
      this.live.set(instance, {
        job,
        columns: Object.fromEntries(
          SWEEP_COLUMNS.map((n) => [n, []]),
        ) as unknown as Live['columns'],
        computeMs: 0,
      });
      this.pool.create(instance, JSON.stringify(job.config));
      this.pool.play([instance]);
    }
  }

  private emit(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
