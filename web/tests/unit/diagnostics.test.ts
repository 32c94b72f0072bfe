// Diagnostic records from the core (takeDiagnostics JSON) are read defensively and bounded.
import { describe, expect, it } from 'vitest';
import {
  MAX_DIAGNOSTIC_RECORDS,
  appendDiagnostics,
  parseDiagnostics,
  type DiagnosticRecord,
} from '../../src/metrics/diagnostics';

describe('parseDiagnostics', () => {
  it('reads eigenvalues, trace, layers and the effective-lr histogram', () => {
    const [record] = parseDiagnostics(
      JSON.stringify([
        {
          step: 10,
          hvps: 20,
          eigenvalues: [4, 2],
          trace: 7.5,
          layers: [
            { name: 'w1', grad_norm: 1, weight_norm: 2, update_norm: 0.1, update_ratio: 0.05 },
          ],
          effective_lr: { log10_edges: [-4, -3, -2], counts: [5, 6] },
          example_grad_norms: { edges: [0, 0.5, 1], counts: [7, 1] },
        },
      ]),
    );
    expect(record).toEqual({
      step: 10,
      eigenvalues: [4, 2],
      trace: 7.5,
      layers: [{ name: 'w1', grad_norm: 1, weight_norm: 2, update_norm: 0.1, update_ratio: 0.05 }],
      effectiveLr: { log10Edges: [-4, -3, -2], counts: [5, 6] },
      hessianDensity: null,
      exampleGradNorms: { edges: [0, 0.5, 1], counts: [7, 1] },
    });
  });

  it('drops what is malformed instead of failing', () => {
    expect(parseDiagnostics('not json')).toEqual([]);
    expect(parseDiagnostics('{"step": 1}')).toEqual([]);
    const records = parseDiagnostics(
      JSON.stringify([
        { eigenvalues: [1] },
        {
          step: 3,
          eigenvalues: [1, 'x', null],
          effective_lr: { log10_edges: [0, 1], counts: [1, 2] },
          example_grad_norms: { edges: [0, 1, 'x'], counts: [1, 2] },
        },
      ]),
    );
    expect(records).toHaveLength(1);
    expect(records[0]!.eigenvalues).toEqual([1]);
    expect(records[0]!.effectiveLr).toBeNull();
    expect(records[0]!.exampleGradNorms).toBeNull();
  });

  it('keeps at most MAX_DIAGNOSTIC_RECORDS per run, the latest', () => {
    const into: DiagnosticRecord[] = [];
    const make = (step: number): DiagnosticRecord => ({
      step,
      eigenvalues: [],
      trace: null,
      layers: [],
      effectiveLr: null,
      hessianDensity: null,
      exampleGradNorms: null,
    });
    for (let i = 0; i < MAX_DIAGNOSTIC_RECORDS + 10; i += 10) {
      appendDiagnostics(
        into,
        Array.from({ length: 10 }, (_, j) => make(i + j)),
      );
    }
    expect(into).toHaveLength(MAX_DIAGNOSTIC_RECORDS);
    expect(into.at(-1)!.step).toBe(MAX_DIAGNOSTIC_RECORDS + 9);
  });
});
