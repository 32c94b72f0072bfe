// Users' tables kept in IndexedDB beside the run history (its own database, so the history's
// schema is untouched), so a reload or a link naming a table by its hash finds the file
// again. What is read back is untrusted: the core reads it again and its hash is checked.
import { KeyedDb } from '../util/idb';

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
  private db = new KeyedDb(DB_NAME, STORE, 'sha256');

  /** The stored table with this hash, if any and well-formed (the caller checks the hash). */
  async get(sha256: string): Promise<StoredTable | undefined> {
    const value = await this.db.get(sha256);
    return isStoredTable(value) ? value : undefined;
  }

  /** Keeps the table, then drops all but the newest MAX_KEPT_TABLES. */
  async put(table: StoredTable): Promise<void> {
    await this.db.put(table);
    const all = await this.db.all();
    const kept = all.filter(isStoredTable).sort((a, b) => b.savedAt - a.savedAt);
    const store = await this.db.store('readwrite');
    for (const old of kept.slice(MAX_KEPT_TABLES)) store.delete(old.sha256);
    for (const junk of all.filter((v) => !isStoredTable(v))) {
      const key = (junk as { sha256?: unknown } | null)?.sha256;
      if (typeof key === 'string') store.delete(key);
    }
  }
}
