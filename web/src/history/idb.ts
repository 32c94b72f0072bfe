// IndexedDB persistence of the history: one object store keyed by entry id. Typed arrays are
// stored as they are (structured clone). Every call degrades to an error the panel shows,
// e.g. in a private window where IndexedDB is unavailable.
import { KeyedDb } from '../util/idb';
import type { HistoryEntry } from './entry';

export class HistoryStore {
  private db = new KeyedDb('descent', 'history', 'id');

  /** Raw stored values: callers check them (checkStoredEntries), storage is not trusted. */
  all(): Promise<unknown[]> {
    return this.db.all();
  }

  put(entry: HistoryEntry): Promise<void> {
    return this.db.put(entry);
  }

  remove(id: string): Promise<void> {
    return this.db.remove(id);
  }
}
