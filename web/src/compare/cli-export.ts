// A sweep too big for a browser tab, as files for the native `descent run` under a batch
// engine: one config per job, GNU parallel and Slurm job-array scripts, and a manifest.
// The scripts gather every job's JSON Lines output into one results file, which the page
// imports back (parseCliResults) as the sweep's runs.
import type { AppState } from '../state/types';
import type { SweepJob } from './sweep-jobs';
import { SWEEP_COLUMNS, type JobResult, type JobStatus } from './sweep-results';
import type { TarFile } from './tar';

export const SWEEP_EXPORT_FORMAT = 'descent-sweep';
export const SWEEP_EXPORT_VERSION = 1;
export const RESULTS_FILE = 'results.jsonl';
/** Results files larger than this are refused before parsing. */
export const MAX_RESULTS_BYTES = 200 * 1024 * 1024;

const PARALLEL_SCRIPT = `#!/bin/sh
# Runs every job of this sweep with GNU parallel on one machine, then gathers the results
# into ${RESULTS_FILE} for the page's "Import results".
#   DESCENT=path/to/descent JOBS=4 sh run-parallel.sh
set -eu
cd "$(dirname "$0")"
DESCENT=\${DESCENT:-descent}
mkdir -p results
parallel --jobs "\${JOBS:-100%}" --halt never \\
  "$DESCENT" run configs/{}.json --out results/{}.jsonl '2>' results/{}.err :::: jobs.txt || true
sh gather.sh
`;

const SLURM_SCRIPT = (jobs: number) => `#!/bin/sh
# A Slurm job array, one task per job of this sweep:
#   sbatch run-slurm.sh        (then, when all tasks are done: sh gather.sh)
#SBATCH --job-name=descent-sweep
#SBATCH --array=1-${jobs}
#SBATCH --cpus-per-task=1
#SBATCH --output=results/slurm-%A_%a.log
set -eu
cd "\${SLURM_SUBMIT_DIR:-$(dirname "$0")}"
DESCENT=\${DESCENT:-descent}
mkdir -p results
job=$(sed -n "\${SLURM_ARRAY_TASK_ID}p" jobs.txt)
"$DESCENT" run "configs/$job.json" --out "results/$job.jsonl" 2> "results/$job.err"
`;

const GATHER_SCRIPT = `#!/bin/sh
# One file for the page: a {"job": ID} line before each job's JSON Lines output.
set -eu
cd "$(dirname "$0")"
: > ${RESULTS_FILE}
while read -r job; do
  [ -f "results/$job.jsonl" ] || continue
  printf '{"job": "%s"}\\n' "$job" >> ${RESULTS_FILE}
  cat "results/$job.jsonl" >> ${RESULTS_FILE}
done < jobs.txt
echo "wrote $(pwd)/${RESULTS_FILE}"
`;

export interface SweepManifest {
  format: typeof SWEEP_EXPORT_FORMAT;
  version: number;
  /** The page state, sweep included: importing the results needs the same jobs. */
  state: AppState;
  jobs: string[];
}

/** A user's table travels with the export: the file itself and its SHA-256. */
export interface ExportTable {
  file: string;
  sha256: string;
  bytes: Uint8Array;
}

/** A file name safe in a tar archive and a shell: letters, digits, '.', '_', '-'. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.-]+/, '');
  return (clean || 'table.csv').slice(-60);
}

/**
 * The files of the export, under one folder. Configs are exactly what the page trains; on a
 * user's table each also names the bundled file (problem.path, relative to the config), and
 * the native core checks that file against the config's problem.sha256 before training.
 */
