// The Compare panel: repeat every run over seeds, sweep hyperparameters, compare at equal
// budgets, tune each optimizer's learning rate with the same budget in one action; the
// answer as bands, sweep views and a table. Settings live in state.sweep (the link); the
// jobs run in the shared worker pool through the SweepRunner.
import type { AppContext } from '../app/context';
import { byName } from '../core/catalog';
import { errorText } from '../core/load-module';
import { cliExportFiles, parseCliResults, MAX_RESULTS_BYTES } from '../compare/cli-export';
import { bandEdges } from '../compare/stats';
import { sweepJobs, type SweepJob } from '../compare/sweep-jobs';
import type { SweepRunner } from '../compare/sweep-runner';
import { cellBand, cellStats, cellsOf, winners, type CellStats } from '../compare/sweep-results';
import { tarArchive } from '../compare/tar';
import type { AppState, SweepState } from '../state/types';
import { button, el } from '../util/dom';
import { downloadText, readFileText } from '../util/download';
import type { Banner } from './banner';
import {
  BandChart,
  HeatMaps,
  ParallelCoordinates,
  SweepCurveChart,
  budgetUnit,
  type RunInfo,
} from './sweep-charts';
import { SweepForm, sweepOf } from './sweep-form';
import { sweepTable } from './sweep-table';

export interface ComparePanelDeps {
  banner: Banner;
  /** Called once when a sweep finishes (for the history). */
  onFinished: (state: AppState, jobs: readonly SweepJob[]) => void;
}

export class ComparePanel {
  readonly element: HTMLElement;
  private form: SweepForm;
  private progress = el('p', { class: 'sweep-progress', attrs: { 'aria-live': 'polite' } });
  private runButton: HTMLButtonElement;
  private stopButton: HTMLButtonElement;
  private bands = new BandChart();
  private curve = new SweepCurveChart();
  private heat = new HeatMaps();
  private parallel = new ParallelCoordinates();
  private tableBox = el('div', { class: 'table-scroll' });
  private results = el('div', { class: 'sweep-results' });
  /** The state the shown results were computed for (run names, sweep settings). */
  private shownState: AppState | null = null;
  private wasRunning = false;
  private signature = '';

  constructor(
    private app: AppContext,
    private runner: SweepRunner,
    private deps: ComparePanelDeps,
  ) {
    this.form = new SweepForm(app);
    this.runButton = button('Run sweep', () => this.run(), {
      class: 'primary',
      attrs: { 'data-action': 'sweep-run' },
    });
    this.stopButton = button('Stop', () => runner.stop(), {
      attrs: { 'data-action': 'sweep-stop' },
    });
    const importInput = el('input', {
      attrs: { type: 'file', accept: '.jsonl,.json,application/json', hidden: '' },
    });
    importInput.addEventListener('change', () => {
      const file = importInput.files?.[0];
      importInput.value = '';
      if (file) void this.importResults(file);
    });
    this.results.append(
      el('h3', { text: 'Loss over seeds (each run at its best setting)' }),
      this.bands.element,
      el('h3', { text: 'Loss against the swept value' }),
      this.curve.element,
      this.heat.element,
      this.parallel.element,
      this.tableBox,
    );
    this.results.hidden = true;
    this.element = el(
      'section',
      {
        class: 'panel compare-panel',
        attrs: { 'aria-label': 'Compare over seeds and sweeps', 'data-panel-name': 'compare' },
      },
      [
        el('div', { class: 'panel-head' }, [el('h2', { text: 'Compare: seeds, sweeps, budgets' })]),
        el('p', {
          class: 'hint',
          text: 'Repeat every run over seeds, sweep settings of every run, and compare at equal steps, gradient evaluations or time. The sweep is part of the link.',
        }),
        this.form.element,
        el('div', { class: 'sweep-actions' }, [
          this.runButton,
          button('Tune learning rates fairly', () => this.tune(), {
            attrs: {
              'data-action': 'sweep-tune',
              title:
                'Sweep each optimizer’s learning rate (log grid) at an equal gradient-evaluation budget over the chosen seeds, then compare each at its best rate',
            },
          }),
          this.stopButton,
          button('Export for the command line', () => this.exportCli(), {
            attrs: {
              'data-action': 'sweep-export-cli',
              title: 'A tar archive: one config per run, GNU parallel and Slurm scripts',
            },
          }),
          button('Import results', () => importInput.click(), {
            attrs: { 'data-action': 'sweep-import' },
          }),
          button('Results (JSON)', () => this.exportResults(), {
            attrs: { 'data-action': 'sweep-export-json' },
          }),
          importInput,
        ]),
        this.progress,
        this.results,
      ],
    );
  }

