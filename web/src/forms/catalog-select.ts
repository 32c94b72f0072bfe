// A <select> over catalog entries (activations, inits, losses, problems) with the chosen
// entry's description under it.
import type { CatalogEntry } from '../core/descent-module';
import { citationText } from '../core/catalog';
import { el, select, uniqueId } from '../util/dom';

/** The mechanism and the paper of a catalog entry, as small text under its control. */
export function entryDetails(entry: CatalogEntry): HTMLElement {
  const citation = citationText(entry);
  return el('div', { class: 'entry-details' }, [
    entry.description
      ? el('p', { class: 'entry-mechanism small-text', text: entry.description })
      : null,
    citation
      ? el('p', { class: 'entry-citation small-text' }, [
          el('span', { class: 'muted', text: 'Paper: ' }),
          el('cite', { text: citation }),
        ])
      : null,
  ]);
}
import { infoTip } from './tooltip';

export interface EntrySelectOptions {
  label: string;
  group?: (entry: CatalogEntry) => string;
  disabled?: boolean;
  /** Show the chosen entry's mechanism and paper under the select, not only in the (i). */
  details?: boolean;
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
    options.details && entry ? entryDetails(entry) : null,
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
