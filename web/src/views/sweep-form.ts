// The Compare panel's settings: seeds, swept hyperparameters, budget. A function of
// state.sweep; every edit is a state update (so the sweep is part of the link).
import type { AppContext } from '../app/context';
import { DEFAULT_SWEEP, sweptParam } from '../compare/sweep-jobs';
import { MAX_AXES, MAX_AXIS_VALUES } from '../compare/sweep-points';
import type { AppState, SweepAxis, SweepState } from '../state/types';
import { button, el, select, uniqueId } from '../util/dom';

export function sweepOf(state: AppState): SweepState {
  return state.sweep ?? DEFAULT_SWEEP;
}

/** Sweepable numeric settings of the current runs, for the axis picker. */
export function sweepableParams(
  app: AppContext,
  state: AppState,
): { value: string; label: string }[] {
  const names = new Set<string>();
  for (const run of state.runs) {
    const opt = app.catalog.optimizers.find((o) => o.name === run.optimizer.name);
    for (const p of opt?.params ?? []) names.add(`optimizer.${p.name}`);
    const sch = app.catalog.schedules.find((s) => s.name === run.schedule.name);
    for (const p of sch?.params ?? []) names.add(`schedule.${p.name}`);
  }
  if (state.problem.kind === 'dataset') {
    for (const p of app.catalog.model.params) names.add(`model.${p.name}`);
    names.add('run.batch_size');
  }
  return [...names]
    .filter((param) =>
      state.runs.some((run) => {
        const spec = sweptParam(app.catalog, state, run, param);
        return spec && (spec.kind === 'real' || spec.kind === 'integer');
      }),
    )
    .map((value) => ({ value, label: value }));
}

function numberInput(
  value: number,
  onChange: (v: number) => void,
  attrs: Record<string, string>,
): HTMLInputElement {
  const input = el('input', { attrs: { type: 'number', step: 'any', ...attrs } });
  input.value = String(value);
  input.addEventListener('change', () => {
    const v = Number(input.value);
    if (input.value.trim() !== '' && Number.isFinite(v)) onChange(v);
  });
  return input;
}

function labelled(text: string, control: HTMLElement): HTMLElement {
  const id = control.id || uniqueId('sweep');
  control.id = id;
  return el('span', { class: 'sweep-field' }, [el('label', { text, attrs: { for: id } }), control]);
}

export class SweepForm {
  readonly element = el('div', { class: 'sweep-form' });
  private signature = '';

  constructor(private app: AppContext) {}

  private change(update: (s: SweepState) => SweepState): void {
    this.app.store.update((state) => ({ ...state, sweep: update(sweepOf(state)) }));
  }

  update(state: AppState): void {
    const sweep = sweepOf(state);
    const params = sweepableParams(this.app, state);
    const signature = JSON.stringify([sweep, params]);
    if (signature === this.signature) return;
    // Rebuilding would drop the focus of the field being typed into.
    if (this.element.contains(document.activeElement)) return;
    this.signature = signature;
    const axisRows = sweep.axes.map((axis, i) => this.axisRow(axis, i, params));
    const set = (patch: Partial<SweepState>) => this.change((s) => ({ ...s, ...patch }));
    this.element.replaceChildren(
      el('div', { class: 'sweep-row' }, [
        labelled(
          'Seeds',
          numberInput(
            sweep.seeds,
            (v) => set({ seeds: Math.max(1, Math.min(20, Math.round(v))) }),
            {
              min: '1',
              max: '20',
              'data-sweep': 'seeds',
            },
          ),
        ),
        labelled(
          'vary',
          select(
            [
              { value: 'all', label: 'every stream' },
              { value: 'data', label: 'data only' },
              { value: 'init', label: 'initial weights only' },
              { value: 'batch', label: 'batch order only' },
            ],
            sweep.seedStreams,
            (v) => set({ seedStreams: v as SweepState['seedStreams'] }),
          ),
        ),
        labelled(
          'band',
          select(
            [
              { value: 'minmax', label: 'min–max' },
              { value: 'std', label: 'mean ± std' },
            ],
            sweep.band,
            (v) => set({ band: v as SweepState['band'] }),
          ),
        ),
      ]),
      el('div', { class: 'sweep-row' }, [
        labelled(
          'Budget',
          select(
            [
              { value: 'steps', label: 'equal steps' },
              { value: 'gradients', label: 'equal gradient evaluations' },
              { value: 'time', label: 'equal wall time (ms)' },
            ],
            sweep.budget,
            (v) => set({ budget: v as SweepState['budget'] }),
            { 'data-sweep': 'budget' },
          ),
        ),
        sweep.budget === 'steps'
          ? el('span', { class: 'hint', text: `${state.steps} steps each` })
          : labelled(
              sweep.budget === 'gradients' ? 'evaluations' : 'ms',
              numberInput(sweep.budgetAmount, (v) => set({ budgetAmount: Math.max(1, v) }), {
                min: '1',
                'data-sweep': 'amount',
              }),
            ),
        labelled(
          'pick by',
          select(
            [
              { value: 'final', label: 'final loss' },
              { value: 'best', label: 'best loss' },
            ],
            sweep.select,
            (v) => set({ select: v as SweepState['select'] }),
          ),
        ),
      ]),
      ...axisRows,
      el('div', { class: 'sweep-row' }, [
        sweep.axes.length < MAX_AXES && params.length > 0
          ? button('+ Sweep a setting', () =>
              this.change((s) => ({
                ...s,
                axes: [...s.axes, defaultAxis(this.app, state, params[0]!.value)],
              })),
            )
          : null,
        sweep.axes.length > 0
          ? labelled(
              'points',
              select(
                [
                  { value: 'grid', label: 'grid' },
                  { value: 'random', label: 'random' },
                ],
                sweep.mode,
                (v) => set({ mode: v as SweepState['mode'] }),
              ),
            )
          : null,
        sweep.axes.length > 0 && sweep.mode === 'random'
          ? labelled(
              'samples',
              numberInput(
                sweep.samples,
                (v) => set({ samples: Math.max(1, Math.min(512, Math.round(v))) }),
                {
                  min: '1',
                },
              ),
            )
          : null,
        sweep.axes.length > 0 && sweep.mode === 'random'
          ? labelled(
              'sampler seed',
              numberInput(
                sweep.sampleSeed,
                (v) => set({ sampleSeed: Math.max(0, Math.round(v)) >>> 0 }),
                {
                  min: '0',
                },
              ),
            )
          : null,
      ]),
    );
  }

