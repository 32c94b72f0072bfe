// Problem, model and training settings shared by every run: one comparison, one problem.
import type {
  CatalogEntry,
  CatalogParam,
  DatasetEntry,
  FunctionEntry,
} from '../core/descent-module';
import {
  byName,
  citationText,
  paramValue,
  problemEntries,
  problemEntry,
  runParam,
} from '../core/catalog';
import { isFieldLocked, isLocked, type AppContext } from '../app/context';
import { setProblem, setProblemParam, setStart } from '../state/run-actions';
import type { AppState, ModelState, ParamValue, ProblemKind } from '../state/types';
import { button, el, isEditing, uniqueId } from '../util/dom';
import { formatNumber } from '../util/format';
import { entrySelect } from './catalog-select';
import { SHARED_SCOPE } from './field-errors';
import { paramControl } from './param-input';
import { TablePanel } from '../table/table-panel';

/** Used when the catalog does not describe a run setting (so the form still works). */
function fallbackParam(name: string, min: number, max: number, description: string): CatalogParam {
  return { name, kind: 'integer', default: min, min, max, description };
}

const RUN_SETTINGS: {
  name: string;
  key: 'seed' | 'steps' | 'batchSize' | 'evalEvery';
  datasetOnly: boolean;
  fallback: CatalogParam;
}[] = [
  {
    name: 'steps',
    key: 'steps',
    datasetOnly: false,
    fallback: fallbackParam('steps', 1, 100000, 'Optimizer steps per run.'),
  },
  {
    name: 'seed',
    key: 'seed',
    datasetOnly: false,
    fallback: fallbackParam('seed', 0, 1000000, 'Random seed: data, initialisation and batches.'),
  },
  {
    name: 'batch_size',
    key: 'batchSize',
    datasetOnly: true,
    fallback: fallbackParam('batch_size', 1, 4096, 'Examples per gradient estimate.'),
  },
  {
    name: 'eval_every',
    key: 'evalEvery',
    datasetOnly: true,
    fallback: fallbackParam(
      'eval_every',
      0,
      10000,
      'Steps between test-set evaluations; 0: automatic.',
    ),
  },
];

export function parseHidden(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  const widths = parts.map((p) => Number(p));
  return widths.every((w) => Number.isInteger(w) && w >= 1) ? widths : null;
}

export class ProblemPanel {
  readonly element = el('section', {
    class: 'panel problem-panel',
    attrs: { 'aria-label': 'Problem and training settings' },
  });
  private key = '';
  private syncs: ((state: AppState) => void)[] = [];

  constructor(private context: AppContext) {}

  update(state: AppState): void {
    const key = JSON.stringify([state.problem.kind, state.problem.name, isLocked(this.context)]);
    if (key !== this.key) {
      this.key = key;
      this.render(state);
    } else {
      for (const sync of this.syncs) sync(state);
    }
  }

  private change(update: (state: AppState) => AppState): void {
    this.context.store.update(update);
  }

