// Optimizer picker: grouped by family, filtered by a search over names and papers (title,
// authors, year), with the selected optimizer's mechanism, paper and cost per step under it.
// Everything comes from the catalog: a new optimizer appears here with no change to this file.
// A native <select> keeps it keyboard- and screen-reader-friendly; optimizers that cannot run
// on the current problem stay listed but disabled, with the reason.
import type { Catalog, OptimizerEntry } from '../core/descent-module';
import {
  citationText,
  costText,
  matchesSearch,
  optimizerAvailability,
  optimizersByFamily,
  type Availability,
} from '../core/catalog';
import type { ProblemState } from '../state/types';
import { el, uniqueId } from '../util/dom';

type Problem = Pick<ProblemState, 'kind' | 'name'>;

export interface OptimizerPicker {
  element: HTMLElement;
  /** Re-marks what can run after the problem changed (the card is not rebuilt for that). */
  setProblem(problem: Problem): void;
}

/** The search text and focus survive the rebuild that follows a choice (per picker key). */
const memory = new Map<string, { query: string; focus: 'search' | 'list' | null }>();

function shortReason(availability: Availability): string {
  if (availability.ok) return '';
  return availability.reason.startsWith('needs') ? 'needs Hessian-vector products' : '2-D only';
}

function optionText(entry: OptimizerEntry, availability: Availability): string {
  const year = entry.citation?.year ? ` (${entry.citation.year})` : '';
  const unavailable = availability.ok ? '' : ` — ${shortReason(availability)}`;
  return `${entry.title || entry.name}${year}${unavailable}`;
}

export function optimizerPicker(
  catalog: Catalog,
  value: string,
  onChange: (name: string) => void,
  options: { disabled: boolean; problem: Problem; key: string },
): OptimizerPicker {
  const id = uniqueId('optimizer');
  const detailsId = uniqueId('optimizer-details');
  const remembered = memory.get(options.key);
  memory.delete(options.key);
  let problem = options.problem;

  const search = el('input', {
    class: 'picker-search',
    attrs: {
      type: 'search',
      placeholder: 'Search name, title or paper…',
      'aria-label': 'Search optimizers by name, title or paper',
      'aria-controls': id,
      autocomplete: 'off',
      spellcheck: 'false',
    },
  });
  search.value = remembered?.query ?? '';
  const list = el('select', {
    class: 'optimizer-select',
    attrs: { id, 'aria-describedby': detailsId },
  });
  const count = el('span', { class: 'hint picker-count', attrs: { 'aria-live': 'polite' } });
  const entry = catalog.optimizers.find((e) => e.name === value);

  const choose = (name: string, focus: 'search' | 'list') => {
    if (name === value) return;
    memory.set(options.key, { query: search.value, focus });
    onChange(name);
  };

  /** Visible options in list order; the chosen one stays listed whatever the query. */
  const fill = () => {
    const query = search.value;
    list.replaceChildren();
    let matches = 0;
    for (const [family, entries] of optimizersByFamily(catalog)) {
      const visible = entries.filter((e) => e.name === value || matchesSearch(e, query));
      if (visible.length === 0) continue;
      // The family's display name is the catalog's (every member carries it).
      const group = el('optgroup', { attrs: { label: entries[0]?.family_title ?? family } });
      for (const e of visible) {
        const availability = optimizerAvailability(catalog, e, problem);
        const option = el('option', {
          text: optionText(e, availability),
          attrs: { value: e.name },
        });
        // The current choice stays selectable so the select can show it.
        option.disabled = !availability.ok && e.name !== value;
        if (!availability.ok) option.title = `Unavailable: ${availability.reason}`;
        group.append(option);
        if (matchesSearch(e, query) && query.trim() !== '') matches++;
      }
      list.append(group);
    }
    list.value = value;
    count.textContent = query.trim()
      ? matches === 0
        ? `No optimizer matches “${query.trim()}”`
        : `${matches} match${matches === 1 ? '' : 'es'}`
      : `${catalog.optimizers.length} optimizers`;
  };

  /** The first listed optimizer that matches the query and can run here. */
  const firstMatch = (): string | undefined =>
    [...list.options].find((o) => {
      const e = catalog.optimizers.find((c) => c.name === o.value);
      return (
        e !== undefined &&
        matchesSearch(e, search.value) &&
        optimizerAvailability(catalog, e, problem).ok
      );
    })?.value;

  search.addEventListener('input', fill);
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      const first = firstMatch();
      if (first) choose(first, 'search');
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      list.focus();
    }
  });
  list.addEventListener('change', () => choose(list.value, 'list'));
  search.disabled = options.disabled;
  list.disabled = options.disabled;

  const unavailable = el('p', {
    class: 'optimizer-unavailable',
    attrs: { 'aria-live': 'polite' },
  });
  const details = el('div', { class: 'optimizer-details', attrs: { id: detailsId } }, [
    entry
      ? el('p', { class: 'optimizer-mechanism small-text', text: entry.description })
      : el('p', { class: 'field-error', text: `Unknown optimizer "${value}".` }),
    entry && citationText(entry)
      ? el('p', { class: 'optimizer-citation small-text' }, [
          el('span', { class: 'muted', text: 'Paper: ' }),
          el('cite', { text: citationText(entry) }),
        ])
      : null,
    entry ? el('p', { class: 'optimizer-cost small-text muted', text: costText(entry) }) : null,
    unavailable,
  ]);

  const markAvailability = () => {
    const availability: Availability = entry
      ? optimizerAvailability(catalog, entry, problem)
      : { ok: true };
    unavailable.textContent =
      availability.ok === false
        ? `${entry!.title} cannot run on this problem: it ${availability.reason}. Pick another optimizer or a 2-D function.`
        : '';
  };

  fill();
  markAvailability();
  if (remembered?.focus) {
    const target = remembered.focus === 'search' ? search : list;
    // Focus after the rebuilt card is in the document.
    requestAnimationFrame(() => {
      if (target.isConnected) target.focus();
    });
  }

  // data-optimizer: the optimizer this picker was built for (the select's value changes
  // before the card is rebuilt with the new details).
  const element = el(
    'div',
    { class: 'param optimizer-picker', attrs: { 'data-optimizer': value } },
    [
      el('div', { class: 'param-head' }, [
        el('label', { class: 'param-label', text: 'Optimizer', attrs: { for: id } }),
        count,
      ]),
      options.disabled ? null : search,
      list,
      details,
    ],
  );
  return {
    element,
    setProblem(next) {
      if (next.kind === problem.kind && next.name === problem.name) return;
      problem = next;
      fill();
      markAvailability();
    },
  };
}
