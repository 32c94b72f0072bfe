// One catalog parameter as a form control: slider + number box for numbers (log slider when
// the catalog says so), checkbox for booleans, select for choices. The control reports
// changes; it never decides validity (the core does, and errors come back via setError).
import type { CatalogParam } from '../core/descent-module';
import type { ParamValue } from '../state/types';
import { el, isEditing, uniqueId } from '../util/dom';
import { fromPosition, toPosition, SLIDER_STEPS, type SliderScale } from './slider-scale';
import { infoTip } from './tooltip';

export interface ParamControl {
  element: HTMLElement;
  /** Shows a value set elsewhere (unless the user is typing in this control). */
  sync(value: ParamValue): void;
  setError(message: string | null): void;
}

export interface ParamControlOptions {
  /** Extra tooltip lines: the owning entry's mechanism and paper. */
  context?: string[];
  disabled?: boolean;
  label?: string;
}

function numberText(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : '';
}

export function paramControl(
  param: CatalogParam,
  value: ParamValue,
  onChange: (value: ParamValue) => void,
  options: ParamControlOptions = {},
): ParamControl {
  const id = uniqueId(`param-${param.name}`);
  const errorId = `${id}-error`;
  const label = el('label', {
    class: 'param-label',
    text: options.label ?? param.name,
    attrs: { for: id },
  });
  const range = [param.min, param.max].every((v) => v !== undefined)
    ? ` Range ${param.min} to ${param.max}${param.log ? ' (log scale)' : ''}.`
    : '';
  const tip = infoTip([param.description + range, ...(options.context ?? [])], param.name);
  const error = el('div', { class: 'field-error', attrs: { id: errorId, 'aria-live': 'polite' } });
  const row = el('div', { class: `param param-${param.kind}` }, [
    el('div', { class: 'param-head' }, [label, tip]),
  ]);

  let syncControl: (v: ParamValue) => void;
  let inputs: HTMLElement[] = [];

  if (param.kind === 'boolean') {
    const box = el('input', { attrs: { type: 'checkbox', id, 'aria-describedby': errorId } });
    box.checked = Boolean(value);
    box.addEventListener('change', () => onChange(box.checked));
    syncControl = (v) => (box.checked = Boolean(v));
    row.querySelector('.param-head')!.prepend(box);
    inputs = [box];
  } else if (param.kind === 'series') {
    // A list carried by the config (a previous run's gradient norms): shown, not edited.
    const summary = el('output', {
      class: 'param-series',
      attrs: { id, 'aria-describedby': errorId },
    });
    syncControl = (v) => {
      const count = Array.isArray(v) ? v.length : 0;
      summary.textContent =
        count > 0
          ? `${count} values from a previous run`
          : 'None yet: use "Refine" on a finished run.';
    };
    syncControl(value);
    row.append(summary);
  } else if (param.kind === 'choice') {
    const choice = el('select', { attrs: { id, 'aria-describedby': errorId } });
    for (const c of param.choices ?? [])
      choice.append(el('option', { text: c, attrs: { value: c } }));
    choice.value = String(value);
    choice.addEventListener('change', () => onChange(choice.value));
    syncControl = (v) => {
      if (!isEditing(choice)) choice.value = String(v);
    };
    row.append(choice);
    inputs = [choice];
  } else {
    const integer = param.kind === 'integer';
    const box = el('input', {
      class: 'param-number',
      attrs: {
        type: 'number',
        id,
        inputmode: integer ? 'numeric' : 'decimal',
        'aria-describedby': errorId,
        step: integer ? '1' : 'any',
      },
    });
    box.value = numberText(Number(value));
    const controls = el('div', { class: 'param-controls' });
    let slider: HTMLInputElement | null = null;
    if (param.min !== undefined && param.max !== undefined && param.max > param.min) {
      const scale: SliderScale = { min: param.min, max: param.max, log: Boolean(param.log) };
      const s = el('input', {
        class: 'param-slider',
        attrs: {
          type: 'range',
          min: '0',
          max: String(SLIDER_STEPS),
          step: '1',
          'aria-label': `${param.name} slider`,
        },
      });
      s.value = String(toPosition(Number(value), scale));
      s.addEventListener('input', () => {
        const v = fromPosition(Number(s.value), scale, integer);
        box.value = numberText(v);
        onChange(v);
      });
      slider = s;
      controls.append(s);
      syncControl = (v) => {
        if (!isEditing(s)) s.value = String(toPosition(Number(v), scale));
        if (!isEditing(box)) box.value = numberText(Number(v));
      };
    } else {
      syncControl = (v) => {
        if (!isEditing(box)) box.value = numberText(Number(v));
      };
    }
    box.addEventListener('change', () => {
      const v = Number(box.value);
      // An empty or non-numeric box is sent as NaN-free text for the core to refuse.
      if (box.value.trim() === '' || !Number.isFinite(v)) {
        error.textContent = 'Enter a number.';
        return;
      }
      if (slider && param.min !== undefined && param.max !== undefined) {
        slider.value = String(
          toPosition(v, { min: param.min, max: param.max, log: Boolean(param.log) }),
        );
      }
      onChange(integer ? Math.round(v) : v);
    });
    controls.append(box);
    row.append(controls);
    inputs = slider ? [slider, box] : [box];
  }
  row.append(error);
  if (options.disabled) for (const input of inputs) input.setAttribute('disabled', '');

  return {
    element: row,
    sync: (v) => syncControl(v),
    setError(message) {
      error.textContent = message ?? '';
      row.classList.toggle('has-error', Boolean(message));
      for (const input of inputs) input.setAttribute('aria-invalid', message ? 'true' : 'false');
    },
  };
}
