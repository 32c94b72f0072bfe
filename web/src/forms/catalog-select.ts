// A <select> over catalog entries (activations, inits, losses, problems) with the chosen
// entry's description under it.
import type { CatalogEntry } from '../core/descent-module';
import { citationText } from '../core/catalog';
import { el, select, uniqueId } from '../util/dom';
import { infoTip } from './tooltip';

export interface EntrySelectOptions {
  label: string;
  group?: (entry: CatalogEntry) => string;
  disabled?: boolean;
}

export function entrySelect(
  entries: readonly CatalogEntry[],
  value: string,
  onChange: (name: string) => void,
  options: EntrySelectOptions,
): { element: HTMLElement; control: HTMLSelectElement; setError(message: string | null): void } {
  const id = uniqueId('entry');
  const entry = entries.find((e) => e.name === value);
  const control = select(
    entries.map((e) => ({
      value: e.name,
      label: e.title || e.name,
      ...(options.group ? { group: options.group(e) } : {}),
    })),
    value,
    onChange,
    { id },
  );
  if (options.disabled) control.disabled = true;
  const error = el('div', { class: 'field-error', attrs: { 'aria-live': 'polite' } });
  const tipLines = entry ? [entry.description, citationText(entry)] : [];
  const element = el('div', { class: 'param param-choice' }, [
    el('div', { class: 'param-head' }, [
      el('label', { class: 'param-label', text: options.label, attrs: { for: id } }),
      tipLines.length > 0 ? infoTip(tipLines, options.label) : null,
    ]),
    control,
    error,
  ]);
  return {
    element,
    control,
    setError(message) {
      error.textContent = message ?? '';
      element.classList.toggle('has-error', Boolean(message));
    },
  };
}
