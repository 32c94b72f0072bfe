// Asks the core to validate every run's config; turns the answers into field errors for the
// forms (scoped to the run, or shared for problem/model/training fields).
import type { DescentModule, FieldError, ValidationResult } from '../core/descent-module';
import { errorText } from '../core/load-module';
import { scopeOf, type ScopedError } from '../forms/field-errors';
import { runConfig } from '../state/run-config';
import type { AppState } from '../state/types';

export interface RunValidation {
  runId: string;
  /** The normalised config (every default filled in), when valid. */
  normalized: string | null;
  errors: FieldError[];
  /** Config fields the run sets itself that are otherwise shared ("batch_size"). */
  own: string[];
}

export function parseValidation(json: string): ValidationResult {
  const value = JSON.parse(json) as ValidationResult;
  if (value.ok === true && typeof value.config === 'object') return value;
  if (value.ok === false && Array.isArray(value.errors)) return value;
  throw new Error('the core returned an unexpected validation result');
}

export function validateRuns(module: DescentModule, state: AppState): RunValidation[] {
  return state.runs.map((run) => {
    const own = run.batchSize !== undefined ? ['batch_size'] : [];
    try {
      const result = parseValidation(module.validate(JSON.stringify(runConfig(state, run))));
      return result.ok
        ? { runId: run.id, normalized: JSON.stringify(result.config), errors: [], own }
        : { runId: run.id, normalized: null, errors: result.errors, own };
    } catch (error) {
      return {
        runId: run.id,
        normalized: null,
        errors: [{ field: '', message: errorText(error) }],
        own,
      };
    }
  });
}

export function scopedErrors(results: readonly RunValidation[]): ScopedError[] {
  const out: ScopedError[] = [];
  const seen = new Set<string>();
  for (const result of results) {
    for (const error of result.errors) {
      const scope = scopeOf(error.field, result.runId, result.own);
      const key = `${scope}|${error.field}|${error.message}`;
      if (seen.has(key)) continue; // a shared field's error is reported once, not per run
      seen.add(key);
      out.push({ scope, field: error.field, message: error.message });
    }
  }
  return out;
}
