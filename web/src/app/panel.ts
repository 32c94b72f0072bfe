// The page's panels as one registry: each panel has its element and an update(state, record)
// that draws the store's state and the runs' records. Metrics flow one way: the core (in a
// worker) → the worker pool → the training controller's records → the panels; no panel
// writes a record, and forms write only to the state store.
import type { RunRecord } from '../metrics/run-record';
import type { AppState } from '../state/types';
import { timed } from '../util/timing';

export type RecordLookup = (id: string) => RunRecord | undefined;

/**
 * When a panel redraws: 'state' only when the state changed (forms: training progress alone
 * must not touch them), 'frame' at every render, a number at most every that many
 * milliseconds (text for reading, not animation) and whenever the state changed.
 */
export type Cadence = 'state' | 'frame' | number;

export interface Panel {
  /** Names the panel in the timing marks. */
  readonly name: string;
  readonly element?: HTMLElement;
  readonly cadence?: Cadence;
  update(state: AppState, record: RecordLookup): void;
}

/** A view with an element and an update method, registered under a name. */
export function panel(
  name: string,
  view: { element?: HTMLElement; update(state: AppState, record: RecordLookup): void },
  cadence: Cadence = 'frame',
): Panel {
  return { name, element: view.element, cadence, update: (s, r) => view.update(s, r) };
}

export class PanelRegistry {
  private panels: Panel[] = [];
  private updatedAt = new Map<Panel, number>();

  add(...panels: Panel[]): void {
    this.panels.push(...panels);
  }

  /**
   * Updates the panels due, in registration order. Returns the delay in ms after which a
   * throttled panel skipped now wants a render, or null.
   */
  render(state: AppState, record: RecordLookup, stateChanged: boolean, now: number): number | null {
    let wait: number | null = null;
    for (const p of this.panels) {
      const cadence = p.cadence ?? 'frame';
      if (cadence === 'state' && !stateChanged) continue;
      if (typeof cadence === 'number') {
        const since = now - (this.updatedAt.get(p) ?? -Infinity);
        if (!stateChanged && since < cadence) {
          wait = Math.min(wait ?? cadence, cadence - since);
          continue;
        }
        this.updatedAt.set(p, now);
      }
      timed(p.name, () => p.update(state, record));
    }
    return wait;
  }
}
