// The sweep's answer as a table: per run, the winning swept values and mean ± std over seeds
// of every metric, at the chosen budget.
import type { CellStats } from '../compare/sweep-results';
import type { Summary } from '../compare/stats';
import type { SweepState } from '../state/types';
import { el } from '../util/dom';
import { formatNumber } from '../util/format';
import type { RunInfo } from './sweep-charts';

export function meanStd(s: Summary): string {
  if (s.n === 0) return '—';
  return s.n > 1 ? `${formatNumber(s.mean)} ± ${formatNumber(s.std, 2)}` : formatNumber(s.mean);
}

export function sweepTable(
  sweep: SweepState,
  winners: ReadonlyMap<string, CellStats>,
  runs: readonly RunInfo[],
  opts: { classification: boolean; dataset: boolean; target: number | null; seeds: number },
): HTMLTableElement {
  const unit = sweep.budget === 'gradients' ? 'evals' : sweep.budget === 'time' ? 'ms' : 'steps';
  const headers = ['Run', ...sweep.axes.map((a) => `Best ${a.param}`), 'Final loss', 'Best loss'];
  if (opts.classification) headers.push('Acc.', 'Test acc.');
  else if (opts.dataset) headers.push('Test loss');
  headers.push(
    opts.target === null ? 'To target' : `To ≤ ${formatNumber(opts.target)} (${unit})`,
    `AUC (${unit})`,
    'Diverged',
    'Seeds',
  );
  const ranked = [...winners.values()].sort((a, b) => a.score - b.score);
  const rows = ranked.map((s, rank) => {
    const run = runs.find((r) => r.id === s.cell.runId);
    const m = s.metrics;
    const cells: string[] = [
      `${rank === 0 && Number.isFinite(s.score) ? '★ ' : ''}${run?.name ?? s.cell.runId}`,
      ...sweep.axes.map((a) => {
        const v = s.cell.point[a.param];
        return v === undefined ? 'n/a' : formatNumber(v);
      }),
      meanStd(m.finalLoss),
      meanStd(m.bestLoss),
    ];
    if (opts.classification) cells.push(meanStd(m.finalAccuracy), meanStd(m.finalTestAccuracy));
    else if (opts.dataset) cells.push(meanStd(m.finalTestLoss));
    cells.push(
      opts.target === null
        ? '—'
        : `${meanStd(m.toTarget)}${m.toTarget.n < s.finished ? ` (${m.toTarget.n}/${s.finished})` : ''}`,
      meanStd(m.auc),
      `${Math.round(m.diverged.mean * m.diverged.n)}/${m.diverged.n}`,
      `${s.finished}/${s.cell.jobs.length}`,
    );
    const tr = el(
      'tr',
      { attrs: { 'data-run': s.cell.runId } },
      cells.map((text, i) => el(i === 0 ? 'th' : 'td', { text })),
    );
    if (run) (tr.firstElementChild as HTMLElement).style.borderLeft = `4px solid ${run.color}`;
    return tr;
  });
  return el('table', { class: 'sweep-table' }, [
    el('thead', {}, [
      el(
        'tr',
        {},
        headers.map((h) => el('th', { text: h, attrs: { scope: 'col' } })),
      ),
    ]),
    el('tbody', {}, rows),
  ]);
}
