// The state a first visit opens with (three optimizers on Rosenbrock, ready to start, so a
// newcomer sees a comparison after one click): the defaults of the page-state table.
import { APP_STATE, EMBED, MODEL, SWEEP, VIEW } from './state-table';
import type { AppState, EmbedOptions, ModelState, SweepState, ViewOptions } from './types';

export const DEFAULT_MODEL: ModelState = MODEL.initial();
export const DEFAULT_VIEW: ViewOptions = VIEW.initial();
export const DEFAULT_EMBED: EmbedOptions = EMBED.initial();
export const DEFAULT_SWEEP: SweepState = SWEEP.initial();

export function defaultState(): AppState {
  return APP_STATE.initial();
}
