// Start/pause, single step, reset, and overall progress. These stay usable in locked embeds.
import type { TrainingController } from '../app/training-controller';
import type { AppState } from '../state/types';
import type { RunRecord } from '../metrics/run-record';
import { button, el } from '../util/dom';

export interface ToolbarActions {
  play: () => void;
  pause: () => void;
  step: () => void;
  reset: () => void;
}

export class Toolbar {
  readonly element: HTMLElement;
  private playButton: HTMLButtonElement;
  private progress = el('progress', {
    attrs: { max: '1', value: '0', 'aria-label': 'Training progress' },
  });
  private progressText = el('span', { class: 'progress-text', attrs: { 'aria-live': 'polite' } });

  constructor(
    private training: TrainingController,
    actions: ToolbarActions,
  ) {
    this.playButton = button(
      '▶ Start',
      () => (this.training.isPlaying ? actions.pause() : actions.play()),
      {
        class: 'primary play',
        attrs: { 'aria-keyshortcuts': 'Space' },
      },
    );
    this.element = el(
      'div',
      { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Training controls' } },
      [
        this.playButton,
        button('Step', actions.step, { title: 'One optimizer step for every run' }),
        button('Reset', actions.reset, { title: 'Forget all metrics and start again from step 0' }),
        el('span', { class: 'progress' }, [this.progress, this.progressText]),
      ],
    );
  }

  update(state: AppState, record: (id: string) => RunRecord | undefined): void {
    const playing = this.training.isPlaying;
    this.playButton.textContent = playing ? '⏸ Pause' : '▶ Start';
    this.playButton.setAttribute('aria-pressed', String(playing));
    let done = 0;
    let total = 0;
    for (const run of state.runs) {
      const r = record(run.id);
      const steps = r?.totalSteps || state.steps;
      total += steps;
      const finished =
        r &&
        (r.status === 'ok' ||
          r.status === 'diverged' ||
          r.status === 'failed' ||
          r.status === 'invalid');
      done += finished ? steps : Math.min(steps, r?.currentStep ?? 0);
    }
    const fraction = total > 0 ? done / total : 0;
    this.progress.value = fraction;
    this.progressText.textContent = `${Math.round(fraction * 100)}%`;
  }
}
