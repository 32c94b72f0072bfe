// One run's settings: name, colour, visibility, optimizer and its hyperparameters, schedule
// (with a preview), transforms. Rebuilt only when its structure changes (another optimizer,
// schedule or transform list); otherwise values are synced in place so typing is not lost.
import type { CatalogEntry } from '../core/descent-module';
import { byName, citationText, paramValue, runParam } from '../core/catalog';
import { isFieldLocked, type AppContext } from '../app/context';
import {
  addTransform,
  duplicateRun,
  removeRun,
  removeTransform,
  renameRun,
  setOptimizer,
  setRunColor,
  setRunBatchSize,
  setRunParam,
  setRunVisible,
  setSchedule,
  setTransformParam,
  useSharedModel,
  MAX_NAME_LENGTH,
  MAX_RUNS,
} from '../state/run-actions';
import type { AppState, NamedConfig, ParamValue, RunSpec } from '../state/types';
import { button, el, isEditing, select, uniqueId } from '../util/dom';
import { entryDetails, entrySelect } from './catalog-select';
import { optimizerPicker } from './optimizer-picker';
import { paramControl, type ParamControl } from './param-input';
import { drawSchedulePreview } from './schedule-preview';
import { refineNorms } from '../metrics/refine-norms';
import type { RunRecord } from '../metrics/run-record';
import { refineRun } from '../state/refine-run';

export function runCardKey(run: RunSpec, locked: boolean): string {
  return JSON.stringify([
    run.id,
    run.optimizer.name,
    run.schedule.name,
    run.transforms.map((t) => t.name),
    run.model ?? null,
    run.precision ?? null,
    // Presence only: a new value is synced in place, so typing in it is not lost.
    run.batchSize !== undefined,
    locked,
  ]);
}

/** A run that trains its own model or precision (a gallery width sweep, float32 against
 * float64) says so: the problem panel's model is not the one it trains. */
export function ownModelNote(run: RunSpec): string {
  const parts: string[] = [];
  if (run.model) {
    const m = run.model;
    parts.push(`hidden ${m.hidden.join('×') || 'none'}, ${m.activation}, ${m.loss}`);
  }
  if (run.precision) parts.push(run.precision);
  return parts.length > 0 ? `This run trains its own model: ${parts.join(', ')}.` : '';
}

function context(entry: CatalogEntry | undefined): string[] {
  return entry ? [`${entry.title}: ${entry.description}`, citationText(entry)] : [];
}

export class RunCard {
  readonly element: HTMLElement;
  readonly key: string;
  private syncs: ((run: RunSpec) => void)[] = [];
  private status = el('span', { class: 'run-status', attrs: { 'aria-live': 'polite' } });
  private preview = el('canvas', {
    class: 'schedule-preview',
    attrs: { role: 'img', 'aria-label': 'Learning-rate schedule' },
  });
  private runId: string;
  /** The schedule reacts to the run's losses: its preview "depends on the run". */
  private feedbackSchedule = false;
  private record: RunRecord | undefined;
  private refineButton: HTMLButtonElement | null = null;

  constructor(
    private app: AppContext,
    run: RunSpec,
    locked: boolean,
  ) {
    this.key = runCardKey(run, locked);
    this.runId = run.id;
    this.element = this.build(run, locked);
  }

  sync(run: RunSpec): void {
    for (const sync of this.syncs) sync(run);
  }

  setStatus(text: string, kind: string): void {
    // Called every frame while training: touch the DOM only on change.
    if (this.status.textContent !== text) this.status.textContent = text;
    if (this.status.dataset.kind !== kind) this.status.dataset.kind = kind;
  }

  private previewKey = '';

  /** Draws the schedule preview unless this exact one (by key and colour) is already shown. */
  setSchedulePreview(key: string, values: Float64Array | null, color: string): void {
    const full = `${key}|${color}`;
    if (full === this.previewKey) return;
    this.previewKey = full;
    const note = this.feedbackSchedule
      ? 'depends on the run: the learning-rate chart shows the realised rate'
      : undefined;
    drawSchedulePreview(this.preview, this.feedbackSchedule ? null : values, color, note);
  }

  /** The run's training record: "Refine" needs a finished run's gradient norms. */
  setRecord(record: RunRecord | undefined): void {
    this.record = record;
    if (this.refineButton) {
      const ready = record?.status === 'ok' && record.series.length > 2;
      const full = this.app.store.get().runs.length >= MAX_RUNS;
      this.refineButton.disabled = !ready || full;
    }
  }

  private refine(): void {
    const record = this.record;
    if (!record || record.status !== 'ok') return;
    const norms = refineNorms(record.series.column('grad_norm'));
    this.change((s) => refineRun(s, this.runId, norms));
  }

