// Per-run numbers side by side: final and best loss, accuracies, steps to reach a target
// loss (user-set), wall time in the core, status.
import type { AppContext } from '../app/context';
import { byName } from '../core/catalog';
import { summarize } from '../metrics/summary';
import type { RunRecord } from '../metrics/run-record';
import type { AppState } from '../state/types';
import { el, panelSection, uniqueId } from '../util/dom';
import { formatDuration, formatNumber } from '../util/format';
import { statusText } from './run-status';

export class ComparisonTable {
  readonly element: HTMLElement;
  private table = el('table', { class: 'comparison' });
  private target: HTMLInputElement;
  private signature = '';

  constructor(private app: AppContext) {
    const id = uniqueId('target');
    this.target = el('input', {
      attrs: { id, type: 'number', step: 'any', placeholder: 'e.g. 0.01', inputmode: 'decimal' },
    });
    this.target.addEventListener('change', () => {
      const raw = this.target.value.trim();
      const value = raw === '' ? null : Number(raw);
      if (value !== null && !Number.isFinite(value)) return;
      this.app.store.update((s) => ({ ...s, view: { ...s.view, targetLoss: value } }));
    });
    this.element = panelSection(
      'table-panel',
      'Comparison',
      'Comparison',
      [
        el('span', { class: 'target' }, [
          el('label', { text: 'Target loss ', attrs: { for: id } }),
          this.target,
        ]),
      ],
      [
        // Focusable, so keyboard users can scroll a table wider than the screen.
        el(
          'div',
          {
            class: 'table-scroll',
            attrs: { tabindex: '0', role: 'region', 'aria-label': 'Comparison table (scrolls)' },
          },
          [this.table],
        ),
      ],
    );
  }

  update(state: AppState, record: (id: string) => RunRecord | undefined): void {
    if (document.activeElement !== this.target)
      this.target.value = state.view.targetLoss === null ? '' : String(state.view.targetLoss);
    const classification =
      state.problem.kind === 'dataset' &&
      byName(this.app.catalog.datasets, state.problem.name)?.task === 'classification';
    const signature = JSON.stringify([
      state.runs.map((r) => [r.id, r.name, r.color, r.optimizer.name, record(r.id)?.version]),
      state.view.targetLoss,
      classification,
      state.view.selectedRun,
    ]);
    if (signature === this.signature) return;
    this.signature = signature;

    // [header, explanation shown on hover]
    const headers: [string, string][] = [
      ['Run', ''],
      ['Status', ''],
      ['Final loss', 'Training loss at the last measured step'],
      ['Best loss', 'Lowest training loss measured'],
    ];
    if (classification) {
      headers.push(
        ['Acc.', 'Training accuracy, last measured'],
        ['Test acc.', 'Test accuracy, last measured'],
      );
    } else if (state.problem.kind === 'dataset') {
      headers.push(['Test loss', 'Test loss, last measured']);
    }
    headers.push(
      state.view.targetLoss === null
        ? ['To target', 'Set a target loss above to see the first step that reaches it']
        : [
            `Steps to ≤ ${formatNumber(state.view.targetLoss)}`,
            'First step whose training loss is at or below the target',
          ],
      ['AUC', 'Area under the training-loss curve over steps: low if the loss got low early'],
      ['Time', 'Time spent in the core’s step() for this run (wall time inside the worker)'],
    );
    const head = el('thead', {}, [
      el(
        'tr',
        {},
        headers.map(([text, title]) =>
          el('th', { text, ...(title ? { title } : {}), attrs: { scope: 'col' } }),
        ),
      ),
    ]);
    const body = el('tbody');
    for (const run of state.runs) {
      const r = record(run.id);
      const s = r ? summarize(r.series, state.view.targetLoss) : null;
      const status = statusText(r);
      const optimizer = byName(this.app.catalog.optimizers, run.optimizer.name);
      const cells: (string | HTMLElement)[] = [
        el('span', { class: 'run-label' }, [
          el('span', { class: 'swatch', attrs: { 'aria-hidden': 'true' } }),
          el('span', {}, [
            run.name,
            el('span', { class: 'run-optimizer', text: optimizer?.title ?? run.optimizer.name }),
          ]),
        ]),
        el('span', { class: 'status', text: status.text, attrs: { 'data-kind': status.kind } }),
        formatNumber(s?.finalLoss ?? NaN),
        formatNumber(s?.bestLoss ?? NaN),
      ];
      if (classification) cells.push(percent(s?.finalAccuracy), percent(s?.finalTestAccuracy));
      else if (state.problem.kind === 'dataset') cells.push(formatNumber(s?.finalTestLoss ?? NaN));
      cells.push(
        state.view.targetLoss === null
          ? '—'
          : s?.stepsToTarget === null || !s
            ? 'not reached'
            : String(s.stepsToTarget),
      );
      cells.push(formatNumber(s?.auc ?? NaN));
      cells.push(formatDuration(r?.computeMs ?? 0));
      const row = el(
        'tr',
        { class: run.visible ? '' : 'hidden-run' },
        cells.map((c, i) =>
          i === 0 ? el('th', { attrs: { scope: 'row' } }, [c]) : el('td', {}, [c]),
        ),
      );
      row.style.setProperty('--run-color', run.color);
      body.append(row);
    }
    this.table.replaceChildren(
      el('caption', { class: 'visually-hidden', text: 'Per-run results' }),
      head,
      body,
    );
  }
}

function percent(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(1)}%`;
}
