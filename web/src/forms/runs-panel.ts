// The list of runs. Cards are kept across updates (keyed by structure) so that focus and
// half-typed values survive state changes.
import type { AppContext } from '../app/context';
import { isLocked } from '../app/context';
import { addRun, MAX_RUNS } from '../state/run-actions';
import type { AppState } from '../state/types';
import { button, el } from '../util/dom';
import { RunCard, runCardKey } from './run-card';

export class RunsPanel {
  readonly element = el('section', { class: 'panel runs-panel', attrs: { 'aria-label': 'Runs' } });
  private list = el('div', { class: 'run-list' });
  private cards = new Map<string, RunCard>();
  private addButton: HTMLButtonElement;

  constructor(private app: AppContext) {
    this.addButton = button('+ Add run', () => this.addDefaultRun(), { class: 'primary-outline' });
    this.element.append(
      el('div', { class: 'panel-head' }, [el('h2', { text: 'Runs' }), this.addButton]),
      el('p', {
        class: 'hint',
        text: 'Each run trains the same problem with its own optimizer. Duplicate a run to vary one setting.',
      }),
      this.list,
    );
  }

  card(runId: string): RunCard | undefined {
    return this.cards.get(runId);
  }

  update(state: AppState): void {
    const locked = isLocked(this.app);
    this.addButton.hidden = locked;
    this.addButton.disabled = state.runs.length >= MAX_RUNS;
    const next = new Map<string, RunCard>();
    for (const run of state.runs) {
      let card = this.cards.get(run.id);
      if (!card || card.key !== runCardKey(run, locked)) card = new RunCard(this.app, run, locked);
      card.sync(run);
      next.set(run.id, card);
    }
    this.cards = next;
    const elements = state.runs.map((r) => next.get(r.id)!.element);
    // Only touch the DOM when order or membership changed (moving focused nodes loses focus).
    const current = [...this.list.children];
    if (current.length !== elements.length || current.some((node, i) => node !== elements[i])) {
      this.list.replaceChildren(...elements);
    }
  }

  private addDefaultRun(): void {
    const { catalog } = this.app;
    const adam = catalog.optimizers.find((o) => o.name === 'adam') ?? catalog.optimizers[0];
    if (!adam) return;
    this.app.store.update((s) =>
      addRun(s, { name: adam.name, params: {} }, adam.title || adam.name),
    );
  }
}
