// "Your own data" in the problem panel: drop or pick a CSV/TSV file, see its first rows,
// choose the label, the features and the task, and see the class balance or the label's
// histogram before training. Every number shown comes from the core's description.
import type { TableDescription } from '../core/descent-module';
import type { AppContext } from '../app/context';
import { isLocked } from '../app/context';
import type { AppState } from '../state/types';
import { el, uniqueId } from '../util/dom';
import { formatNumber } from '../util/format';
import type { TableService } from './table-service';
import { TABLE_PROBLEM, type TableState, type TableTask } from './table-state';

const PREVIEW_ROWS = 5;

/** Through the CSSOM: the page's CSP refuses inline style attributes. */
function barFill(percent: number): HTMLElement {
  const fill = el('span', { class: 'label-bar-fill' });
  fill.style.width = `${percent}%`;
  return fill;
}

export class TablePanel {
  readonly element = el('div', { class: 'table-panel', attrs: { 'data-testid': 'table-panel' } });
  private key = '';
  private message = el('p', { class: 'field-error', attrs: { 'aria-live': 'polite' } });
  /** Tables already looked for (inside the state, in IndexedDB), so each is tried once. */
  private sought = new Set<string>();

  constructor(
    private context: AppContext,
    private tables: TableService,
  ) {}

  update(state: AppState): void {
    const table = state.problem.name === TABLE_PROBLEM ? state.problem.table : undefined;
    const loaded = table ? Boolean(this.tables.registry.get(table.sha256)) : false;
    const key = JSON.stringify([table, loaded, state.problem.params, isLocked(this.context)]);
    if (key === this.key) return;
    this.key = key;
    if (table) this.tables.syncEntry(table, state.problem.params.test_fraction);
    const parts: HTMLElement[] = [el('h3', { text: 'Your own data' })];
    if (!table) {
      parts.push(this.dropZone('Drop a CSV or TSV file here, or', (file) => this.add(file)));
    } else if (!loaded) {
      parts.push(...this.askForFile(table));
      this.seek(table);
    } else {
      parts.push(...this.describe(state, table));
      parts.push(this.dropZone('Another file: drop it here, or', (file) => this.add(file)));
    }
    parts.push(this.message);
    this.element.replaceChildren(...parts);
  }

  private change(update: (state: AppState) => AppState): void {
    this.context.store.update(update);
  }

  private add(file: File): void {
    this.message.textContent = '';
    void this.tables.addFile(file, this.context.store.get()).then((result) => {
      if (result.ok) this.context.store.set(result.state);
      else this.message.textContent = result.message;
    });
  }

  /** A state that came back from the history (or a new hash): its table may be at hand. */
  private seek(table: TableState): void {
    if (this.sought.has(table.sha256)) return;
    this.sought.add(table.sha256);
    void this.tables.ensure(table).then((result) => {
      if (result.kind === 'ok')
        this.change((s) => (s.problem.table ? this.tables.withTable(s, s.problem.table) : s));
      else if (result.kind === 'error') this.message.textContent = result.message;
    });
  }

