// The whole UI state, as one typed object (TensorFlow Playground style). The URL, the
// forms and the charts are all functions of it; metrics live elsewhere (metrics/), since
// they are produced by training, not chosen by the user. The types are derived from the
// page-state table (state-table.ts), which says each field's default, bounds and whether
// the link carries it.
import type { ValueOf } from './fields';
import type { APP_STATE, EMBED, MODEL, PANELS, PROBLEM, RUN, SWEEP, VIEW } from './state-table';

export { PANELS } from './state-table';

/** A catalog parameter value: reals, integers, booleans, choices and series (number lists). */
export type ParamValue = number | string | boolean | number[];
export type ParamValues = Record<string, ParamValue>;

export type AppState = ValueOf<typeof APP_STATE>;
export type ProblemState = ValueOf<typeof PROBLEM>;
export type ProblemKind = ProblemState['kind'];
export type ModelState = ValueOf<typeof MODEL>;
export type RunSpec = ValueOf<typeof RUN>;
/** A named catalog entry with its settings, e.g. {name: 'adam', params: {lr: 0.01}}. */
export type NamedConfig = RunSpec['optimizer'];
/** The run config's "precision": networks in float64 instead of float32. */
export type Precision = NonNullable<AppState['precision']>;
export type ViewOptions = ValueOf<typeof VIEW>;
export type EmbedOptions = ValueOf<typeof EMBED>;
export type PanelName = (typeof PANELS)[number];
export type SweepState = ValueOf<typeof SWEEP>;
/** One swept setting (`optimizer.lr`, `run.batch_size`, ...). */
export type SweepAxis = SweepState['axes'][number];
/** Which random streams the seed repetitions vary (the core's data/init/batch streams). */
export type SeedStreams = SweepState['seedStreams'];
/** What "equal" means across optimizers: steps, gradient evaluations, or wall time. */
export type BudgetKind = SweepState['budget'];