  private change(update: (state: AppState) => AppState): void {
    this.app.store.update(update);
  }

  private build(run: RunSpec, locked: boolean): HTMLElement {
    const { catalog } = this.app;
    const id = run.id;

    const color = el('input', {
      class: 'run-color',
      attrs: { type: 'color', 'aria-label': `Colour of ${run.name}` },
    });
    color.value = run.color;
    color.addEventListener('input', () => this.change((s) => setRunColor(s, id, color.value)));

    const name = el('input', {
      class: 'run-name',
      attrs: {
        type: 'text',
        maxlength: String(MAX_NAME_LENGTH),
        'aria-label': 'Run name',
        spellcheck: 'false',
      },
    });
    name.value = run.name;
    name.addEventListener('input', () => this.change((s) => renameRun(s, id, name.value)));

    const visibleId = uniqueId('visible');
    const visible = el('input', { attrs: { type: 'checkbox', id: visibleId } });
    visible.checked = run.visible;
    visible.addEventListener('change', () =>
      this.change((s) => setRunVisible(s, id, visible.checked)),
    );

    this.syncs.push((r) => {
      if (!isEditing(name)) name.value = r.name;
      color.value = r.color;
      visible.checked = r.visible;
      this.element.style.setProperty('--run-color', r.color);
      color.setAttribute('aria-label', `Colour of ${r.name}`);
    });

    const tools = el('div', { class: 'run-tools' }, [
      el('span', { class: 'visible-toggle' }, [
        visible,
        el('label', { text: 'show', attrs: { for: visibleId } }),
      ]),
    ]);
    if (!locked) {
      const dup = button('Duplicate', () => this.change((s) => duplicateRun(s, id)), {
        class: 'small',
        title: 'Copy this run to vary one setting',
      });
      // The run count changes without rebuilding this card: checked on every sync.
      this.syncs.push(() => (dup.disabled = this.app.store.get().runs.length >= MAX_RUNS));
      this.refineButton = button('Refine', () => this.refine(), {
        class: 'small',
        title:
          "New run with the schedule refined from this finished run's gradient norms " +
          '(Defazio et al., 2023)',
      });
      this.refineButton.disabled = true;
      tools.append(
        dup,
        this.refineButton,
        button('Delete', () => this.change((s) => removeRun(s, id)), {
          class: 'small danger',
          title: 'Delete this run',
        }),
      );
    } else {
      name.readOnly = true;
      color.disabled = true;
    }

    const header = el('div', { class: 'run-header' }, [color, name, this.status, tools]);

    const body = el('div', { class: 'run-body' });
    const picker = optimizerPicker(
      catalog,
      run.optimizer.name,
      (n) => this.change((s) => setOptimizer(s, id, n)),
      { disabled: locked, problem: this.app.store.get().problem, key: id },
    );
    // The card is not rebuilt when the problem changes: re-mark what can run on it.
    this.syncs.push(() => picker.setProblem(this.app.store.get().problem));
    body.append(picker.element);
    const optimizer = byName(catalog.optimizers, run.optimizer.name);
    body.append(
      this.paramsFor(
        optimizer,
        'optimizer',
        (r) => r.optimizer,
        (p, v) => this.change((s) => setRunParam(s, id, 'optimizer', p, v)),
        run,
        locked,
      ),
    );

    const schedule = byName(catalog.schedules, run.schedule.name);
    this.feedbackSchedule = Boolean(schedule?.needs_feedback);
    const scheduleSelect = entrySelect(
      catalog.schedules,
      run.schedule.name,
      (n) => this.change((s) => setSchedule(s, id, n, catalog)),
      { label: 'Schedule', disabled: locked, details: true },
    );
    this.app.errors.register(id, 'schedule.name', scheduleSelect);
    body.append(
      el('div', { class: 'subsection' }, [
        scheduleSelect.element,
        this.paramsFor(
          schedule,
          'schedule',
          (r) => r.schedule,
          (p, v) => this.change((s) => setRunParam(s, id, 'schedule', p, v)),
          run,
          locked,
        ),
        this.preview,
      ]),
    );
    body.append(this.transforms(run, locked));
    const own = ownModelNote(run);
    if (own) {
      body.append(
        el('div', { class: 'subsection own-model' }, [
          el('span', { class: 'hint', text: own }),
          button('Use the shared model', () => this.change((s) => useSharedModel(s, id)), {
            class: 'small',
            attrs: locked ? { disabled: '' } : {},
          }),
        ]),
      );
    }

    body.append(this.batchSize(run, locked));

    const card = el('article', { class: 'run-card', attrs: { 'aria-label': `Run ${run.name}` } }, [
      header,
      body,
    ]);
    card.style.setProperty('--run-color', run.color);
    return card;
  }

