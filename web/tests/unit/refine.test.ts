import { describe, expect, it } from 'vitest';
import { refineNorms } from '../../src/metrics/refine-norms';
import { decodeState, encodeState } from '../../src/share/link';
import { defaultState } from '../../src/state/defaults';
import { refineRun } from '../../src/state/refine-run';
import { runConfig } from '../../src/state/run-config';

describe('refine from a finished run', () => {
  it('drops the initial NaN row and keeps short series as they are', () => {
    expect(refineNorms(new Float64Array([Number.NaN, 3, 2.5, 1.25]))).toEqual([3, 2.5, 1.25]);
  });

  it('averages long series in equal buckets down to the limit', () => {
    const long = new Float64Array(4001);
    long[0] = Number.NaN;
    for (let i = 1; i <= 4000; i++) long[i] = i <= 2000 ? 2 : 4;
    const norms = refineNorms(long, 1000);
    expect(norms).toHaveLength(1000);
    expect(norms[0]).toBe(2);
    expect(norms[499]).toBe(2);
    expect(norms[500]).toBe(4);
    // Buckets of 4 values: the mean of 1, 2, 3, 4 is 2.5.
    expect(refineNorms([1, 2, 3, 4, 5, 6, 7, 8], 2)).toEqual([2.5, 6.5]);
  });

  it('adds a refined copy after the run, carried by the config and the link', async () => {
    const state = defaultState();
    const id = state.runs[0]!.id;
    const next = refineRun(state, id, [3, 2, 1]);
    expect(next.runs).toHaveLength(state.runs.length + 1);
    const refined = next.runs[1]!;
    expect(refined.name).toBe(`${state.runs[0]!.name} (refined)`);
    expect(refined.optimizer).toEqual(state.runs[0]!.optimizer);
    expect(refined.schedule).toEqual({ name: 'refined', params: { grad_norms: [3, 2, 1] } });
    expect(runConfig(next, refined).schedule).toEqual({ name: 'refined', grad_norms: [3, 2, 1] });
    const decoded = await decodeState(`#${await encodeState(next)}`);
    expect(decoded).toEqual({ kind: 'ok', state: next });
    // Fewer than two norms: nothing to refine.
    expect(refineRun(state, id, [1])).toBe(state);
  });

  it('rejects a link whose series holds something other than numbers', async () => {
    const state = refineRun(defaultState(), defaultState().runs[0]!.id, [3, 2, 1]);
    const bad = structuredClone(state);
    (bad.runs[1]!.schedule.params as Record<string, unknown>).grad_norms = [1, 'x'];
    const decoded = await decodeState(`#${await encodeState(bad)}`);
    expect(decoded.kind).toBe('error');
  });
});
