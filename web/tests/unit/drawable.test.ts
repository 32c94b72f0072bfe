import { describe, expect, it } from 'vitest';
import { drawable } from '../../src/charts/drawable';

describe('drawable', () => {
  const view = {
    raw: [
      { x: 0, y: 0.69 },
      { x: 1, y: 1.1 },
      { x: 2, y: 0 },
      { x: 3, y: 0.2 },
    ],
    smooth: null,
    last: { x: 3, y: 0.2 },
  };

  it('passes everything through on linear axes', () => {
    expect(drawable(view, false)).toBe(view);
  });

  it('drops non-positive values on a log y axis', () => {
    expect(drawable(view, true).raw.map((p) => p.x)).toEqual([0, 1, 3]);
  });

  it('drops step 0 on a log x axis (it would wreck the axis range)', () => {
    const shown = drawable(view, false, true);
    expect(shown.raw.map((p) => p.x)).toEqual([1, 2, 3]);
    expect(shown.last).toEqual({ x: 3, y: 0.2 });
    expect(drawable(view, true, true).raw.map((p) => p.x)).toEqual([1, 3]);
  });
});
