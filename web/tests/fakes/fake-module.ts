// TEST-ONLY stand-in for the core, implementing the contract (core/descent-module.d.ts) just
// enough to exercise the worker protocol: a run's "loss" is 1/(step+1), lr > 1 diverges at
// step 5, optimizer "explode" throws from step(), optimizer "cloud" has particles. Never
// imported by app code. It reports only the columns it simulates (named like the core's,
// cpp/run/metric_columns.cpp); the page reads any other column as "not measured".
import type { DescentModule, MetricColumns, Run } from '../../src/core/descent-module';

type FakeRow = Record<'step' | 'loss' | 'lr' | 'grad_norm' | 'update_norm' | 'x' | 'y', number>;

interface FakeConfig {
  steps: number;
  optimizer: { name: string; lr?: number };
  problem: { kind: string };
}

export class FakeRun implements Run {
  static live = 0;
  private config: FakeConfig | null = null;
  private problem = '';
  private stepIndex = 0;
  private rows: FakeRow[] = [];
  private points: number[] = [];
  private state: 'running' | 'ok' | 'diverged' = 'running';
  private note = '';
  /** Simulated cost per step in ms for the fake clock (see fakeClock). */
  static msPerStep = 0.01;
  static clock = { now: 0 };

  constructor(text: string) {
    try {
      const parsed = JSON.parse(text) as FakeConfig;
      if (typeof parsed.steps !== 'number' || parsed.steps < 1) throw new Error('steps');
      this.config = parsed;
      this.problem = parsed.problem?.kind ?? 'function';
      this.points.push(0, 0);
      FakeRun.live++;
    } catch {
      this.problem = 'invalid';
    }
  }

  ok(): boolean {
    return this.config !== null;
  }
  error(): string {
    return this.config
      ? ''
      : '{"ok":false,"errors":[{"field":"steps","message":"must be at least 1"}]}';
  }
  takeDiagnostics(): string {
    return '[]'; // the fake measures no diagnostics
  }
  checkpoint(): string {
    return JSON.stringify({
      ok: false,
      errors: [{ field: 'checkpoint', message: 'not in the fake' }],
    });
  }
  restore(): string {
    return this.checkpoint();
  }
  takeBatchLosses(): { step: Float64Array; batch_loss: Float64Array } {
    // The fake trains 2-D functions only: no minibatches.
    return { step: new Float64Array(), batch_loss: new Float64Array() };
  }
  landscape(): string {
    throw new Error('the fake core has no loss landscape');
  }
  step(n: number): number {
    const config = this.config!;
    if (config.optimizer.name === 'explode' && this.stepIndex >= 3) throw new Error('core abort');
    let done = 0;
    while (done < n && this.state === 'running' && this.stepIndex < config.steps) {
      const k = this.stepIndex++;
      done++;
      if ((config.optimizer.lr ?? 0.1) > 1 && k === 5) {
        this.state = 'diverged';
        this.note = `diverged at step ${k}: loss is not finite`;
        break;
      }
      const isFunction = this.problem === 'function';
      this.rows.push({
        step: k,
        loss: 1 / (k + 1),
        lr: config.optimizer.lr ?? 0.1,
        grad_norm: 1,
        update_norm: 0.1,
        x: isFunction ? k : NaN,
        y: isFunction ? -k : NaN,
      });
      if (isFunction) this.points.push(k, -k);
    }
    if (this.state === 'running' && this.stepIndex >= config.steps) this.state = 'ok';
    FakeRun.clock.now += done * FakeRun.msPerStep;
    return done;
  }
  status(): 'running' | 'ok' | 'diverged' {
    return this.state;
  }
  currentStep(): number {
    return this.stepIndex;
  }
  totalSteps(): number {
    return this.config?.steps ?? 0;
  }
  message(): string {
    return this.note;
  }
  takeMetrics(): MetricColumns {
    const out: MetricColumns = {};
    const names = Object.keys(this.rows[0] ?? { step: 0 }) as (keyof FakeRow)[];
    for (const name of names) out[name] = Float64Array.from(this.rows, (row) => row[name]);
    this.rows = [];
    return out;
  }
  trajectory(): Float64Array {
    return Float64Array.from(this.points);
  }
  /** Optimizer "cloud": three particles around the current point (function problems). */
  particles(): Float32Array {
    if (this.config?.optimizer.name !== 'cloud' || this.stepIndex === 0) return new Float32Array();
    const k = this.stepIndex - 1;
    return Float32Array.from([k - 1, -k, k + 1, -k, k, -k + 1]);
  }
  grid(
    _xmin: number,
    _xmax: number,
    _ymin: number,
    _ymax: number,
    nx: number,
    ny: number,
  ): Float32Array {
    return new Float32Array(2 * nx * ny).fill(0.5);
  }
  trainData() {
    return {
      x: new Float32Array([0, 1, 2, 3]),
      inputDim: 2,
      labels: new Int32Array([0, 1]),
      targets: new Float32Array(0),
    };
  }
  delete(): void {
    if (this.config) FakeRun.live--;
    this.config = null;
  }
}

export function fakeModule(): DescentModule {
  return {
    catalog: () => '{}',
    validate: (text) => JSON.stringify({ ok: true, config: JSON.parse(text) as unknown }),
    schedulePreview: () => new Float64Array(0),
    functionGrid: (_p, _a, _b, _c, _d, nx, ny) => new Float64Array(nx * ny),
    Run: FakeRun,
    heapBytes: () => 0,
    gallery: () => '[]',
    interpolateRuns: () => {
      throw new Error('the fake core cannot interpolate runs');
    },
    registerTable: () => JSON.stringify({ ok: false, error: 'the fake core reads no tables' }),
    describeTable: () => JSON.stringify({ ok: false, error: 'the fake core reads no tables' }),
  };
}