  private dropZone(text: string, onFile: (file: File) => void): HTMLElement {
    const id = uniqueId('table-file');
    const input = el('input', {
      attrs: { type: 'file', id, accept: '.csv,.tsv,.txt,text/csv,text/tab-separated-values' },
    });
    input.disabled = isLocked(this.context);
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (file) onFile(file);
      input.value = '';
    });
    const zone = el('div', { class: 'drop-zone', attrs: { 'data-testid': 'table-drop' } }, [
      el('span', { text: `${text} ` }),
      el('label', { class: 'file-pick', text: 'choose a file', attrs: { for: id } }),
      input,
    ]);
    zone.addEventListener('dragover', (event) => {
      event.preventDefault();
      zone.classList.add('over');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      zone.classList.remove('over');
      const file = event.dataTransfer?.files[0];
      if (file && !isLocked(this.context)) onFile(file);
    });
    return zone;
  }

  /** A link that names a table by its hash: ask for the file, refuse any other. */
  private askForFile(table: TableState): HTMLElement[] {
    return [
      el('p', {
        class: 'table-missing',
        text: `This setup trains on the table “${table.file}” (SHA-256 ${table.sha256.slice(0, 16)}…), which this browser does not have. Choose that file: it is checked against the hash, and nothing trains until it matches.`,
      }),
      this.dropZone('Drop it here, or', (file) => {
        this.message.textContent = '';
        void this.tables.provide(file, table).then((result) => {
          if (!result.ok) {
            this.message.textContent = result.message;
            return;
          }
          // Same state, new object: the page validates and trains again, now with the table.
          this.change((s) => this.tables.withTable(s, table));
        });
      }),
    ];
  }

  private describe(state: AppState, table: TableState): HTMLElement[] {
    const test = state.problem.params.test_fraction;
    const result = this.tables.registry.describe(
      table,
      typeof test === 'number' ? test : undefined,
    );
    if (!result.ok) return [el('p', { class: 'field-error', text: result.error })];
    const d = result.table;
    const locked = isLocked(this.context);
    const set = (patch: Partial<TableState>) =>
      this.change((s) =>
        s.problem.table ? this.tables.withTable(s, { ...s.problem.table, ...patch }) : s,
      );
    const names = d.columns.map((c) => c.name);

    const label = el('select', { attrs: { 'aria-label': 'Label column' } });
    for (const name of names) label.append(el('option', { text: name, attrs: { value: name } }));
    label.value = table.label;
    label.disabled = locked;
    label.addEventListener('change', () =>
      set({ label: label.value, features: table.features.filter((f) => f !== label.value) }),
    );

    const guessed = d.label?.guessed_task ?? 'classification';
    const task = el('select', { attrs: { 'aria-label': 'Task' } });
    const tasks: [TableTask, string][] = [
      ['auto', `guess (${guessed})`],
      ['classification', 'classification'],
      ['regression', 'regression'],
    ];
    for (const [value, text] of tasks) {
      task.append(el('option', { text, attrs: { value } }));
    }
    task.value = table.task;
    task.disabled = locked;
    task.addEventListener('change', () => set({ task: task.value as TableTask }));

    const chosen = new Set(
      table.features.length > 0 ? table.features : names.filter((n) => n !== table.label),
    );
    const features = el('div', {
      class: 'table-features',
      attrs: { role: 'group', 'aria-label': 'Feature columns' },
    });
    for (const column of d.columns) {
      if (column.name === table.label) continue;
      const id = uniqueId('feature');
      const box = el('input', { attrs: { type: 'checkbox', id, 'data-column': column.name } });
      box.checked = chosen.has(column.name);
      box.disabled = locked;
      box.addEventListener('change', () => {
        const next = names.filter(
          (n) => n !== table.label && (n === column.name ? box.checked : chosen.has(n)),
        );
        const all = next.length === names.length - 1;
        set({ features: all ? [] : next });
      });
      const type = column.type === 'numeric' ? 'number' : `${column.levels} values`;
      features.append(
        el('span', { class: 'table-feature' }, [
          box,
          el('label', { text: `${column.name} (${type})`, attrs: { for: id } }),
          column.problem ? el('span', { class: 'muted', text: ` — ${column.problem}` }) : null,
        ]),
      );
    }

    return [
      el('p', {
        class: 'muted table-summary',
        text: `${table.file}: ${d.rows} rows, ${d.columns.length} columns, ${d.features} features after encoding; SHA-256 ${d.sha256.slice(0, 16)}…${table.data === undefined ? ' (the link names it by this hash)' : ' (small enough to travel inside the link)'}`,
      }),
      this.preview(d),
      el('div', { class: 'table-choice' }, [
        el('label', {}, ['Label ', label]),
        el('label', {}, ['Task ', task]),
      ]),
      features,
      this.labelSummary(d),
      d.error
        ? el('p', { class: 'field-error', attrs: { 'data-testid': 'table-error' }, text: d.error })
        : null,
    ].filter((e): e is HTMLElement => e !== null);
  }

  private preview(d: TableDescription): HTMLElement {
    const head = el(
      'tr',
      {},
      d.columns.map((c) => el('th', { text: c.name })),
    );
    const rows = d.preview.slice(0, PREVIEW_ROWS).map((row) =>
      el(
        'tr',
        {},
        row.map((cell) => el('td', { text: cell })),
      ),
    );
    return el('div', { class: 'table-preview' }, [
      el('table', { attrs: { 'data-testid': 'table-preview' } }, [
        el('thead', {}, [head]),
        el('tbody', {}, rows),
      ]),
    ]);
  }

  /** Class counts or the label histogram, as the core counted them; bars are only drawing. */
  private labelSummary(d: TableDescription): HTMLElement | null {
    const label = d.label;
    if (!label) return null;
    const bars = (items: { text: string; count: number }[]) => {
      const most = Math.max(1, ...items.map((i) => i.count));
      return el(
        'div',
        { class: 'label-bars', attrs: { 'data-testid': 'label-summary' } },
        items.map((i) =>
          el('div', { class: 'label-bar' }, [
            el('span', { class: 'label-bar-name', text: i.text }),
            barFill((100 * i.count) / most),
            el('span', { class: 'label-bar-count', text: String(i.count) }),
          ]),
        ),
      );
    };
    if (label.classes) {
      return el('div', {}, [
        el('p', { text: `Class balance of “${label.name}” (${label.classes.length} classes):` }),
        bars(label.classes.map((c) => ({ text: c.name, count: c.count }))),
      ]);
    }
    const h = label.histogram;
    if (!h || h.min === null || h.max === null) return null;
    return el('div', {}, [
      el('p', {
        text: `Histogram of “${label.name}” from ${formatNumber(h.min)} to ${formatNumber(h.max)} (${h.counts.length} equal bins):`,
      }),
      bars(h.counts.map((count, i) => ({ text: `bin ${i + 1}`, count }))),
    ]);
  }
}
