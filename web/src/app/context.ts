// What every panel needs: the state store, the catalog and the core's synchronous helpers.
import type { Catalog, DescentModule } from '../core/descent-module';
import type { FieldErrors } from '../forms/field-errors';
import type { StateStore } from '../state/store';

export interface AppContext {
  store: StateStore;
  catalog: Catalog;
  module: DescentModule;
  errors: FieldErrors;
}

/** Locked embeds show settings read-only. */
export function isLocked(context: AppContext): boolean {
  const embed = context.store.get().embed;
  return embed.enabled && embed.locked;
}
