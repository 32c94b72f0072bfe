// Columns the core adds beyond the page's list (a newer core) are kept without a page-side list, aligned with the
// base columns, NaN before they first appear, and thinned with the rest.
import { describe, expect, it } from 'vitest';
import { Series } from '../../src/metrics/series';
import { BATCH_COLUMNS } from '../../src/metrics/run-record';

const f = (...v: number[]) => new Float64Array(v);

describe('Series with columns beyond the base ones', () => {
  it('keeps a column that appears later, NaN before it', () => {
    const s = new Series(2);
    s.append({ step: f(0, 1), loss: f(3, 2) });
    s.append({ step: f(2, 3, 4), loss: f(1, 1, 1), future_metric: f(NaN, 7, 8) });
    expect(s.has('future_metric')).toBe(true);
    expect([...s.column('future_metric')]).toEqual([NaN, NaN, NaN, 7, 8]);
    expect(s.last('future_metric')).toBe(8);
    expect(s.names().slice(-1)).toEqual(['future_metric']);
    expect([...s.column('never_reported')]).toEqual([NaN, NaN, NaN, NaN, NaN]);
  });

  it('refuses malformed names and columns of the wrong length', () => {
    const s = new Series();
    s.append({ step: f(0, 1), 'Bad-Name': f(1, 2), short: f(1) });
    expect(s.has('Bad-Name')).toBe(false);
    expect(s.has('short')).toBe(false);
  });

  it('thins extra columns with the base ones', () => {
    const s = new Series(4, 8);
    for (let i = 0; i < 40; i++) s.append({ step: f(i), extra: f(10 * i) });
    const steps = [...s.column('step')];
    expect([...s.column('extra')]).toEqual(steps.map((x) => 10 * x));
  });
});

describe('the minibatch series (base columns step and batch_loss)', () => {
  it('holds only its own columns and thins like the rows', () => {
    const s = new Series(2, 4, BATCH_COLUMNS);
    expect(s.names()).toEqual(['step', 'batch_loss']);
    s.append({ step: f(1, 2, 3, 4, 5, 6), batch_loss: f(6, 5, 4, 3, 2, 1) });
    // Past 4 rows every other one is kept, and the latest is always there.
    expect([...s.column('step')]).toEqual([1, 3, 5, 6]);
    expect([...s.column('batch_loss')]).toEqual([6, 4, 2, 1]);
    expect(s.has('loss')).toBe(false);
  });
});
