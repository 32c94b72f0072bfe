import { describe, expect, it } from 'vitest';
import { FieldErrors, SHARED_SCOPE, scopeOf } from '../../src/forms/field-errors';
import { fromPosition, toPosition, SLIDER_STEPS } from '../../src/forms/slider-scale';
import { parseHidden } from '../../src/forms/problem-panel';

describe('slider scale', () => {
  it('maps decades to equal widths on a log slider', () => {
    const scale = { min: 1e-5, max: 10, log: true };
    expect(toPosition(1e-5, scale)).toBe(0);
    expect(toPosition(10, scale)).toBe(SLIDER_STEPS);
    expect(toPosition(1e-2, scale)).toBe(SLIDER_STEPS / 2);
    expect(fromPosition(SLIDER_STEPS / 2, scale, false)).toBeCloseTo(1e-2, 12);
  });

  it('handles linear, integer and zero-based log ranges', () => {
    expect(fromPosition(500, { min: 0, max: 1, log: false }, false)).toBe(0.5);
    expect(fromPosition(333, { min: 1, max: 10, log: false }, true)).toBe(4);
    expect(toPosition(0, { min: 0, max: 1, log: true })).toBe(0);
  });
});

describe('field errors', () => {
  it('routes errors to the control for their field and scope', () => {
    const shown: Record<string, string | null> = {};
    const errors = new FieldErrors();
    errors.register('r1', 'optimizer.lr', { setError: (m) => (shown.lr = m) });
    errors.register(SHARED_SCOPE, 'steps', { setError: (m) => (shown.steps = m) });
    const unplaced = errors.show([
      { scope: 'r1', field: 'optimizer.lr', message: 'must be positive' },
      { scope: SHARED_SCOPE, field: 'model.zzz', message: 'unknown' },
    ]);
    expect(shown).toEqual({ lr: 'must be positive', steps: null });
    expect(unplaced).toHaveLength(1);
    expect(scopeOf('transforms[0].max_norm', 'r2')).toBe('r2');
    expect(scopeOf('problem.noise', 'r2')).toBe(SHARED_SCOPE);
  });
});

describe('hidden layer text', () => {
  it('parses widths and refuses anything else', () => {
    expect(parseHidden('16, 16')).toEqual([16, 16]);
    expect(parseHidden('  ')).toEqual([]);
    expect(parseHidden('16 x')).toBeNull();
    expect(parseHidden('1.5')).toBeNull();
  });
});