  /** A run's own batch size (a batch-size comparison on one page): its value, editable, and
   * the way back to the page's; without one, a button to give it one. Data sets only. */
  private batchSize(run: RunSpec, locked: boolean): HTMLElement {
    const id = run.id;
    const section = el('div', { class: 'subsection own-batch' });
    const param = runParam(this.app.catalog, 'batch_size');
    const fieldLocked = locked && isFieldLocked(this.app, 'batch_size');
    if (run.batchSize !== undefined && param) {
      const control = paramControl(
        param,
        run.batchSize,
        (v) => this.change((s) => setRunBatchSize(s, id, Number(v))),
        { label: 'Own batch size', disabled: fieldLocked },
      );
      control.element.dataset.field = 'batch_size';
      this.app.errors.register(id, 'batch_size', control);
      this.syncs.push((r) => {
        if (r.batchSize !== undefined) control.sync(r.batchSize);
      });
      section.append(
        control.element,
        button(
          'Use the shared batch size',
          () => this.change((s) => setRunBatchSize(s, id, undefined)),
          {
            class: 'small',
            attrs: fieldLocked ? { disabled: '' } : {},
          },
        ),
      );
    } else if (!locked) {
      section.append(
        button('Own batch size', () => this.change((s) => setRunBatchSize(s, id, s.batchSize)), {
          class: 'small',
          title: "Train this run with its own batch size instead of the page's",
        }),
      );
    }
    // The card is not rebuilt when the problem changes: a batch size is for data sets only.
    const show = () => (section.hidden = this.app.store.get().problem.kind !== 'dataset');
    show();
    this.syncs.push(show);
    return section;
  }

  private paramsFor(
    entry: CatalogEntry | undefined,
    prefix: string,
    pick: (run: RunSpec) => NamedConfig,
    onChange: (param: string, value: ParamValue) => void,
    run: RunSpec,
    locked: boolean,
  ): HTMLElement {
    const box = el('div', { class: 'params' });
    const controls: [string, ParamControl][] = [];
    for (const param of entry?.params ?? []) {
      const control = paramControl(
        param,
        paramValue(param, pick(run).params),
        (v) => onChange(param.name, v),
        {
          context: context(entry),
          disabled: locked && isFieldLocked(this.app, `${prefix}.${param.name}`),
        },
      );
      control.element.dataset.field = `${prefix}.${param.name}`;
      this.app.errors.register(this.runId, `${prefix}.${param.name}`, control);
      controls.push([param.name, control]);
      this.syncs.push((r) => control.sync(paramValue(param, pick(r).params)));
      box.append(control.element);
    }
    return box;
  }

  private transforms(run: RunSpec, locked: boolean): HTMLElement {
    const { catalog } = this.app;
    const id = run.id;
    const list = el('div', { class: 'transforms' });
    run.transforms.forEach((transform, index) => {
      const entry = byName(catalog.transforms, transform.name);
      const head = el('div', { class: 'transform-head' }, [
        el('strong', { text: entry?.title ?? transform.name }),
        el('span', {
          class: 'hint',
          text: entry
            ? ` (${entry.stage === 'pre' ? 'on the gradient' : 'on the update'})`
            : ' (unknown)',
        }),
      ]);
      if (!locked)
        head.append(
          button('Remove', () => this.change((s) => removeTransform(s, id, index)), {
            class: 'small',
            title: 'Remove this transform',
          }),
        );
      const params = this.paramsFor(
        entry,
        `transforms[${index}]`,
        (r) => r.transforms[index] ?? transform,
        (p, v) => this.change((s) => setTransformParam(s, id, index, p, v)),
        run,
        locked,
      );
      list.append(
        el('div', { class: 'transform' }, [head, entry ? entryDetails(entry) : null, params]),
      );
    });
    const section = el('div', { class: 'subsection' }, [
      el('h3', { class: 'minor-heading', text: 'Transforms' }),
      list,
    ]);
    if (!locked && catalog.transforms.length > 0 && run.transforms.length < 8) {
      const picker = select(
        [
          { value: '', label: 'Add a transform…' },
          ...catalog.transforms.map((t) => ({
            value: t.name,
            label: `${t.title || t.name}${t.citation?.year ? ` (${t.citation.year})` : ''}`,
            group: t.stage === 'pre' ? 'On the gradient' : 'On the update',
          })),
        ],
        '',
        (name) => {
          if (name) this.change((s) => addTransform(s, id, name));
        },
        { 'aria-label': 'Add a transform' },
      );
      section.append(picker);
    }
    if (run.transforms.length === 0)
      list.append(
        el('p', {
          class: 'hint',
          text: 'None. Transforms such as gradient clipping act on the gradient or on the update.',
        }),
      );
    return section;
  }
}
