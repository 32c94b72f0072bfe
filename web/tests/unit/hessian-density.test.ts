// The Hessian density view maps the core's grid to stepped lines without computing anything.
import { describe, expect, it } from 'vitest';
import { parseDiagnostics } from '../../src/metrics/diagnostics';
import { densityLines } from '../../src/views/hessian-density';

describe('densityLines', () => {
  const density = { edges: [-1, 0, 1, 2], density: [0.25, 0, 0.75] };

  it('draws each bin from its left edge and closes the outline at the last edge', () => {
    const [line] = densityLines([{ name: 'adam', color: '#123456', density, step: 40 }], false);
    expect(line).toEqual({
      label: 'adam (step 40)',
      color: '#123456',
      points: [
        { x: -1, y: 0.25 },
        { x: 0, y: 0 },
        { x: 1, y: 0.75 },
        { x: 2, y: 0.75 },
      ],
      stepped: true,
    });
  });

  it('leaves out the empty bins on a log axis and skips runs without a density', () => {
    const lines = densityLines(
      [
        { name: 'a', color: '#000000', density, step: null },
        { name: 'b', color: '#ffffff', density: null, step: null },
        { name: 'c', color: '#ffffff', density: { edges: [0, 1], density: [1, 2] }, step: 1 },
      ],
      true,
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]!.label).toBe('a');
    expect(lines[0]!.points.map((p) => p.y)).toEqual([0.25, 0.75, 0.75]);
  });

  it('reads the density from the core record, and drops a malformed one', () => {
    const [good, bad] = parseDiagnostics(
      JSON.stringify([
        { step: 5, hessian_density: { edges: [0, 1, 2], density: [0.5, 0.5], nodes: [0.5, 1.5] } },
        { step: 6, hessian_density: { edges: [0, 1], density: [0.5, 0.5] } },
      ]),
    );
    expect(good!.hessianDensity).toEqual({ edges: [0, 1, 2], density: [0.5, 0.5] });
    expect(bad!.hessianDensity).toBeNull();
  });
});
