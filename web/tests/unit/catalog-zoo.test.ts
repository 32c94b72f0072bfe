// The catalog helpers behind the optimizer picker: availability from the catalog's flags,
// search over names and papers, family headings and the cost line. A hand-written catalog
// keeps these independent of the core; tests/wasm/zoo.test.mjs checks the same rules
// against what the core actually accepts.
import { describe, expect, it } from 'vitest';
import type { Catalog, OptimizerEntry } from '../../src/core/descent-module';
import {
  costText,
  matchesSearch,
  optimizerAvailability,
  optimizersByFamily,
} from '../../src/core/catalog';

function optimizer(name: string, extra: Partial<OptimizerEntry> = {}): OptimizerEntry {
  return {
    name,
    title: name.toUpperCase(),
    description: 'mechanism',
    citation: { title: `Paper about ${name}`, authors: 'Doe, Roe', year: 2020 },
    params: [],
    family: 'adaptive',
    family_title: 'Adaptive',
    cost: { gradients: 1, hvps: 0 },
    needs_hvp: false,
    functions_only: false,
    networks_only: false,
    ...extra,
  };
}

const catalog = {
  optimizers: [
    optimizer('adam'),
    optimizer('cbo', {
      family: 'sharpness',
      functions_only: true,
      cost: { gradients: 0, hvps: 0 },
    }),
    optimizer('newton', { family: 'curvature', needs_hvp: true, cost: { gradients: 1, hvps: 2 } }),
    optimizer('lion', {
      family: 'sign',
      citation: { title: 'Symbolic Discovery', authors: 'Chen, Liang', year: 2023 },
    }),
  ],
  functions: [{ name: 'rosenbrock', hvp: true }],
  datasets: [
    { name: 'spiral', hvp: false },
    { name: 'with_hvp', hvp: true },
  ],
} as unknown as Catalog;

const byName = (name: string) => catalog.optimizers.find((o) => o.name === name)!;

describe('optimizer availability', () => {
  it('allows everything on a 2-D function with Hessian-vector products', () => {
    for (const o of catalog.optimizers)
      expect(optimizerAvailability(catalog, o, { kind: 'function', name: 'rosenbrock' })).toEqual({
        ok: true,
      });
  });
  it('refuses functions-only optimizers on data sets, with the reason', () => {
    const a = optimizerAvailability(catalog, byName('cbo'), { kind: 'dataset', name: 'spiral' });
    expect(a).toEqual({ ok: false, reason: 'runs on 2-D functions only' });
    expect(
      optimizerAvailability(catalog, byName('adam'), { kind: 'dataset', name: 'spiral' }).ok,
    ).toBe(true);
  });
  it('refuses needs-HVP optimizers exactly where the problem has no HVP', () => {
    const a = optimizerAvailability(catalog, byName('newton'), { kind: 'dataset', name: 'spiral' });
    expect(a.ok).toBe(false);
    expect(!a.ok && a.reason).toMatch(/Hessian-vector/);
    expect(
      optimizerAvailability(catalog, byName('newton'), { kind: 'dataset', name: 'with_hvp' }).ok,
    ).toBe(true);
    // An unknown problem provides nothing.
    expect(
      optimizerAvailability(catalog, byName('newton'), { kind: 'dataset', name: 'nope' }).ok,
    ).toBe(false);
  });
});

describe('picker metadata', () => {
  it('searches name, title, paper title, authors and year, all words', () => {
    expect(matchesSearch(byName('lion'), 'symbolic')).toBe(true);
    expect(matchesSearch(byName('lion'), 'LIANG 2023')).toBe(true);
    expect(matchesSearch(byName('lion'), 'liang 2020')).toBe(false);
    expect(matchesSearch(byName('adam'), '  ')).toBe(true);
    expect(matchesSearch(byName('adam'), 'lion')).toBe(false);
  });
  it('groups by family in first-appearance order, with readable headings', () => {
    expect([...optimizersByFamily(catalog).keys()]).toEqual([
      'adaptive',
      'sharpness',
      'curvature',
      'sign',
    ]);
  });
  it('states the cost per step in gradients and Hessian-vector products', () => {
    expect(costText(byName('adam'))).toBe('Cost per step: 1 gradient.');
    expect(costText(byName('newton'))).toBe(
      'Cost per step: 1 gradient, 2 Hessian-vector products.',
    );
    expect(costText(byName('cbo'))).toBe('Cost per step: no gradients (function values only).');
    expect(
      costText(optimizer('forward_gradient', { cost: { gradients: 0, hvps: 0, jvps: 1 } })),
    ).toBe('Cost per step: no gradients (forward mode), 1 Jacobian-vector product.');
  });
});
