// The contract between the C++ core (wasm-build/bindings.cpp, Embind) and the web app.
// Every number the page shows comes through this interface; the page never computes
// numerics of its own.

/** One catalog parameter (hyperparameter, schedule or problem setting). */
export interface CatalogParam {
  name: string;
  /** series: a list of numbers carried by the config (a previous run's gradient norms). */
  kind: 'real' | 'integer' | 'boolean' | 'choice' | 'series';
  default: number | string | boolean | number[]; // [] for series (no default)
  min?: number; // inclusive, for real/integer
  max?: number;
  log?: boolean; // the range spans decades: use a log slider
  choices?: string[];
  min_length?: number; // series
  max_length?: number;
  description: string;
}

export interface Citation {
  title: string;
  authors: string;
  year: number;
  venue?: string;
}

export interface CatalogEntry {
  name: string; // config name
  title: string; // display name
  description: string; // one-line mechanism
  citation: Citation;
  params: CatalogParam[];
}

export interface OptimizerEntry extends CatalogEntry {
  family: string; // "classic", "adaptive", ... for grouping in the picker
  family_title: string; // the family's display name ("Step size", "Layer-wise")
  cost: { gradients: number; hvps: number; jvps?: number }; // evaluations per step (jvps: forward mode)
  needs_hvp: boolean; // only for problems with exact Hessian-vector products ("hvp" below)
  functions_only: boolean; // only for 2-D functions (e.g. particle methods)
  networks_only: boolean; // only for networks (works with their outputs, e.g. Gauss-Newton)
}
export interface TransformEntry extends CatalogEntry {
  stage: 'pre' | 'post'; // pre: acts on the gradient; post: on the final update
}
export interface ScheduleEntry extends CatalogEntry {
  /** The rate reacts to the losses of the run (reduce_on_plateau): no preview before it runs. */
  needs_feedback: boolean;
}
export interface FunctionEntry extends CatalogEntry {
  formula: string;
  start: [number, number];
  box: [number, number, number, number]; // xmin, xmax, ymin, ymax
  minima: [number, number][];
  minimum_value: number | null;
  smooth: boolean;
  /** A min-max game: the map draws f, the marked point is its equilibrium, the loss is the
   * distance to it (the core's problems/functions/games.cpp). */
  game: boolean;
  hvp: boolean; // exact Hessian-vector products available
}
export interface DatasetEntry extends CatalogEntry {
  /** 'table': the user's own table (web/src/table/), described by the core. */
  family: 'synthetic' | 'regression' | 'real' | 'modular' | 'table';
  task: 'classification' | 'regression';
  plane: boolean; // 2-D inputs: a decision boundary can be drawn
  hvp: boolean; // exact Hessian-vector products available for the network on it
}
/** Low-rank matrix sensing (the core's problems/sensing/): a factor U of X = U U^T. */
export interface SensingEntry extends CatalogEntry {
  hvp: boolean; // exact Hessian-vector products available
}
export interface DiagnosticEntry {
  name: string;
  title: string;
  description: string;
  columns: string[]; // metric columns it fills
  cost: string; // e.g. "lanczos_steps HVPs per measurement"
  citation: Citation;
}

/** One metric column (the core's run/metric_columns.cpp): the page's charts, tables and
 * exports read this list, in this order. */
export interface MetricColumn {
  name: string; // "loss": the key in takeMetrics() (stream "rows") or takeBatchLosses()
  title: string; // a chart's title
  label: string; // the legend entry when a chart draws several columns ("train", "test")
  chart: string; // columns with the same chart id share a chart; "" for the x axis (step)
  scale: 'linear' | 'log'; // "log": the page's log-y toggle applies
  produced_by: 'all' | 'functions' | 'datasets' | 'classification' | 'measured';
  diagnostic: string | null; // the diagnostics entry that measures it
  unit: '' | 'fraction' | 'degrees' | 'count';
  smoothable: boolean; // a noisy training measurement the page may smooth
  reference: '2/lr' | null; // a reference line its chart draws
  description: string;
  stream: 'rows' | 'batch';
}

