// Paused runs across a reload: a pause keeps each paused run's checkpoint and rows (with the
// page state) in IndexedDB; the next visit finds them and asks before resuming, since their
// setup replaces the one on screen. Everything read back is untrusted: a refused run is named
// and the page starts it afresh; storage that is unavailable costs a message, never the run.
import type { DescentModule } from '../core/descent-module';
import { errorText } from '../core/load-module';
import { decodeState, encodeState } from '../share/link';
import type { StateStore } from '../state/store';
import { button, el, uniqueId } from '../util/dom';
import type { Banner } from '../views/banner';
import type { TrainingController } from '../app/training-controller';
import { validateRuns } from '../app/validation';
import type { SavedSession } from './paused-run';
import type { PausedStore } from './paused-store';

export interface ResumeDeps {
  module: DescentModule;
  store: StateStore;
  training: TrainingController;
  banner: Banner;
  paused: PausedStore;
}

/** "2 paused runs (Adam at step 120 of 500, SGD at step 120 of 500)". */
export function describeSession(session: SavedSession, names: ReadonlyMap<string, string>): string {
  const runs = session.runs.map(
    (run) => `${names.get(run.runId) ?? run.runId} at step ${run.step} of ${run.totalSteps}`,
  );
  const n = session.runs.length;
  return `${n} paused run${n === 1 ? '' : 's'} (${runs.join(', ')})`;
}

export class ResumeOffer {
  /** The prompt; empty (and hidden) when there is nothing to offer. */
  readonly element = el('div', { class: 'resume-offer-slot' });

  constructor(private deps: ResumeDeps) {}

  /** Keeps every paused run of the page for a reload (after a pause or a single step). */
  async save(): Promise<void> {
    const { store, training, banner, paused } = this.deps;
    const state = store.get();
    if (state.embed.enabled) return; // an embedded demo keeps nothing in the reader's browser
    try {
      const runs = await training.pausedRuns();
      if (runs.length === 0) return;
      await paused.save(await encodeState(state), runs);
    } catch (error) {
      banner.show(
        `The paused runs could not be kept for a reload (${errorText(error)}); they stay paused on this page.`,
        'warning',
      );
    }
  }

  /** Forgets the kept runs (Reset, or the prompt's Discard). */
  async discard(): Promise<void> {
    this.element.replaceChildren();
    await this.deps.paused.clear().catch(() => undefined);
  }

  /** Looks for runs paused on an earlier visit and, if any, asks whether to resume them. */
  async offer(): Promise<void> {
    const { store, banner, paused } = this.deps;
    if (store.get().embed.enabled) return;
    let loaded;
    try {
      loaded = await paused.load();
    } catch {
      return; // No storage (private mode): nothing was kept, nothing to offer.
    }
    if (loaded.refused.length > 0) {
      banner.show(
        'Runs paused on an earlier visit cannot be resumed; they start from step 0 if you train them again.',
        'warning',
        loaded.refused,
      );
    }
    if (!loaded.session) {
      if (loaded.refused.length > 0) await paused.clear().catch(() => undefined);
      return;
    }
    const decoded = await decodeState(loaded.session.link);
    if (decoded.kind !== 'ok') {
      const why = decoded.kind === 'error' ? decoded.message : 'The saved page state is empty.';
      banner.show(`Runs paused on an earlier visit cannot be resumed: ${why}`, 'warning');
      await paused.clear().catch(() => undefined);
      return;
    }
    const names = new Map(decoded.state.runs.map((run) => [run.id, run.name]));
    this.show(loaded.session, describeSession(loaded.session, names));
  }

  private show(session: SavedSession, summary: string): void {
    const heading = el('h2', {
      text: 'Resume paused training?',
      attrs: { id: uniqueId('resume') },
    });
    const prompt = el(
      'section',
      {
        class: 'banner banner-info resume-offer',
        attrs: { role: 'region', 'aria-labelledby': heading.id },
      },
      [
        el('div', { class: 'banner-text' }, [
          heading,
          el('p', {
            text: `${summary} were kept when you paused on ${new Date(session.savedAt).toLocaleString()}. Resuming replaces the current setup with theirs and continues from where they stopped.`,
          }),
        ]),
        el('div', { class: 'resume-actions' }, [
          button('Resume paused runs', () => void this.accept(session), { class: 'primary' }),
          button('Discard them', () => void this.discard()),
        ]),
      ],
    );
    this.element.replaceChildren(prompt);
  }

  private async accept(session: SavedSession): Promise<void> {
    const { module, store, training, banner } = this.deps;
    this.element.replaceChildren();
    const decoded = await decodeState(session.link);
    if (decoded.kind !== 'ok') return;
    const state = { ...decoded.state, embed: store.get().embed };
    const refused = validateRuns(module, state).flatMap((v) =>
      v.errors.map((e) => `${v.runId}: ${e.field}: ${e.message}`),
    );
    if (state.problem.table) refused.push('runs on your own table are not resumed yet');
    if (refused.length > 0) {
      banner.show('The paused runs cannot be resumed; the current setup stays.', 'error', refused);
      return;
    }
    store.set(state);
    const problems = await training.resume(state, session.runs);
    const resumed = session.runs.length - problems.length;
    if (problems.length > 0) {
      banner.show(
        `${problems.length} paused run${problems.length === 1 ? '' : 's'} could not be resumed and start from step 0.`,
        'warning',
        problems,
      );
    }
    if (resumed > 0) {
      banner.show(
        `Resumed ${resumed} paused run${resumed === 1 ? '' : 's'}. Press Start to continue training.`,
        'info',
      );
    }
  }
}
