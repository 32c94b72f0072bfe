// What every panel needs: the state store, the catalog and the core's synchronous helpers.
import type { Catalog, DescentModule } from '../core/descent-module';
import type { FieldErrors } from '../forms/field-errors';
import type { Gallery } from '../gallery/gallery';
import type { StateStore } from '../state/store';
import type { TableService } from '../table/table-service';

export interface AppContext {
  store: StateStore;
  catalog: Catalog;
  module: DescentModule;
  errors: FieldErrors;
  /** The core's demos (absent in tests that build panels without one). */
  gallery?: Gallery;
  /** Users' tables (absent in tests that build panels without them). */
  tables?: TableService;
}

/** Locked embeds show settings read-only. */
export function isLocked(context: AppContext): boolean {
  const embed = context.store.get().embed;
  return embed.enabled && embed.locked;
}

/**
 * Whether one setting (a config field path: "optimizer.lr", "problem.condition_number",
 * "steps") is read-only. A locked embed keeps only the lesson's live settings editable.
 */
export function isFieldLocked(context: AppContext, field: string): boolean {
  const embed = context.store.get().embed;
  return embed.enabled && embed.locked && !(embed.live ?? []).includes(field);
}