/** Arrays of one diagnostics measurement (takeDiagnostics). */
export interface DiagnosticRecord {
  step: number;
  hvps: number;
  eigenvalues?: number[]; // top-k Hessian eigenvalues, decreasing
  trace?: number;
  trace_standard_error?: number;
  layers?: { name: string; grad_norm: number; weight_norm: number; update_norm: number;
    update_ratio: number }[];
  effective_lr?: { log10_edges: number[]; counts: number[] };
  /** Hessian eigenvalue density (stochastic Lanczos quadrature): Ritz values and weights of
   * every probe, and their broadened density's mean over each bin between the edges. */
  hessian_density?: { edges: number[]; density: number[]; nodes: number[]; weights: number[] };
  example_grad_norms?: { edges: number[]; counts: number[] }; // per-example gradient norms
}

/** A loss slice: loss has alphas.length values (1-D) or betas.length x alphas.length
 * (2-D, row-major, beta outer); or an error naming the field. */
export type LandscapeResult =
  | { alphas: number[]; betas?: number[]; loss: number[] }
  | { error: string };

export interface Catalog {
  schema: number; // config schema version this core reads and writes
  optimizers: OptimizerEntry[];
  transforms: TransformEntry[];
  schedules: ScheduleEntry[];
  functions: FunctionEntry[];
  datasets: DatasetEntry[];
  /** Absent from catalogs older than the sensing problem kind (and from test fixtures). */
  sensing?: SensingEntry[];
  model: {
    activations: CatalogEntry[];
    inits: CatalogEntry[];
    losses: CatalogEntry[];
    params: CatalogParam[]; // init_gain, l1, l2, layer_norm, residual, ...
  };
  run: { params: CatalogParam[] }; // seed, steps, batch_size, eval_every
  /** The "diagnostics" config section (params) and every diagnostic with its paper. */
  diagnostics: { params: CatalogParam[]; entries: DiagnosticEntry[] };
  /** Every metric column, in the order of takeMetrics(), the CSV and the JSON export. */
  metrics: MetricColumn[];
  limits: Record<string, number>; // max_params, max_layers, max_width, max_steps, ...
}

/** A run config, schema 1 (see docs/config.md): JSON text crosses the boundary. */
export type RunConfig = Record<string, unknown>;

export interface FieldError {
  field: string; // "optimizer.lr"
  message: string; // names the value and what is allowed
}
export type ValidationResult =
  | { ok: true; config: RunConfig } // normalised: every default filled in
  | { ok: false; errors: FieldError[] };

/** Metrics since the previous takeMetrics(), one typed array per column of the catalog's
 * "metrics" with stream "rows", equal lengths. NaN marks "not measured at this row" (e.g. test
 * metrics, or x/y for networks); a run never reports NaN as a value: it stops with status
 * "diverged". */
export type MetricColumns = Record<string, Float64Array>;

