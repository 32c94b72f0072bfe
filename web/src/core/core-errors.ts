// Run.error() carries the validation result as JSON ({"ok":false,"errors":[...]}); people
// should read "optimizer.lr: must be positive", not JSON.
export function describeCoreError(text: string): string {
  try {
    const value = JSON.parse(text) as { errors?: { field?: unknown; message?: unknown }[] };
    if (Array.isArray(value.errors) && value.errors.length > 0) {
      return value.errors
        .map((e) => {
          const field = typeof e.field === 'string' && e.field ? `${e.field}: ` : '';
          return `${field}${typeof e.message === 'string' ? e.message : 'invalid'}`;
        })
        .join('; ');
    }
  } catch {
    // Plain text already.
  }
  return text;
}
