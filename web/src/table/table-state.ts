// A user's table in the page state (and so in a share link): which file (by the SHA-256 the
// core computed), which columns, which task, and the file itself when it is small enough to
// travel inside the link. The state's problem is then {kind: 'dataset', name: 'table'}, so
// every view treats it as a data set; the run config says {kind: 'table', ...}.
import { ShapeError, array, object, optional, string, type Json } from '../share/shape';

export const TABLE_PROBLEM = 'table';

export type TableTask = 'auto' | 'classification' | 'regression';

export interface TableState {
  /** SHA-256 of the file's bytes, 64 lowercase hex digits (the core's sha256_hex). */
  sha256: string;
  /** The file's name, for display only. */
  file: string;
  label: string;
  /** Feature columns in order; empty = every column but the label. */
  features: string[];
  task: TableTask;
  /** The file's text when it travels inside the link (see inlineData); otherwise the link
   * names the file by its hash and the page asks for it. */
  data?: string;
}

/** A table travels inside the link when it is at most this large as read ... */
export const MAX_INLINE_BYTES = 96 * 1024;
/** ... and at most this large once deflated, so the whole link stays under its 32,000
 * characters (base64 of 20,000 bytes is 26,668 characters). */
export const MAX_INLINE_DEFLATED_BYTES = 20_000;
/** Bounds for names read from a link (the core allows 256-byte column names). */
const MAX_NAME = 256;
const MAX_COLUMNS = 1024;
const SHA256 = /^[0-9a-f]{64}$/;

export function parseTableState(value: Json): TableState {
  const source = object(value, 'problem.table');
  const task = optional(source.task, 'auto', (v) => string(v, 'problem.table.task', 16));
  if (task !== 'auto' && task !== 'classification' && task !== 'regression') {
    throw new ShapeError('problem.table.task', '"auto", "classification" or "regression"');
  }
  const out: TableState = {
    sha256: string(source.sha256, 'problem.table.sha256', 64, SHA256),
    file: string(source.file, 'problem.table.file', MAX_NAME),
    label: string(source.label, 'problem.table.label', MAX_NAME),
    features: optional(source.features, [], (v) =>
      array(v, 'problem.table.features', MAX_COLUMNS).map((f, i) =>
        string(f, `problem.table.features[${i}]`, MAX_NAME),
      ),
    ),
    task,
  };
  if (source.data !== undefined) {
    // Characters, not bytes: a UTF-8 file of MAX_INLINE_BYTES has at most as many.
    out.data = string(source.data, 'problem.table.data', MAX_INLINE_BYTES);
  }
  return out;
}

/** The run config's problem for a table (the core checks the columns against the file). */
export function tableProblemConfig(
  table: TableState,
  params: Record<string, unknown>,
): Record<string, unknown> {
  return {
    kind: 'table',
    sha256: table.sha256,
    label: table.label,
    ...(table.features.length > 0 ? { features: [...table.features] } : {}),
    task: table.task,
    ...params,
  };
}