export interface Run {
  ok(): boolean; // false when the config was invalid; see error()
  /** JSON text of a failed ValidationResult ({"ok": false, "errors": [...]}), or "". */
  error(): string;
  step(n: number): number; // advance up to n optimizer steps; returns steps done
  status(): 'running' | 'ok' | 'diverged'; // a refused config (ok() false) reads as diverged
  currentStep(): number;
  totalSteps(): number;
  message(): string; // e.g. "diverged at step 137: loss is not finite"
  takeMetrics(): MetricColumns;
  /** {"ok": true, "checkpoint": base64 text}: everything the run carries between steps. */
  checkpoint(): string;
  /** Continues from a checkpoint of a run of the same config: {"ok": true}, or the errors
   * (field "checkpoint.<slot>") with the run unchanged. The text is untrusted. */
  restore(text: string): string;
  /** JSON {"ok": true, "checkpoint": base64}: everything the run carries between steps
   * (parameters, optimizer state, random streams, schedule, step), to resume it bit for bit. */
  checkpoint(): string;
  /** Continues from checkpoint() text of a run of the same config: JSON {"ok": true} or a
   * failed ValidationResult (fields "checkpoint.<slot>"); the run is unchanged on failure. */
  restore(checkpoint: string): string;
  /** The minibatch loss of every step taken since the previous call (data sets; empty for
   * 2-D functions). */
  takeBatchLosses(): { step: Float64Array; batch_loss: Float64Array };
  /** JSON DiagnosticRecord[] measured since the previous call. */
  takeDiagnostics(): string;
  /** JSON LandscapeResult for {"dims": 1|2, "points": 3..101, "range": (0, 10]} around the
   * current weights (filter-normalised random directions from the run's probe stream). */
  landscape(requestJson: string): string;
  /** 2-D functions: every point visited so far, x0,y0,x1,y1,... */
  trajectory(): Float64Array;
  /** 2-D functions with a population optimizer (CBO, ES): the particles behind the latest
   * step, x0,y0,x1,y1,... (a copy); empty otherwise and before the first step. */
  particles(): Float32Array;
  /** Model output over a grid (row-major, y outer): classification: P(class) per class
   * (classes x ny x nx, class outer); regression: prediction (ny x nx). */
  grid(xmin: number, xmax: number, ymin: number, ymax: number, nx: number, ny: number): Float32Array;
  /** Train points for plotting: x (input_dim x n, column-major) and labels or targets. */
  trainData(): { x: Float32Array; inputDim: number; labels: Int32Array; targets: Float32Array };
  delete(): void;
}

export interface DescentModule {
  catalog(): string; // JSON Catalog
  gallery(): string; // JSON: the demos (read by web/src/gallery/gallery.ts)
  validate(configJson: string): string; // JSON ValidationResult
  /** The learning rate of a (valid) config for its run card's mini chart: every step of a
   * short run; of a long one, the first and last rates and each of 1024 buckets' lowest and
   * highest (cpp/schedule/preview.h). Empty for feedback schedules such as
   * reduce_on_plateau, whose rates depend on the run. */
  schedulePreview(configJson: string): Float64Array;
  /** Function values on an nx x ny grid (row-major, y outer) for a function problem. */
  functionGrid(problemJson: string, xmin: number, xmax: number, ymin: number, ymax: number,
    nx: number, ny: number): Float64Array;
  Run: new (configJson: string) => Run;
  /** JSON {t, loss} | {error}: the loss (on a's training set) along (1-t) w_a + t w_b for t
   * from -0.25 to 1.25 in `points` steps. */
  interpolateRuns(a: Run, b: Run, points: number): string;
  /** Bytes allocated on the WASM heap now (tests: leaks and bounds). */
  heapBytes(): number;
  /** Reads a user's CSV/TSV file and keeps it under its SHA-256 (the core computes it).
   * JSON TableRegistration. */
  registerTable(bytes: Uint8Array): string;
  /** JSON {ok: true, table: TableDescription} | {ok: false, error}: columns, first rows, the
   * label's classes or histogram, and why the choice (JSON TableChoiceJson) cannot train. */
  describeTable(sha256: string, choiceJson: string): string;
}

export type TableRegistration =
  | { ok: true; sha256: string; bytes: number; rows: number; columns: number }
  | { ok: false; error: string };

export interface TableColumn {
  name: string;
  type: 'numeric' | 'categorical';
  missing: number;
  levels: number;
  problem: string | null;
}

export interface TableDescription {
  sha256: string;
  bytes: number;
  rows: number;
  delimiter: string;
  columns: TableColumn[];
  preview: string[][];
  label: null | {
    name: string;
    guessed_task: 'classification' | 'regression';
    task: 'classification' | 'regression';
    classes?: { name: string; count: number }[];
    histogram?: { min: number | null; max: number | null; counts: number[] };
  };
  /** Encoded feature count (one-hot included). */
  features: number;
  error: string | null;
}

declare const createDescentModule: (options?: { wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string) => string }) => Promise<DescentModule>;
export default createDescentModule;
