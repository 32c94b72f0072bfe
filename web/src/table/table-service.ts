// What the page does with users' tables: read a dropped or picked file, keep it (core,
// workers, IndexedDB), put it in the state, and find the file a link names (inside the link,
// in IndexedDB, or asked from the user and checked against the link's SHA-256).
import type { Catalog } from '../core/descent-module';
import { errorText } from '../core/load-module';
import { deflate } from '../share/compress';
import { setProblem } from '../state/run-actions';
import type { AppState } from '../state/types';
import { TableDb } from './table-db';
import {
  TableRegistry,
  installTableEntry,
  removeTableEntry,
  tableEntry,
  type KnownTable,
} from './table-registry';
import {
  MAX_INLINE_BYTES,
  MAX_INLINE_DEFLATED_BYTES,
  TABLE_PROBLEM,
  type TableState,
} from './table-state';

/** The inline text as a JSON string, well under the link's 256 kB inflated limit. */
const MAX_INLINE_JSON_CHARS = 150_000;
/** The core's byte limit (TableLimits::max_bytes), checked before a large file is read. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

export type EnsureResult =
  { kind: 'ok' } | { kind: 'missing' } | { kind: 'error'; message: string };

/** The file's text for the link when small enough, else undefined (the link names the hash). */
export async function inlineData(bytes: Uint8Array): Promise<string | undefined> {
  if (bytes.byteLength > MAX_INLINE_BYTES) return undefined;
  if ((await deflate(bytes)).byteLength > MAX_INLINE_DEFLATED_BYTES) return undefined;
  // The core accepted the bytes, so they are UTF-8; keep a byte-order mark, so the text
  // encodes back to the very same bytes (and hash).
  const text = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }).decode(bytes);
  // Escapes (control characters) must not push the link's JSON past what a link may inflate to.
  return JSON.stringify(text).length <= MAX_INLINE_JSON_CHARS ? text : undefined;
}

async function fileBytes(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

export class TableService {
  readonly registry: TableRegistry;
  private db = new TableDb();

  constructor(
    module: ConstructorParameters<typeof TableRegistry>[0],
    private catalog: Catalog,
  ) {
    this.registry = new TableRegistry(module);
  }

  /** A state on `table` with the model's loss fitted to the task the core sees. */
  withTable(state: AppState, table: TableState): AppState {
    this.syncEntry(table, state.problem.params.test_fraction);
    const next = setProblem(state, 'dataset', TABLE_PROBLEM, this.catalog);
    return { ...next, problem: { ...next.problem, table } };
  }

  /** Installs the table's catalog entry when the state is on a table, removes it otherwise. */
  syncCatalog(state: AppState): void {
    if (state.problem.table) {
      this.syncEntry(state.problem.table, state.problem.params.test_fraction);
    } else {
      removeTableEntry(this.catalog);
    }
  }

  /** Keeps the catalog's table entry (task, decision-boundary view) in step with the state. */
  syncEntry(table: TableState, testFraction?: unknown): void {
    const known = this.registry.get(table.sha256);
    const described = known
      ? this.registry.describe(table, typeof testFraction === 'number' ? testFraction : undefined)
      : null;
    installTableEntry(
      this.catalog,
      tableEntry(this.catalog, table, described && described.ok ? described.table : null),
    );
  }

  /** A dropped or picked file: the new state, or why the core refused the file. */
  async addFile(
    file: File,
    state: AppState,
  ): Promise<{ ok: true; state: AppState } | { ok: false; message: string }> {
    if (file.size > MAX_FILE_BYTES) {
      return {
        ok: false,
        message: `${file.name} is ${file.size.toLocaleString('en')} bytes; at most ${MAX_FILE_BYTES.toLocaleString('en')} (16 MiB).`,
      };
    }
    let bytes: Uint8Array;
    try {
      bytes = await fileBytes(file);
    } catch (error) {
      return { ok: false, message: `${file.name} could not be read: ${errorText(error)}` };
    }
    const result = this.registry.register(bytes, file.name);
    if (!result.ok) return { ok: false, message: `${file.name}: ${result.error}` };
    void this.keep(result.table);
    const data = await inlineData(bytes);
    const described = this.registry.describe(
      { sha256: result.table.sha256, file: file.name, label: '', features: [], task: 'auto' },
      undefined,
    );
    const columns = described.ok ? described.table.columns : [];
    const table: TableState = {
      sha256: result.table.sha256,
      file: file.name,
      label: columns.at(-1)?.name ?? '',
      features: [],
      task: 'auto',
      ...(data === undefined ? {} : { data }),
    };
    return { ok: true, state: this.withTable(state, table) };
  }

  /**
   * Makes the table a state names available: inside the link (its hash checked), already
   * read, or kept in IndexedDB (its hash checked). 'missing': the user must provide it.
   */
  async ensure(table: TableState): Promise<EnsureResult> {
    if (this.registry.get(table.sha256)) return { kind: 'ok' };
    if (table.data !== undefined) {
      const bytes = new TextEncoder().encode(table.data);
      const result = this.registry.register(bytes, table.file, table.sha256);
      if (!result.ok) {
        return {
          kind: 'error',
          message: `The table inside this link does not match the SHA-256 it names (${result.error})`,
        };
      }
      void this.keep(result.table);
      return { kind: 'ok' };
    }
    try {
      const stored = await this.db.get(table.sha256);
      if (stored && this.registry.register(stored.bytes, stored.file, table.sha256).ok) {
        return { kind: 'ok' };
      }
    } catch {
      // No IndexedDB (a private window): ask for the file.
    }
    return { kind: 'missing' };
  }

  /** The user's answer to "choose the file this link names": refused unless the hash matches. */
  async provide(
    file: File,
    table: TableState,
  ): Promise<{ ok: true } | { ok: false; message: string }> {
    if (file.size > MAX_FILE_BYTES) {
      return { ok: false, message: `${file.name} is larger than 16 MiB, the limit for a table.` };
    }
    const result = this.registry.register(await fileBytes(file), file.name, table.sha256);
    if (!result.ok) return { ok: false, message: result.error };
    void this.keep(result.table);
    return { ok: true };
  }

  private async keep(table: KnownTable): Promise<void> {
    try {
      await this.db.put({
        sha256: table.sha256,
        file: table.file,
        bytes: table.bytes,
        savedAt: Date.now(),
      });
    } catch {
      // Kept for this visit only; the link or the file brings it back.
    }
  }
}