  private render(state: AppState): void {
    const { catalog, errors } = this.context;
    const locked = isLocked(this.context);
    this.syncs = [];
    // The user's table is in the catalog's data sets exactly while the state is on it.
    this.context.tables?.syncCatalog(state);
    const entry = problemEntry(catalog, state.problem);

    const kindName = uniqueId('kind');
    const kinds = el('div', {
      class: 'segmented',
      attrs: { role: 'radiogroup', 'aria-label': 'Problem kind' },
    });
    for (const [kind, label] of [
      ['function', '2-D function'],
      ['dataset', 'Data set + network'],
      ['sensing', 'Matrix sensing'],
    ] as [ProblemKind, string][]) {
      const id = uniqueId('kind');
      const radio = el('input', { attrs: { type: 'radio', name: kindName, id, value: kind } });
      radio.checked = state.problem.kind === kind;
      radio.disabled = locked;
      radio.addEventListener('change', () => {
        const list: readonly CatalogEntry[] = problemEntries(catalog, kind);
        const preferred = kind === 'function' ? 'rosenbrock' : 'spiral';
        const name = byName(list, preferred)?.name ?? list[0]?.name;
        if (name) this.change((s) => setProblem(s, kind, name, catalog));
      });
      kinds.append(el('span', {}, [radio, el('label', { text: label, attrs: { for: id } })]));
    }

    const entries = problemEntries(catalog, state.problem.kind);
    const picker = entrySelect(
      entries,
      state.problem.name,
      (name) => this.change((s) => setProblem(s, s.problem.kind, name, catalog)),
      {
        label: { function: 'Function', dataset: 'Data set', sensing: 'Problem' }[
          state.problem.kind
        ],
        ...(state.problem.kind === 'dataset' ? { group: (e) => (e as DatasetEntry).family } : {}),
        disabled: locked,
      },
    );
    errors.register(SHARED_SCOPE, 'problem.name', picker);

    const about = el('div', { class: 'entry-about' });
    if (entry) {
      about.append(el('p', { class: 'muted', text: entry.description }));
      if (state.problem.kind === 'function') {
        about.append(
          el('p', { class: 'formula', text: `f(x, y) = ${(entry as FunctionEntry).formula}` }),
        );
      }
      const cite = citationText(entry);
      if (cite) about.append(el('p', { class: 'citation', text: cite }));
    } else {
      about.append(
        el('p', { class: 'field-error', text: `Unknown problem "${state.problem.name}".` }),
      );
    }

    const params = el('div', { class: 'params' });
    for (const param of entry?.params ?? []) {
      const control = paramControl(
        param,
        paramValue(param, state.problem.params),
        (v) => this.change((s) => setProblemParam(s, param.name, v)),
        { disabled: locked && isFieldLocked(this.context, `problem.${param.name}`) },
      );
      control.element.dataset.field = `problem.${param.name}`;
      errors.register(SHARED_SCOPE, `problem.${param.name}`, control);
      this.syncs.push((s) => control.sync(paramValue(param, s.problem.params)));
      params.append(control.element);
    }

    const children: HTMLElement[] = [
      el('h2', { text: 'Problem' }),
      kinds,
      picker.element,
      about,
      params,
    ];
    if (state.problem.kind === 'function' && entry)
      children.push(this.startRow(entry as FunctionEntry, locked));
    if (state.problem.kind === 'dataset' && this.context.tables) {
      const tablePanel = new TablePanel(this.context, this.context.tables);
      tablePanel.update(state);
      this.syncs.push((s) => tablePanel.update(s));
      children.push(tablePanel.element);
    }
    if (state.problem.kind === 'dataset') children.push(this.modelSection(state, locked));
    children.push(this.trainingSection(state, locked));
    this.element.replaceChildren(...children);
  }

  private startRow(entry: FunctionEntry, locked: boolean): HTMLElement {
    const text = el('span', { class: 'start-text' });
    const error = el('div', { class: 'field-error', attrs: { 'aria-live': 'polite' } });
    const reset = button('Default start', () => this.change((s) => setStart(s, null)), {
      class: 'small',
      title: 'Start from the function’s default point',
    });
    reset.disabled = locked;
    const sync = (s: AppState) => {
      const [x, y] = s.problem.start ?? entry.start;
      text.textContent = `Start (${formatNumber(x, 3)}, ${formatNumber(y, 3)})${s.problem.start ? '' : ' — default'}. Tap or click the map to move it.`;
    };
    sync(this.context.store.get());
    this.syncs.push(sync);
    this.context.errors.register(SHARED_SCOPE, 'problem.start', {
      setError: (m) => (error.textContent = m ?? ''),
    });
    return el('div', { class: 'start-row' }, [text, reset, error]);
  }