  private jobCache = new WeakMap<AppState, { jobs: SweepJob[]; key: string }>();

  /** The state's sweep jobs (cached per state object: the render loop asks every frame). */
  private planned(state: AppState): { jobs: SweepJob[]; key: string } {
    let hit = this.jobCache.get(state);
    if (!hit) {
      const jobs = sweepJobs(this.app.catalog, state, sweepOf(state));
      hit = { jobs, key: JSON.stringify(jobs.map((j) => [j.id, j.config])) };
      this.jobCache.set(state, hit);
    }
    return hit;
  }

  private jobsFor(state: AppState): SweepJob[] {
    return this.planned(state).jobs;
  }

  run(): void {
    const state = this.app.store.get();
    const jobs = this.jobsFor(state);
    this.shownState = state;
    this.runner.start(jobs);
  }

  /** One action: the learning rate swept on a log grid at equal gradient evaluations, then run. */
  tune(): void {
    this.app.store.update((state) => {
      const sweep = sweepOf(state);
      const next: SweepState = {
        ...sweep,
        axes: [{ param: 'optimizer.lr', lo: 1e-4, hi: 1, count: 5, log: true }],
        mode: 'grid',
        budget: 'gradients',
        budgetAmount: sweep.budget === 'gradients' ? sweep.budgetAmount : state.steps,
      };
      return { ...state, sweep: next };
    });
    this.run();
  }

