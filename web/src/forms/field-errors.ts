// Routes the core's validation errors (field paths such as "optimizer.lr" or
// "transforms[0].max_norm") to the control that edits that field. Scope is a run id for
// per-run settings, or "shared" for the problem, model and training settings.
export interface ErrorTarget {
  setError(message: string | null): void;
}

export interface ScopedError {
  scope: string;
  field: string;
  message: string;
}

export const SHARED_SCOPE = 'shared';

/** Which scope a config field belongs to; `own` lists the run's own settings of fields that
 * are otherwise shared (a run's own "batch_size"). */
export function scopeOf(field: string, runId: string, own: readonly string[] = []): string {
  return /^(optimizer|schedule|transforms)\b/.test(field) || own.includes(field)
    ? runId
    : SHARED_SCOPE;
}

export class FieldErrors {
  private targets = new Map<string, ErrorTarget>();
  private current: ScopedError[] = [];

  private static key(scope: string, field: string): string {
    return `${scope}|${field}`;
  }

  register(scope: string, field: string, target: ErrorTarget): void {
    this.targets.set(FieldErrors.key(scope, field), target);
    const error = this.current.find((e) => e.scope === scope && e.field === field);
    target.setError(error ? error.message : null);
  }

  /** Shows these errors (clearing all others); returns those no control displays. */
  show(errors: ScopedError[]): ScopedError[] {
    this.current = errors;
    const unplaced: ScopedError[] = [];
    const messages = new Map<string, string[]>();
    for (const error of errors) {
      const key = FieldErrors.key(error.scope, error.field);
      if (!this.targets.has(key)) {
        unplaced.push(error);
        continue;
      }
      const list = messages.get(key) ?? [];
      if (!list.includes(error.message)) list.push(error.message);
      messages.set(key, list);
    }
    for (const [key, target] of this.targets) {
      const list = messages.get(key);
      target.setError(list ? list.join(' ') : null);
    }
    return unplaced;
  }
}
