// What a reload needs to continue a paused run, and the checks on it when it comes back from
// storage (untrusted: another version of the page, a damaged or hand-edited database). The
// numbers are the core's: the checkpoint is Run.checkpoint()'s text, the rows are the rows the
// core sent; the page only moves them.
import { STATE_VERSION } from '../share/link';
import { isColumnName } from '../metrics/series';

export interface PausedRun {
  runId: string;
  /** The run's config JSON (runConfigKey): the resumed run must have the same. */
  configKey: string;
  /** Run.checkpoint()'s base64 text. */
  checkpoint: string;
  /** The step the checkpoint was taken at; the rows end there. */
  step: number;
  totalSteps: number;
  /** The run's metric rows so far (the charts' series), one array per column. */
  columns: Record<string, Float64Array>;
  /** Its minibatch losses (data sets): columns step and batch_loss. */
  batch: Record<string, Float64Array>;
}

/** One stored run (keyed by run id): a comparison's runs each keep theirs. */
export interface SavedRun extends PausedRun {
  /** The page state as a link (`s<version>.…`), the same for every run of one pause. */
  link: string;
  stateVersion: number;
  savedAt: number;
}

/** The paused runs of one pause, newest first when several were found. */
export interface SavedSession {
  link: string;
  savedAt: number;
  runs: SavedRun[];
}

const MAX_CHECKPOINT_CHARS = 64 * 1024 * 1024;
const MAX_CONFIG_CHARS = 1024 * 1024;
const MAX_LINK_CHARS = 32_000;
const MAX_COLUMNS = 64;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const RUN_ID = /^[A-Za-z0-9_-]{1,16}$/;

/** The checkpoint text of Run.checkpoint()'s JSON answer, or null when it holds none. */
export function checkpointText(json: string): string | null {
  try {
    const answer = JSON.parse(json) as { ok?: unknown; checkpoint?: unknown };
    return answer.ok === true && typeof answer.checkpoint === 'string' ? answer.checkpoint : null;
  } catch {
    return null;
  }
}

class Refused extends Error {}

function columns(value: unknown, field: string): Record<string, Float64Array> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Refused(`${field} is not a set of columns`);
  const names = Object.keys(value);
  if (names.length > MAX_COLUMNS)
    throw new Refused(`${field} has more than ${MAX_COLUMNS} columns`);
  let rows = -1;
  for (const name of names) {
    const column = (value as Record<string, unknown>)[name];
    if (!isColumnName(name)) throw new Refused(`${field} has a column named “${name}”`);
    if (!(column instanceof Float64Array))
      throw new Refused(`${field}.${name} is not an array of numbers`);
    if (rows >= 0 && column.length !== rows)
      throw new Refused(`${field}.${name} has ${column.length} rows, the others ${rows}`);
    rows = column.length;
  }
  return value as Record<string, Float64Array>;
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new Refused(`${field} is not a step count`);
  return value;
}

function text(value: unknown, field: string, max: number, pattern?: RegExp): string {
  if (typeof value !== 'string' || value.length > max || (pattern && !pattern.test(value)))
    throw new Refused(`${field} is damaged`);
  return value;
}

/**
 * A stored value as a saved run, or a message naming what is wrong with it (a foreign
 * version, a damaged field, rows that end elsewhere than the checkpoint).
 */
export function checkSavedRun(
  value: unknown,
): { ok: true; run: SavedRun } | { ok: false; message: string } {
  try {
    if (typeof value !== 'object' || value === null) throw new Refused('it is not a saved run');
    const v = value as Record<string, unknown>;
    const runId = text(v.runId, 'its run id', 16, RUN_ID);
    try {
      if (v.stateVersion !== STATE_VERSION)
        throw new Refused(
          `it was saved by a page of state version ${String(v.stateVersion)}; this page keeps version ${STATE_VERSION}`,
        );
      const step = count(v.step, 'its step');
      const totalSteps = count(v.totalSteps, 'its step count');
      if (step > totalSteps) throw new Refused(`its step ${step} is past its end (${totalSteps})`);
      const rows = columns(v.columns, 'its rows');
      // Rows are logged at evaluations: the last one is at the checkpoint's step or before.
      const steps = rows.step;
      const lastStep = steps && steps.length > 0 ? steps[steps.length - 1]! : 0;
      if (!(lastStep <= step))
        throw new Refused(`its rows end at step ${lastStep}, past its checkpoint at ${step}`);
      const run: SavedRun = {
        runId,
        configKey: text(v.configKey, 'its settings', MAX_CONFIG_CHARS),
        checkpoint: text(v.checkpoint, 'its checkpoint', MAX_CHECKPOINT_CHARS, BASE64),
        step,
        totalSteps,
        columns: rows,
        batch: columns(v.batch, 'its minibatch losses'),
        link: text(v.link, 'its page state', MAX_LINK_CHARS, /^s\d{1,4}\./),
        stateVersion: STATE_VERSION,
        savedAt: count(v.savedAt, 'its time'),
      };
      return { ok: true, run };
    } catch (error) {
      if (error instanceof Refused) throw new Refused(`run ${runId}: ${error.message}`);
      throw error;
    }
  } catch (error) {
    if (error instanceof Refused) return { ok: false, message: error.message };
    throw error;
  }
}

/** The newest pause among the stored runs (runs of one pause share its link and time). */
export function newestSession(runs: readonly SavedRun[]): SavedSession | null {
  let newest: SavedRun | undefined;
  for (const run of runs) if (!newest || run.savedAt > newest.savedAt) newest = run;
  if (!newest) return null;
  const { link, savedAt } = newest;
  return {
    link,
    savedAt,
    runs: runs.filter((run) => run.savedAt === savedAt && run.link === link),
  };
}