  private exportCli(): void {
    const state = this.app.store.get();
    const jobs = this.jobsFor(state);
    const sha = state.problem.table?.sha256;
    const known = sha ? this.app.tables?.registry.get(sha) : undefined;
    const table = known
      ? { file: known.file, sha256: known.sha256, bytes: known.bytes }
      : undefined;
    const tar = tarArchive(cliExportFiles(state, jobs, undefined, table));
    const url = URL.createObjectURL(new Blob([tar], { type: 'application/x-tar' }));
    const link = el('a', { attrs: { href: url, download: 'descent-sweep.tar' } });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  private async importResults(file: File): Promise<void> {
    let text: string;
    try {
      text = await readFileText(file, MAX_RESULTS_BYTES);
    } catch (error) {
      this.deps.banner.show(`Import failed: ${errorText(error)}.`);
      return;
    }
    const state = this.app.store.get();
    const jobs = this.jobsFor(state);
    const parsed = parseCliResults(text, new Set(jobs.map((j) => j.id)));
    if (!parsed.ok) {
      this.deps.banner.show(`Import failed. ${parsed.message}`);
      return;
    }
    this.shownState = state;
    this.runner.load(jobs, parsed.results);
    this.deps.banner.show(
      `Imported ${parsed.results.size} of ${jobs.length} sweep runs from ${file.name}.`,
      'info',
    );
  }

  /** Shows stored results (history) for a state. */
  show(state: AppState): void {
    this.shownState = state;
  }

  private exportResults(): void {
    const state = this.shownState;
    if (!state) return;
    const sweep = sweepOf(state);
    const stats = this.stats(state);
    const best = winners(stats);
    const payload = {
      format: 'descent-sweep-results',
      version: 1,
      sweep,
      jobs: this.runner.allJobs.map((job) => {
        const r = this.runner.result(job.id);
        return {
          id: job.id,
          config: job.config,
          status: r?.status ?? 'pending',
          columns: r
            ? Object.fromEntries(
                Object.entries(r.columns).map(([k, v]) => [
                  k,
                  Array.from(v, (x) => (Number.isFinite(x) ? x : null)),
                ]),
              )
            : null,
        };
      }),
      winners: [...best.values()].map((s) => {
        const band = cellBand(s.cell, this.runner.result, sweep);
        return {
          runId: s.cell.runId,
          point: s.cell.point,
          score: Number.isFinite(s.score) ? s.score : null,
          band,
          edges: bandEdges(band, sweep.band),
        };
      }),
    };
    downloadText('descent-sweep-results.json', JSON.stringify(payload), 'application/json');
  }

  private stats(state: AppState): CellStats[] {
    const sweep = sweepOf(state);
    return cellsOf(this.runner.allJobs).map((cell) =>
      cellStats(cell, this.runner.result, sweep, state.view.targetLoss),
    );
  }

  update(state: AppState): void {
    this.form.update(state);
    const running = this.runner.running;
    this.stopButton.disabled = !running;
    const total = this.runner.allJobs.length;
    const planned = this.planned(state);
    const stale = this.shownState !== null && this.planned(this.shownState).key !== planned.key;
    this.progress.textContent = running
      ? `Training ${this.runner.done} / ${total} runs…`
      : total > 0
        ? `${this.runner.done} / ${total} runs done.${stale ? ' The settings changed since: run the sweep again to update.' : ''}`
        : `${planned.jobs.length} runs planned (${state.runs.length} run${state.runs.length === 1 ? '' : 's'} × points × seeds).`;
    if (this.wasRunning && !running && this.shownState && this.runner.done === total && total > 0) {
      this.deps.onFinished(this.shownState, this.runner.allJobs);
    }
    this.wasRunning = running;
    const shown = this.shownState;
    this.results.hidden = !shown || this.runner.done === 0;
    if (!shown || this.results.hidden) return;
    const signature = JSON.stringify([
      this.runner.version,
      state.view,
      shown.sweep,
      state.runs.map((r) => [r.id, r.name, r.color]),
    ]);
    if (signature === this.signature) return;
    this.signature = signature;
    const sweep = sweepOf(shown);
    const runs: RunInfo[] = shown.runs.map((r) => {
      const now = state.runs.find((x) => x.id === r.id);
      return { id: r.id, name: now?.name ?? r.name, color: now?.color ?? r.color };
    });
    const stats = this.stats({ ...shown, view: state.view });
    const best = winners(stats);
    this.bands.update(
      state,
      sweep,
      [...best.values()],
      runs,
      this.runner.result,
      this.runner.version,
    );
    this.curve.update(sweep, stats, runs, this.runner.version);
    this.heat.update(sweep, stats, runs, this.runner.version);
    this.parallel.update(sweep, stats, runs, this.runner.version);
    const dataset = shown.problem.kind === 'dataset';
    const classification =
      dataset && byName(this.app.catalog.datasets, shown.problem.name)?.task === 'classification';
    this.tableBox.replaceChildren(
      el('p', {
        class: 'hint',
        text: `Each run at its best setting by mean ${sweep.select} loss over ${sweep.seeds} seed${sweep.seeds === 1 ? '' : 's'} (a setting where any seed diverged never wins); budget: ${sweep.budget === 'steps' ? `${shown.steps} steps` : `${sweep.budgetAmount} ${budgetUnit(sweep)}`}. Mean ± std over seeds.`,
      }),
      sweepTable(sweep, best, runs, {
        classification,
        dataset,
        target: state.view.targetLoss,
        seeds: sweep.seeds,
      }),
    );
  }
}
