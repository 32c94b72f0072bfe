// The page-state table is the one definition of the state: the first-visit state, the link
// reader and the link writer all come from it.
import { describe, expect, it } from 'vitest';
import { boolean, linkValue, number, optional, record } from '../../src/state/fields';
import { APP_STATE, RUN } from '../../src/state/state-table';
import { defaultState } from '../../src/state/defaults';
import { parseState } from '../../src/share/parse-state';
import type { AppState } from '../../src/state/types';

describe('the page-state table', () => {
  it('gives the first-visit state: three optimizers on Rosenbrock', () => {
    const state = defaultState();
    expect(state.problem).toEqual({
      kind: 'function',
      name: 'rosenbrock',
      params: {},
      start: null,
    });
    expect(state.runs.map((r) => [r.name, r.optimizer.name])).toEqual([
      ['SGD', 'sgd'],
      ['Momentum', 'sgd'],
      ['Adam', 'adam'],
    ]);
    expect([state.seed, state.steps, state.batchSize, state.evalEvery]).toEqual([7, 500, 32, 0]);
    expect('demo' in state || 'sweep' in state || 'precision' in state).toBe(false);
  });

  it('reads a minimal link with every default filled in from the table', () => {
    const { problem, seed, steps, runs } = defaultState();
    const minimal = {
      problem,
      seed,
      steps,
      runs: runs.map(({ id, name, color, optimizer }) => ({ id, name, color, optimizer })),
    };
    expect(parseState(minimal)).toEqual({ ok: true, state: defaultState() });
  });

  it('refuses a link without a required field, naming it', () => {
    const noSeed: Partial<AppState> = defaultState();
    delete noSeed.seed;
    expect(parseState(noSeed)).toEqual({
      ok: false,
      message: 'seed: expected a value (it is required)',
    });
    const run = RUN.read(
      { id: 'a', name: 'A', color: '#000000', optimizer: { name: 'sgd' } },
      'runs[0]',
    );
    expect(run.schedule).toEqual({ name: 'constant', params: {} });
    expect(() => RUN.read({ id: 'a', name: 'A', color: '#000000' }, 'runs[0]')).toThrow(
      'runs[0].optimizer: expected a value',
    );
  });

  it('writes only the fields the table marks as carried by the link', () => {
    const table = record(
      {
        kept: number(1, { doc: 'carried' }),
        local: boolean(true, { doc: 'not carried', link: false }),
        inner: optional(
          record(
            { x: number(0, { doc: '' }), y: number(0, { doc: '', link: false }) },
            { doc: '' },
          ),
        ),
      },
      { doc: '' },
    );
    expect(linkValue(table, { kept: 2, local: false, inner: { x: 1, y: 2 } })).toEqual({
      kept: 2,
      inner: { x: 1 },
    });
    // Every field of the page state travels today (a link is the whole recipe).
    expect(linkValue(APP_STATE, defaultState())).toEqual(defaultState());
  });
});
