// JSON export/import of a whole comparison: the UI state plus every run's metric columns.
// Import is untrusted input: size-limited, JSON.parse only, every field shape-checked.
import { STATE_VERSION, migrate } from '../share/migrations/migrations';
import { parseState } from '../share/parse-state';
import { ShapeError, array, number, object, optional, parseJsonFile, string } from '../share/shape';
import type { AppState } from '../state/types';
import type { RunStatus } from './run-record';
import { parseColumns } from './parse-columns';
import type { Series } from './series';

export const EXPORT_FORMAT = 'descent-runs';
export const EXPORT_VERSION = 1;
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
const MAX_ROWS = 2_000_000;

export interface ExportRun {
  id: string;
  name: string;
  config: unknown;
  status: RunStatus;
  message: string;
  series: Series;
}

/** `columns`: the catalog's row columns (columns.ts rowColumnNames), every one exported. */
export function metricsJson(
  state: AppState,
  runs: readonly ExportRun[],
  columns: readonly string[],
): string {
  return JSON.stringify({
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    stateVersion: STATE_VERSION,
    state,
    runs: runs.map((run) => ({
      id: run.id,
      name: run.name,
      config: run.config,
      status: run.status,
      message: run.message,
      // JSON has no NaN: "not measured" is null. Every column of the core's catalog,
      // including diagnostics (sharpness, ...), null where never measured.
      columns: Object.fromEntries(
        columns.map((name) => [
          name,
          Array.from(run.series.column(name), (v) => (Number.isFinite(v) ? v : null)),
        ]),
      ),
    })),
  });
}

export interface ImportedRun {
  id: string;
  status: RunStatus;
  message: string;
  columns: Record<string, Float64Array>;
}

export type ImportResult =
  { ok: true; state: AppState; runs: ImportedRun[] } | { ok: false; message: string };

const STATUSES: readonly RunStatus[] = ['idle', 'paused', 'ok', 'diverged', 'failed', 'invalid'];

function importedRun(value: unknown, index: number): ImportedRun {
  const path = `runs[${index}]`;
  const source = object(value, path);
  const columns = parseColumns(source.columns, `${path}.columns`, MAX_ROWS);
  const status = string(source.status ?? 'ok', `${path}.status`, 16) as RunStatus;
  return {
    id: string(source.id, `${path}.id`, 16),
    // A run that was mid-flight when exported is shown as paused, not as running.
    status: STATUSES.includes(status) ? status : 'paused',
    message: string(source.message ?? '', `${path}.message`, 500),
    columns,
  };
}

export function parseImport(text: string): ImportResult {
  const file = parseJsonFile(text, MAX_IMPORT_BYTES);
  if (!file.ok) return file;
  const value = file.value;
  try {
    const source = object(value, 'file');
    if (source.format !== EXPORT_FORMAT) {
      throw new ShapeError('format', `"${EXPORT_FORMAT}" (a file exported by Descent)`);
    }
    if (source.version !== EXPORT_VERSION) throw new ShapeError('version', `${EXPORT_VERSION}`);
    // Files exported by an older page hold an older state: carried through the link migrations.
    const stateVersion = optional(source.stateVersion, 1, (v) =>
      number(v, 'stateVersion', { min: 1, max: STATE_VERSION, integer: true }),
    );
    const migrated = migrate(source.state, stateVersion);
    if (!migrated.ok) return { ok: false, message: migrated.message };
    const parsed = parseState(migrated.state);
    if (!parsed.ok)
      return { ok: false, message: `The file's state is invalid: ${parsed.message}.` };
    const runs = array(source.runs ?? [], 'runs', 64).map(importedRun);
    const known = new Set(parsed.state.runs.map((r) => r.id));
    return { ok: true, state: parsed.state, runs: runs.filter((r) => known.has(r.id)) };
  } catch (error) {
    if (error instanceof ShapeError)
      return { ok: false, message: `The file is invalid: ${error.message}.` };
    return { ok: false, message: 'The file could not be read.' };
  }
}
