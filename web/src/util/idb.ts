// The IndexedDB plumbing the page's stores share (history, tables, paused runs): one object
// store per database, opened once, and requests as promises. Every failure is a rejected
// promise the caller turns into a message, e.g. in a private window without IndexedDB.

export function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** A database `name` (version 1) holding one object store `store` keyed by `keyPath`. */
export class KeyedDb {
  private db: Promise<IDBDatabase> | null = null;

  constructor(
    private readonly name: string,
    private readonly storeName: string,
    private readonly keyPath: string,
  ) {}

  private open(): Promise<IDBDatabase> {
    if (!this.db) {
      this.db = new Promise((resolve, reject) => {
        if (typeof indexedDB === 'undefined') {
          reject(new Error('this browser offers no IndexedDB'));
          return;
        }
        const r = indexedDB.open(this.name, 1);
        r.onupgradeneeded = () => {
          if (!r.result.objectStoreNames.contains(this.storeName))
            r.result.createObjectStore(this.storeName, { keyPath: this.keyPath });
        };
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('IndexedDB could not be opened'));
      });
      // A failed open is retried on the next call (the quota or the mode may change).
      this.db.catch(() => (this.db = null));
    }
    return this.db;
  }

  async store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    return (await this.open()).transaction(this.storeName, mode).objectStore(this.storeName);
  }

  /** Raw stored values: storage is untrusted, callers check each one. */
  async all(): Promise<unknown[]> {
    return request((await this.store('readonly')).getAll() as IDBRequest<unknown[]>);
  }

  async get(key: string): Promise<unknown> {
    return request((await this.store('readonly')).get(key) as IDBRequest<unknown>);
  }

  async put(value: unknown): Promise<void> {
    await request((await this.store('readwrite')).put(value));
  }

  async remove(key: string): Promise<void> {
    await request((await this.store('readwrite')).delete(key));
  }

  async clear(): Promise<void> {
    await request((await this.store('readwrite')).clear());
  }
}
