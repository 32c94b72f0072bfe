// Export of the current comparison (CSV for spreadsheets, JSON for re-import) and import of a
// JSON export. Import is untrusted input: size limit, shape checks, then the core's validate().
import type { Catalog, DescentModule } from '../core/descent-module';
import { errorText } from '../core/load-module';
import { rowColumnNames } from '../metrics/columns';
import { metricsCsv } from '../metrics/csv';
import { MAX_IMPORT_BYTES, metricsJson, parseImport } from '../metrics/json-export';
import { runConfig } from '../state/run-config';
import type { StateStore } from '../state/store';
import { downloadText, readFileText } from '../util/download';
import type { Banner } from '../views/banner';
import type { TrainingController } from './training-controller';
import { validateRuns } from './validation';

export interface FileActionDeps {
  store: StateStore;
  training: TrainingController;
  module: DescentModule;
  banner: Banner;
  catalog: Pick<Catalog, 'metrics'>;
}

export function exportCsv({ store, training, catalog }: FileActionDeps): void {
  const runs = store.get().runs.flatMap((run) => {
    const record = training.record(run.id);
    return record ? [{ id: run.id, name: run.name, series: record.series }] : [];
  });
  downloadText('descent-metrics.csv', metricsCsv(runs, rowColumnNames(catalog)), 'text/csv');
}

export function exportJson({ store, training, catalog }: FileActionDeps): void {
  const state = store.get();
  const runs = state.runs.flatMap((run) => {
    const record = training.record(run.id);
    if (!record) return [];
    const { status, message, series } = record;
    return [{ id: run.id, name: run.name, config: runConfig(state, run), status, message, series }];
  });
  downloadText(
    'descent-runs.json',
    metricsJson(state, runs, rowColumnNames(catalog)),
    'application/json',
  );
}

export async function importJson(
  file: File,
  { store, training, module, banner }: FileActionDeps,
): Promise<void> {
  let text: string;
  try {
    text = await readFileText(file, MAX_IMPORT_BYTES);
  } catch (error) {
    banner.show(`Import failed: ${errorText(error)}.`);
    return;
  }
  const result = parseImport(text);
  if (!result.ok) {
    banner.show(`Import failed. ${result.message}`);
    return;
  }
  const refused = validateRuns(module, result.state).flatMap((v) =>
    v.errors.map((e) => `${v.runId}: ${e.field}: ${e.message}`),
  );
  if (refused.length > 0) {
    banner.show('Import failed: the training core refused the file’s settings.', 'error', refused);
    return;
  }
  // The embedding page's flags stay; the file decides everything else.
  const state = { ...result.state, embed: store.get().embed };
  store.set(state);
  training.loadImported(state, result.runs);
  const n = result.runs.length;
  banner.show(`Imported ${n} run${n === 1 ? '' : 's'} from ${file.name}.`, 'info');
}
