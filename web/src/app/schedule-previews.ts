// The learning-rate curve each run card previews, from the core (schedulePreview), recomputed
// only for runs whose normalised config changed.
import type { DescentModule } from '../core/descent-module';
import type { RunValidation } from './validation';

export type SchedulePreviews = Map<string, { key: string; values: Float64Array | null }>;

export function schedulePreviews(
  module: DescentModule,
  results: readonly RunValidation[],
  previous: SchedulePreviews,
): SchedulePreviews {
  const next: SchedulePreviews = new Map();
  for (const result of results) {
    const key = result.normalized ?? 'invalid';
    const old = previous.get(result.runId);
    if (old && old.key === key) {
      next.set(result.runId, old);
      continue;
    }
    let values: Float64Array | null = null;
    if (result.normalized) {
      try {
        values = new Float64Array(module.schedulePreview(result.normalized));
      } catch {
        values = null;
      }
    }
    next.set(result.runId, { key, values });
  }
  return next;
}
