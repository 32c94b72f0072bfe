// State transitions of the run list that carry a judgement, not just a field change.
import { describe, expect, it } from 'vitest';
import { setOptimizer, setRunParam, useSharedModel } from '../../src/state/run-actions';
import { defaultState } from '../../src/state/defaults';
import { runConfig } from '../../src/state/run-config';

describe('run actions', () => {
  it('switching optimizer starts from the new one’s defaults, not the old learning rate', () => {
    let state = defaultState();
    const id = state.runs[0]!.id;
    state = setRunParam(state, id, 'optimizer', 'lr', 0.0003);
    state = setOptimizer(state, id, 'lion');
    const config = runConfig(state, state.runs[0]!);
    expect(config.optimizer).toEqual({ name: 'lion' });
  });

  it('a run with its own model goes back to the shared one', () => {
    const state = defaultState();
    const id = state.runs[0]!.id;
    const own = {
      ...state,
      problem: { kind: 'dataset' as const, name: 'moons', params: {}, start: null },
      runs: state.runs.map((r) => ({
        ...r,
        model: { ...state.model, hidden: [64] },
        precision: 'float64' as const,
      })),
    };
    expect(runConfig(own, own.runs[0]!).model).toMatchObject({ hidden: [64] });
    const shared = useSharedModel(own, id);
    expect(shared.runs[0]!.model).toBeUndefined();
    expect(runConfig(shared, shared.runs[0]!).model).toMatchObject({ hidden: state.model.hidden });
    expect(runConfig(shared, shared.runs[0]!).precision).toBeUndefined();
  });
});
