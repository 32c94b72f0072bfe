// A tiny observable holder for the one state object. Updates are immutable replacements,
// so listeners can compare old and new parts by reference.
import type { AppState } from './types';

export type StateListener = (next: AppState, previous: AppState) => void;

export class StateStore {
  private listeners = new Set<StateListener>();

  constructor(private state: AppState) {}

  get(): AppState {
    return this.state;
  }

  set(next: AppState): void {
    if (next === this.state) return;
    const previous = this.state;
    this.state = next;
    for (const listener of this.listeners) listener(next, previous);
  }

  update(change: (state: AppState) => AppState): void {
    this.set(change(this.state));
  }

  subscribe(listener: StateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