  private modelSection(state: AppState, locked: boolean): HTMLElement {
    const { catalog, errors } = this.context;
    const setModel = (change: Partial<ModelState>) =>
      this.change((s) => ({ ...s, model: { ...s.model, ...change } }));

    const hiddenId = uniqueId('hidden');
    const hidden = el('input', {
      attrs: {
        id: hiddenId,
        type: 'text',
        inputmode: 'numeric',
        spellcheck: 'false',
        'aria-describedby': `${hiddenId}-error`,
      },
    });
    hidden.value = state.model.hidden.join(', ');
    hidden.disabled = locked;
    const hiddenError = el('div', {
      class: 'field-error',
      attrs: { id: `${hiddenId}-error`, 'aria-live': 'polite' },
    });
    hidden.addEventListener('change', () => {
      const widths = parseHidden(hidden.value);
      if (!widths) {
        hiddenError.textContent =
          'Widths are whole numbers separated by commas, e.g. 16, 16 (empty: no hidden layer).';
        return;
      }
      setModel({ hidden: widths });
    });
    this.syncs.push((s) => {
      if (!isEditing(hidden)) hidden.value = s.model.hidden.join(', ');
    });
    errors.register(SHARED_SCOPE, 'model.hidden', {
      setError: (m) => (hiddenError.textContent = m ?? ''),
    });
    const limits = catalog.limits;
    const limitText = [
      limits.max_layers ? `≤ ${limits.max_layers} layers` : '',
      limits.max_width ? `≤ ${limits.max_width} wide` : '',
    ]
      .filter(Boolean)
      .join(', ');

    const pickers = (
      [
        ['activation', 'Activation', catalog.model.activations],
        ['init', 'Initialisation', catalog.model.inits],
        ['loss', 'Loss', catalog.model.losses],
      ] as const
    ).map(([key, label, entries]) => {
      const picker = entrySelect(entries, state.model[key], (name) => setModel({ [key]: name }), {
        label,
        disabled: locked,
      });
      errors.register(SHARED_SCOPE, `model.${key}`, picker);
      this.syncs.push((s) => {
        if (!isEditing(picker.control)) picker.control.value = s.model[key];
      });
      return picker.element;
    });

    const params = catalog.model.params.map((param) => {
      const control = paramControl(
        param,
        paramValue(param, state.model.params),
        (v: ParamValue) =>
          setModel({ params: { ...this.context.store.get().model.params, [param.name]: v } }),
        { disabled: locked && isFieldLocked(this.context, `model.${param.name}`) },
      );
      control.element.dataset.field = `model.${param.name}`;
      errors.register(SHARED_SCOPE, `model.${param.name}`, control);
      this.syncs.push((s) => control.sync(paramValue(param, s.model.params)));
      return control.element;
    });

    return el('div', { class: 'subsection' }, [
      el('h3', { text: 'Network' }),
      el('div', { class: 'param' }, [
        el('div', { class: 'param-head' }, [
          el('label', { class: 'param-label', text: 'Hidden layers', attrs: { for: hiddenId } }),
        ]),
        hidden,
        el('div', {
          class: 'hint',
          text: `Widths, e.g. 16, 16${limitText ? ` (${limitText})` : ''}.`,
        }),
        hiddenError,
      ]),
      ...pickers,
      el('details', { class: 'more' }, [
        el('summary', { text: 'Regularisation and architecture' }),
        ...params,
      ]),
    ]);
  }

  private trainingSection(state: AppState, locked: boolean): HTMLElement {
    const { catalog, errors } = this.context;
    const rows = RUN_SETTINGS.filter((s) => !s.datasetOnly || state.problem.kind === 'dataset').map(
      (setting) => {
        const param = runParam(catalog, setting.name) ?? setting.fallback;
        const control = paramControl(
          param,
          state[setting.key],
          (v) => this.change((s) => ({ ...s, [setting.key]: Number(v) })),
          { disabled: locked && isFieldLocked(this.context, setting.name) },
        );
        control.element.dataset.field = setting.name;
        errors.register(SHARED_SCOPE, setting.name, control);
        this.syncs.push((s) => control.sync(s[setting.key]));
        return control.element;
      },
    );
    return el('div', { class: 'subsection' }, [el('h3', { text: 'Training' }), ...rows]);
  }
}
