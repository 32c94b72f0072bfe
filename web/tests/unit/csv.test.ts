import { describe, expect, it } from 'vitest';
import { csvField, metricsCsv } from '../../src/metrics/csv';
import { Series } from '../../src/metrics/series';

function seriesOf(rows: { step: number; loss: number; test_loss?: number }[]): Series {
  const s = new Series(1);
  s.append({
    step: Float64Array.from(rows, (r) => r.step),
    loss: Float64Array.from(rows, (r) => r.loss),
    test_loss: Float64Array.from(rows, (r) => r.test_loss ?? NaN),
  });
  return s;
}

// A few of the core's columns: the CSV writes exactly the columns it is given, in that order
// (the page passes the catalog's; metric-catalog.test.ts checks those against the real core).
const NAMES = ['step', 'loss', 'accuracy', 'test_loss', 'sharpness'];

describe('metrics CSV', () => {
  it('writes a header and one row per (run, step), NaN as empty cells, CRLF line ends', () => {
    const csv = metricsCsv(
      [
        {
          id: 'r1',
          name: 'Adam',
          series: seriesOf([
            { step: 0, loss: 2.5 },
            { step: 1, loss: 0.125, test_loss: 0.5 },
          ]),
        },
        { id: 'r2', name: 'SGD, "fast"', series: seriesOf([{ step: 0, loss: 1e-12 }]) },
      ],
      NAMES,
    );
    expect(csv).toBe(
      [
        'run_id,run_name,step,loss,accuracy,test_loss,sharpness',
        'r1,Adam,0,2.5,,,',
        'r1,Adam,1,0.125,,0.5,',
        'r2,"SGD, ""fast""",0,1e-12,,,',
        '',
      ].join('\r\n'),
    );
  });

  it('quotes fields with separators, quotes or newlines only', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
  });

  it('keeps every row (grows past the initial capacity)', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ step: i, loss: 1 / (i + 1) }));
    const csv = metricsCsv([{ id: 'r1', name: 'x', series: seriesOf(rows) }], NAMES);
    expect(csv.trim().split('\r\n')).toHaveLength(1001);
  });
});
