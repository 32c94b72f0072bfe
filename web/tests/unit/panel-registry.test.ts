// The panel registry's cadences: forms redraw only when the state changed, live panels every
// frame, a throttled panel at most once per interval (and whenever the state changed), with
// the wait until it is due returned so the page can schedule a render.
import { describe, expect, it } from 'vitest';
import { PanelRegistry, type Cadence } from '../../src/app/panel';
import { defaultState } from '../../src/state/defaults';

/** A panel that counts its updates and records the order of all updates. */
function counting(name: string, cadence: Cadence, order: string[]) {
  const panel = {
    name,
    cadence,
    calls: 0,
    update: () => {
      panel.calls++;
      order.push(name);
    },
  };
  return panel;
}

describe('panel registry', () => {
  it('updates each panel by its cadence, in registration order', () => {
    const order: string[] = [];
    const form = counting('form', 'state', order);
    const live = counting('live', 'frame', order);
    const table = counting('table', 250, order);
    const registry = new PanelRegistry();
    registry.add(form, live, table);
    const state = defaultState();
    const none = () => undefined;
    expect(registry.render(state, none, true, 0)).toBeNull();
    expect(order).toEqual(['form', 'live', 'table']);
    // Training progress alone: forms untouched, the table waits for its interval.
    expect(registry.render(state, none, false, 100)).toBe(150);
    expect([form.calls, live.calls, table.calls]).toEqual([1, 2, 1]);
    expect(registry.render(state, none, false, 250)).toBeNull();
    expect([form.calls, live.calls, table.calls]).toEqual([1, 3, 2]);
    // A state change redraws everything at once, the table included.
    expect(registry.render(state, none, true, 260)).toBeNull();
    expect([form.calls, live.calls, table.calls]).toEqual([2, 4, 3]);
  });
});