export function cliExportFiles(
  state: AppState,
  jobs: readonly SweepJob[],
  folder = 'descent-sweep',
  table?: ExportTable,
): TarFile[] {
  const tableName = table ? safeFileName(table.file) : '';
  const tableFiles: TarFile[] = table
    ? [
        { path: `${folder}/table/${tableName}`, text: '', bytes: table.bytes },
        { path: `${folder}/table/SHA256SUMS`, text: `${table.sha256}  ${tableName}\n` },
      ]
    : [];
  const configOf = (job: SweepJob): unknown => {
    if (!table) return job.config;
    const problem = job.config.problem as Record<string, unknown>;
    return { ...job.config, problem: { ...problem, path: `../table/${tableName}` } };
  };
  const manifest: SweepManifest = {
    format: SWEEP_EXPORT_FORMAT,
    version: SWEEP_EXPORT_VERSION,
    state,
    jobs: jobs.map((j) => j.id),
  };
  return [
    {
      path: `${folder}/README.txt`,
      text: readme(jobs.length) + (table ? TABLE_NOTE(tableName) : ''),
    },
    { path: `${folder}/sweep.json`, text: `${JSON.stringify(manifest)}\n` },
    { path: `${folder}/jobs.txt`, text: jobs.map((j) => `${j.id}\n`).join('') },
    { path: `${folder}/run-parallel.sh`, text: PARALLEL_SCRIPT, mode: 0o755 },
    { path: `${folder}/run-slurm.sh`, text: SLURM_SCRIPT(jobs.length), mode: 0o755 },
    { path: `${folder}/gather.sh`, text: GATHER_SCRIPT, mode: 0o755 },
    ...tableFiles,
    ...jobs.map((j) => ({
      path: `${folder}/configs/${j.id}.json`,
      text: `${JSON.stringify(configOf(j), null, 1)}\n`,
    })),
  ];
}

function readme(jobs: number): string {
  return `A Descent sweep of ${jobs} runs, for the native command line (build it with
scripts/build-native.sh; the binary is build/descent).

  One machine (GNU parallel):  DESCENT=/path/to/descent sh run-parallel.sh
  A Slurm cluster:             sbatch run-slurm.sh   and, when it is done,  sh gather.sh

Then open the page with the same sweep (sweep.json holds it; the page's link does too) and
use "Import results" on ${RESULTS_FILE}.
`;
}

const TABLE_NOTE = (name: string) => `
The runs train on your table, table/${name} (its SHA-256 is in table/SHA256SUMS and in every
config's problem.sha256): descent refuses any other file at that path.
`;

export type ParsedResults =
  { ok: true; results: Map<string, JobResult> } | { ok: false; message: string };

const JOB_ID = /^[A-Za-z0-9_-]{1,16}\.p\d{1,4}\.s\d{1,3}$/;

/**
 * Reads gathered `descent run` output. Untrusted: size-limited, JSON.parse per line, only
 * known jobs and known numeric fields kept; anything else is an error naming the line.
 */
export function parseCliResults(text: string, knownJobs: ReadonlySet<string>): ParsedResults {
  if (text.length > MAX_RESULTS_BYTES) {
    return {
      ok: false,
      message: `The results file is too large (at most ${MAX_RESULTS_BYTES / 1048576} MB).`,
    };
  }
  const results = new Map<string, JobResult>();
  let job: string | null = null;
  let rows: Record<string, number[]> = {};
  let status: JobStatus | null = null;
  let message = '';
  const finish = () => {
    if (job === null) return;
    results.set(job, {
      status: status ?? 'failed',
      message: status ? message : 'the run did not finish (no status line)',
      columns: Object.fromEntries(
        SWEEP_COLUMNS.map((name) => [name, Float64Array.from(rows[name] ?? [])]),
      ) as JobResult['columns'],
      computeMs: 0,
    });
  };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return { ok: false, message: `Line ${i + 1} is not valid JSON.` };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, message: `Line ${i + 1} is not a JSON object.` };
    }
    const record = value as Record<string, unknown>;
    if ('job' in record) {
      finish();
      const id = record.job;
      if (typeof id !== 'string' || !JOB_ID.test(id) || !knownJobs.has(id)) {
        return { ok: false, message: `Line ${i + 1}: this sweep has no job named by it.` };
      }
      if (results.has(id)) return { ok: false, message: `Line ${i + 1}: job repeated.` };
      job = id;
      rows = Object.fromEntries(SWEEP_COLUMNS.map((name) => [name, []]));
      status = null;
      message = '';
      continue;
    }
    if (job === null)
      return { ok: false, message: `Line ${i + 1} comes before any {"job": …} line.` };
    if ('status' in record) {
      const s = record.status;
      if (s !== 'ok' && s !== 'diverged')
        return { ok: false, message: `Line ${i + 1}: unknown status.` };
      status = s;
      message = typeof record.message === 'string' ? record.message.slice(0, 500) : '';
      continue;
    }
    const step = record.step;
    if (typeof step !== 'number' || !Number.isFinite(step)) {
      return { ok: false, message: `Line ${i + 1}: a metric row needs a numeric step.` };
    }
    for (const name of SWEEP_COLUMNS) {
      const v = record[name];
      rows[name]!.push(typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN);
    }
    if (rows.step!.length > 2_000_000) return { ok: false, message: 'Too many rows.' };
  }
  finish();
  return { ok: true, results };
}
