// The tables this page has read: their bytes by SHA-256, registered in the page's own core
// (for validation and the description) and in every training worker (through `broadcast`).
// The core computes the hash, so a table is always named by the bytes it was read from.
import type {
  Catalog,
  DatasetEntry,
  DescentModule,
  TableDescription,
  TableRegistration,
} from '../core/descent-module';
import { errorText } from '../core/load-module';
import { TABLE_PROBLEM, type TableState } from './table-state';

export interface KnownTable {
  sha256: string;
  file: string;
  bytes: Uint8Array;
  rows: number;
  columns: number;
}

export type RegisterResult = { ok: true; table: KnownTable } | { ok: false; error: string };
export type DescribeResult = { ok: true; table: TableDescription } | { ok: false; error: string };

export class TableRegistry {
  private tables = new Map<string, KnownTable>();
  private described = new Map<string, DescribeResult>();

  private broadcast: ((bytes: Uint8Array) => void) | null = null;

  constructor(private module: DescentModule) {}

  /** From now on (and for the tables already kept) the workers get every table. */
  connect(broadcast: (bytes: Uint8Array) => void): void {
    this.broadcast = broadcast;
    for (const table of this.tables.values()) broadcast(table.bytes);
  }

  /**
   * Reads the bytes in the core; on success keeps them and sends them to the workers. With
   * `expected`, a file whose hash differs is refused and neither kept nor sent.
   */
  register(bytes: Uint8Array, file: string, expected?: string): RegisterResult {
    let answer: TableRegistration;
    try {
      answer = JSON.parse(this.module.registerTable(bytes)) as TableRegistration;
    } catch (error) {
      return { ok: false, error: errorText(error) };
    }
    if (!answer.ok) return { ok: false, error: answer.error };
    if (expected !== undefined && answer.sha256 !== expected) {
      return {
        ok: false,
        error: `${file} is not the table this link names: its SHA-256 is ${answer.sha256.slice(0, 16)}…, the link's is ${expected.slice(0, 16)}…. Nothing was trained on it; choose the file the link was made with.`,
      };
    }
    const known = this.tables.get(answer.sha256);
    if (known) return { ok: true, table: known };
    const table: KnownTable = {
      sha256: answer.sha256,
      file,
      bytes,
      rows: answer.rows,
      columns: answer.columns,
    };
    this.tables.set(table.sha256, table);
    this.broadcast?.(bytes);
    return { ok: true, table };
  }

  get(sha256: string): KnownTable | undefined {
    return this.tables.get(sha256);
  }

  /** The core's description of a choice of columns (cached: the core encodes the table). */
  describe(state: TableState, testFraction: number | undefined): DescribeResult {
    const choice = JSON.stringify({
      label: state.label,
      features: state.features,
      task: state.task,
      ...(testFraction === undefined ? {} : { test_fraction: testFraction }),
    });
    const key = `${state.sha256}|${choice}`;
    const cached = this.described.get(key);
    if (cached) return cached;
    let result: DescribeResult;
    try {
      result = JSON.parse(this.module.describeTable(state.sha256, choice)) as DescribeResult;
    } catch (error) {
      result = { ok: false, error: errorText(error) };
    }
    if (this.described.size > 64) this.described.clear();
    this.described.set(key, result);
    return result;
  }
}

/**
 * The catalog entry the views read for the table problem (task, decision-boundary view):
 * built from the core's description, with the settings of the built-in real sets (the
 * test fraction) taken from the core's catalog, so no list is repeated here.
 */
export function tableEntry(
  catalog: Catalog,
  state: TableState,
  description: TableDescription | null,
): DatasetEntry {
  const real = catalog.datasets.find((d) => d.family === 'real');
  const task = description?.label?.task ?? 'classification';
  const rows = description ? `${description.rows} rows, ` : '';
  return {
    name: TABLE_PROBLEM,
    title: `Your table: ${state.file}`,
    description:
      `${rows}read by the core from ${state.file} (SHA-256 ${state.sha256.slice(0, 12)}…). ` +
      'Categorical features are one-hot encoded; every feature (and a regression target) is ' +
      'standardised with the training split’s mean and variance.',
    citation: { title: '', authors: '', year: 0 },
    params: real ? real.params.filter((p) => p.name === 'test_fraction') : [],
    family: 'table',
    task,
    plane: description?.features === 2,
    hvp: real?.hvp ?? true,
  };
}

/** Puts (or replaces) the table's entry in the catalog's data sets. */
export function installTableEntry(catalog: Catalog, entry: DatasetEntry): void {
  const index = catalog.datasets.findIndex((d) => d.name === TABLE_PROBLEM);
  if (index >= 0) catalog.datasets[index] = entry;
  else catalog.datasets.push(entry);
}

export function removeTableEntry(catalog: Catalog): void {
  const index = catalog.datasets.findIndex((d) => d.name === TABLE_PROBLEM);
  if (index >= 0) catalog.datasets.splice(index, 1);
}
