// Users' tables kept in IndexedDB beside the run history (its own database, so the history's
// schema is untouched), so a reload or a link naming a table by its hash finds the file
// again. What is read back is untrusted: the core reads it again and its hash is checked.
const DB_NAME = 'descent-tables';
const STORE = 'tables';
/** The newest tables kept; older ones are dropped (each is at most 16 MiB). */
export const MAX_KEPT_TABLES = 8;

export interface StoredTable {
  sha256: string;
  file: string;
  bytes: Uint8Array;
  savedAt: number;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function isStoredTable(value: unknown): value is StoredTable {
  const v = value as Partial<StoredTable> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.sha256 === 'string' &&
    typeof v.file === 'string' &&
    v.file.length <= 256 &&
    v.bytes instanceof Uint8Array &&
    typeof v.savedAt === 'number'
  );
}

export class TableDb {
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
            r.result.createObjectStore(STORE, { keyPath: 'sha256' });
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

  /** The stored table with this hash, if any and well-formed (the caller checks the hash). */
  async get(sha256: string): Promise<StoredTable | undefined> {
    const value: unknown = await request((await this.store('readonly')).get(sha256));
    return isStoredTable(value) ? value : undefined;
  }

  /** Keeps the table, then drops all but the newest MAX_KEPT_TABLES. */
  async put(table: StoredTable): Promise<void> {
    await request((await this.store('readwrite')).put(table));
    const all = (await request((await this.store('readonly')).getAll())) as unknown[];
    const kept = all.filter(isStoredTable).sort((a, b) => b.savedAt - a.savedAt);
    const store = await this.store('readwrite');
    for (const old of kept.slice(MAX_KEPT_TABLES)) store.delete(old.sha256);
    for (const junk of all.filter((v) => !isStoredTable(v))) {
      const key = (junk as { sha256?: unknown } | null)?.sha256;
      if (typeof key === 'string') store.delete(key);
    }
  }
}
