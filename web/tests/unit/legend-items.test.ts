import { describe, expect, it } from 'vitest';
import { legendItems, type LegendLine as LineDataset } from '../../src/charts/legend-items';

function line(runName: string, color: string, metricLabel = 'loss', dash: number[] = []) {
  return {
    runName,
    metricLabel,
    role: 'main',
    borderColor: color,
    borderDash: dash,
    data: [],
  } as unknown as LineDataset;
}

describe('the legend of a metric chart', () => {
  it('names every run, in its colour, once, when asked to', () => {
    const runs = ['a', 'b', 'c', 'd', 'e', 'f'].map((n, i) => line(n, `#00000${i}`));
    const items = legendItems([...runs, line('a', '#000000', 'loss')], false, true);
    expect(items.map((i) => i.text)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(items.map((i) => i.strokeStyle)).toEqual(runs.map((r) => r.borderColor));
    expect(items.map((i) => i.datasetIndex)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('keeps one entry per line style, and adds runs after them', () => {
    const datasets = [
      line('a', '#111111', 'train'),
      line('a', '#111111', 'test', [6, 4]),
      line('b', '#222222', 'train'),
      line('b', '#222222', 'test', [6, 4]),
    ];
    expect(legendItems(datasets, true, false).map((i) => [i.text, i.lineDash])).toEqual([
      ['train', []],
      ['test', [6, 4]],
    ]);
    expect(legendItems(datasets, true, true).map((i) => i.text)).toEqual([
      'train',
      'test',
      'a',
      'b',
    ]);
  });

  it('skips the faint raw lines and divergence markers', () => {
    const raw = { ...line('a', '#111111'), role: 'raw' } as unknown as LineDataset;
    const marker = { ...line('b', '#222222'), role: 'marker' } as unknown as LineDataset;
    expect(legendItems([raw, marker], true, true)).toEqual([]);
  });
});
