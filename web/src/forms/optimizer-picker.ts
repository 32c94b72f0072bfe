// Optimizer picker: grouped by family, filtered by a search over names and paper titles.
// A native <select> keeps it keyboard- and screen-reader-friendly.
import type { Catalog } from '../core/descent-module';
import { citationText, matchesSearch, optimizersByFamily } from '../core/catalog';
import { el, uniqueId } from '../util/dom';
import { infoTip } from './tooltip';

export function optimizerPicker(
  catalog: Catalog,
  value: string,
  onChange: (name: string) => void,
  disabled: boolean,
): HTMLElement {
  const id = uniqueId('optimizer');
  const search = el('input', {
    class: 'picker-search',
    attrs: {
      type: 'search',
      placeholder: 'Search name or paper…',
      'aria-label': 'Search optimizers',
      'aria-controls': id,
    },
  });
  const list = el('select', { attrs: { id } });
  const count = el('span', { class: 'hint', attrs: { 'aria-live': 'polite' } });

  const fill = () => {
    const query = search.value;
    list.replaceChildren();
    let shown = 0;
    for (const [family, entries] of optimizersByFamily(catalog)) {
      const visible = entries.filter((e) => e.name === value || matchesSearch(e, query));
      if (visible.length === 0) continue;
      const group = el('optgroup', { attrs: { label: family } });
      for (const entry of visible) {
        const year = entry.citation?.year ? ` (${entry.citation.year})` : '';
        group.append(
          el('option', {
            text: `${entry.title || entry.name}${year}`,
            attrs: { value: entry.name },
          }),
        );
        if (entry.name !== value || matchesSearch(entry, query)) shown++;
      }
      list.append(group);
    }
    list.value = value;
    count.textContent = query.trim() ? `${shown} match${shown === 1 ? '' : 'es'}` : '';
  };
  fill();
  search.addEventListener('input', fill);
  search.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const first = [...list.options].find(
      (o) =>
        o.value !== value &&
        matchesSearch(
          catalog.optimizers.find((e) => e.name === o.value)!,
          search.value,
        ),
    );
    if (first) onChange(first.value);
  });
  list.addEventListener('change', () => onChange(list.value));
  search.disabled = disabled;
  list.disabled = disabled;

  const entry = catalog.optimizers.find((e) => e.name === value);
  const cost = entry?.cost
    ? `Cost per step: ${entry.cost.gradients} gradient${entry.cost.gradients === 1 ? '' : 's'}${entry.cost.hvps ? `, ${entry.cost.hvps} Hessian-vector products` : ''}.`
    : '';
  return el('div', { class: 'param optimizer-picker' }, [
    el('div', { class: 'param-head' }, [
      el('label', { class: 'param-label', text: 'Optimizer', attrs: { for: id } }),
      entry
        ? infoTip([`${entry.title}: ${entry.description}`, citationText(entry), cost], 'optimizer')
        : null,
      count,
    ]),
    disabled ? null : search,
    list,
    entry
      ? el('p', { class: 'muted small-text', text: entry.description })
      : el('p', { class: 'field-error', text: `Unknown optimizer "${value}".` }),
  ]);
}
