// Messages between the main thread and a training worker. Metrics flow one way
// (core → worker → store); the main thread only sends commands.

import type { DiagnosticRecord } from '../metrics/diagnostics';

export type Box = [xmin: number, xmax: number, ymin: number, ymax: number];

export type ToWorker =
  /** `compiled`: the core's code compiled once on the page (absent: the worker fetches it). */
  | { type: 'load'; moduleUrl: string; compiled?: WebAssembly.Module }
  /** `checkpoint`: Run.checkpoint() text of a paused run of this config, to continue from
   * (a resumed run); refused text leaves a fresh run and a `restoreError`. */
  | { type: 'create'; runId: string; config: string; checkpoint?: string }
  /** A user's table: registered in the worker's core (under its SHA-256) before any run
   * whose config names it; sent to every worker, and again to each new one. */
  | { type: 'table'; bytes: Uint8Array }
  | { type: 'dispose'; runId: string }
  /** Advance these runs continuously until they finish or a pause. */
  | { type: 'play'; runIds: string[] }
  | { type: 'pause'; runIds: string[] }
  /** Advance each listed run by exactly n steps (the single-step button). */
  | { type: 'step'; runIds: string[]; n: number }
  | { type: 'grid'; runId: string; requestId: number; box: Box; nx: number; ny: number }
  | { type: 'train-data'; runId: string; requestId: number }
  /** Run.checkpoint()'s JSON answer for the run as it stands (after the messages before). */
  | { type: 'checkpoint'; runId: string; requestId: number }
  /** A loss slice around the run's weights: request JSON as Run.landscape() reads it. */
  | { type: 'landscape'; runId: string; requestId: number; request: string };

export type RunState = 'running' | 'ok' | 'diverged';

export interface ProgressMessage {
  type: 'progress';
  runId: string;
  /** New metric rows since the previous progress message, one array per column. */
  columns: Record<string, Float64Array>;
  currentStep: number;
  totalSteps: number;
  status: RunState;
  message: string;
  /** Time spent inside step() for this run so far. */
  computeMs: number;
  /** Whether the worker is still advancing this run. */
  active: boolean;
  /** The minibatch loss of every step since the previous message (data sets), if any. */
  batch?: { step: Float64Array; batch_loss: Float64Array };
  /** Diagnostic records since the previous message (Run.takeDiagnostics()), if any. */
  diagnostics?: DiagnosticRecord[];
  /** The optimizer's particles at currentStep (CBO, ES on 2-D functions), x0,y0,x1,y1,...;
   * absent for single-point optimizers. */
  particles?: Float32Array;
}

export interface Created {
  type: 'created';
  runId: string;
  ok: boolean;
  error: string;
  totalSteps: number;
  /** Why the checkpoint of a resumed run was refused (the run then starts fresh). */
  restoreError?: string;
}

export type FromWorker =
  | { type: 'loaded' }
  | { type: 'load-failed'; message: string }
  | Created
  | ProgressMessage
  | { type: 'run-failed'; runId: string; message: string }
  | {
      type: 'grid';
      runId: string;
      requestId: number;
      values: Float32Array;
      nx: number;
      ny: number;
    }
  | {
      type: 'train-data';
      runId: string;
      requestId: number;
      x: Float32Array;
      inputDim: number;
      labels: Int32Array;
      targets: Float32Array;
    }
  | { type: 'landscape'; runId: string; requestId: number; json: string }
  /** `json`: Run.checkpoint()'s answer; `step`: the step it was taken at. */
  | { type: 'checkpoint'; runId: string; requestId: number; json: string; step: number }
  | { type: 'request-failed'; runId: string; requestId: number; message: string };

/** The buffers of a message that can be transferred instead of copied. */
export function transferables(message: FromWorker): Transferable[] {
  switch (message.type) {
    case 'progress':
      return [
        ...Object.values(message.columns).map((c) => c.buffer),
        ...(message.particles ? [message.particles.buffer] : []),
        ...(message.batch ? [message.batch.step.buffer, message.batch.batch_loss.buffer] : []),
      ];
    case 'grid':
      return [message.values.buffer];
    case 'train-data':
      return [message.x.buffer, message.labels.buffer, message.targets.buffer];
    default:
      return [];
  }
}
