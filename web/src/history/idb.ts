// IndexedDB persistence of the history: one object store keyed by entry id. Typed arrays are
// stored as they are (structured clone). Every call degrades to an error the panel shows,
// e.g. in a private window where IndexedDB is unavailable.
import type { HistoryEntry } from './entry';

const DB_NAME = 'descent';
const STORE = 'history';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

export class HistoryStore {
  private db: Promise<IDBDatabase> | null = null;

  private open(): Promise<IDBDatabase> {
    if (!this.db) {
      this.db = new Promise((resolve, reject) => {
        if (typeof indexedDB === 'undefined') {
          reject(new Error('this browser offers no IndexedDB'));
          return;
        }
        const r = indexedDB.open(DB_NAME, 1);
        r.onupgradeneeded = () => {
          if (!r.result.objectStoreNames.contains(STORE))
            r.result.createObjectStore(STORE, { keyPath: 'id' });
        };
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('IndexedDB could not be opened'));
      });
    }
    return this.db;
  }

  private async store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    return (await this.open()).transaction(STORE, mode).objectStore(STORE);
  }

  /** Raw stored values: callers check them (checkStoredEntries), storage is not trusted. */
  async all(): Promise<unknown[]> {
    return request((await this.store('readonly')).getAll() as IDBRequest<unknown[]>);
  }

  async put(entry: HistoryEntry): Promise<void> {
    await request((await this.store('readwrite')).put(entry));
  }

  async remove(id: string): Promise<void> {
    await request((await this.store('readwrite')).delete(id));
  }
}