  private axisRow(
    axis: SweepAxis,
    index: number,
    params: { value: string; label: string }[],
  ): HTMLElement {
    const setAxis = (patch: Partial<SweepAxis>) =>
      this.change((s) => ({
        ...s,
        axes: s.axes.map((a, i) => (i === index ? { ...a, ...patch } : a)),
      }));
    const known = params.some((p) => p.value === axis.param)
      ? params
      : [...params, { value: axis.param, label: axis.param }];
    const log = el('input', { attrs: { type: 'checkbox' } });
    log.checked = axis.log;
    log.addEventListener('change', () =>
      setAxis({ log: log.checked && axis.lo > 0 && axis.hi > 0 }),
    );
    return el('div', { class: 'sweep-row sweep-axis', attrs: { 'data-axis': String(index) } }, [
      labelled(
        'Sweep',
        select(known, axis.param, (v) => {
          const fresh = defaultAxis(this.app, this.app.store.get(), v);
          setAxis(fresh);
        }),
      ),
      labelled(
        'from',
        numberInput(axis.lo, (v) => setAxis({ lo: v }), { 'data-axis-field': 'lo' }),
      ),
      labelled(
        'to',
        numberInput(axis.hi, (v) => setAxis({ hi: v }), { 'data-axis-field': 'hi' }),
      ),
      labelled(
        'values',
        numberInput(
          axis.count,
          (v) => setAxis({ count: Math.max(1, Math.min(MAX_AXIS_VALUES, Math.round(v))) }),
          {
            min: '1',
            max: String(MAX_AXIS_VALUES),
            'data-axis-field': 'count',
          },
        ),
      ),
      labelled('log', log),
      button(
        '✕',
        () => this.change((s) => ({ ...s, axes: s.axes.filter((_, i) => i !== index) })),
        {
          attrs: { 'aria-label': 'Remove this swept setting' },
        },
      ),
    ]);
  }
}

/** A fresh axis for a parameter: log where the catalog says log_real, around its range. */
export function defaultAxis(app: AppContext, state: AppState, param: string): SweepAxis {
  const spec = state.runs.map((run) => sweptParam(app.catalog, state, run, param)).find(Boolean);
  const log = Boolean(spec?.log);
  if (param === 'optimizer.lr') return { param, lo: 1e-4, hi: 1, count: 5, log: true };
  const lo = spec?.min ?? 0;
  const hi = spec?.max ?? 1;
  if (log) {
    const def =
      typeof spec?.default === 'number' && spec.default > 0 ? spec.default : Math.max(lo, 1e-3);
    return {
      param,
      lo: Math.max(lo, def / 10) || def / 10,
      hi: Math.min(hi, def * 10),
      count: 3,
      log: true,
    };
  }
  return { param, lo, hi, count: 3, log: false };
}
