// The run history: finished comparisons and sweeps, kept in the browser (IndexedDB) and
// exported/imported as one JSON file. Import is untrusted: size limits, JSON.parse only,
// every field shape-checked, states through parseState; names are only ever shown as text.
import { parseColumns } from '../metrics/parse-columns';
import { STATE_VERSION, migrate } from '../share/migrations/migrations';
import { parseState } from '../share/parse-state';
import {
  ShapeError,
  array,
  boolean,
  number,
  object,
  optional,
  parseJsonFile,
  string,
  type Json,
} from '../share/shape';
import type { AppState } from '../state/types';

export const HISTORY_FORMAT = 'descent-history';
export const HISTORY_VERSION = 1;
export const MAX_HISTORY_BYTES = 100 * 1024 * 1024;
export const MAX_ENTRIES = 500;
export const MAX_ENTRY_NAME = 80;
export const MAX_TAGS = 12;
export const MAX_TAG_LENGTH = 24;
const MAX_RESULTS = 2000;
const MAX_ROWS = 1_000_000;
const RESULT_KEY = /^[A-Za-z0-9_.~-]{1,40}$/;
const STATUSES = ['ok', 'diverged', 'failed', 'invalid', 'paused'] as const;

export type HistoryKind = 'runs' | 'sweep';
export type StoredStatus = (typeof STATUSES)[number];

export interface StoredResult {
  status: StoredStatus;
  message: string;
  computeMs: number;
  /** Metric columns by name (a subset of the core's columns); NaN = not measured. */
  columns: Record<string, Float64Array>;
}

export interface HistoryEntry {
  id: string;
  kind: HistoryKind;
  name: string;
  tags: string[];
  pinned: boolean;
  createdAt: number;
  /** The state version `state` was written in (entries saved before versions read as 1). */
  stateVersion: number;
  state: AppState;
  /** By run id (kind "runs") or sweep job id (kind "sweep"). */
  results: Record<string, StoredResult>;
}

/** Pinned first, then newest first. */
export function sortEntries(entries: readonly HistoryEntry[]): HistoryEntry[] {
  return [...entries].sort(
    (a, b) => Number(b.pinned) - Number(a.pinned) || b.createdAt - a.createdAt,
  );
}

/** Unpinned entries kept automatically; older ones are dropped (pinned ones never are). */
export const MAX_UNPINNED = 50;

/** The oldest unpinned entries beyond `keep`: what to delete so the history stays bounded. */
export function entriesToEvict(
  entries: readonly HistoryEntry[],
  keep = MAX_UNPINNED,
): HistoryEntry[] {
  const unpinned = entries.filter((e) => !e.pinned).sort((a, b) => b.createdAt - a.createdAt);
  return unpinned.slice(keep);
}

/** Every word must occur in the name, a tag, the problem or an optimizer name. */
export function matchesQuery(entry: HistoryEntry, query: string): boolean {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [
    entry.name,
    ...entry.tags,
    entry.kind,
    entry.state.problem.name,
    ...entry.state.runs.flatMap((r) => [r.name, r.optimizer.name]),
  ]
    .join(' ')
    .toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/** Tags typed as "a, b c": trimmed, lower-case, distinct, limited. */
export function parseTags(text: string): string[] {
  const tags = text
    .split(/[,\s]+/)
    .map((t) => t.trim().toLowerCase().slice(0, MAX_TAG_LENGTH))
    .filter(Boolean);
  return [...new Set(tags)].slice(0, MAX_TAGS);
}

export function cleanName(text: string): string {
  return (
    text
      // Control characters (C0 and DEL) would garble the name where it is shown.
      // eslint-disable-next-line no-control-regex -- matching them is the point
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .trim()
      .slice(0, MAX_ENTRY_NAME) || 'Untitled'
  );
}

export function historyJson(entries: readonly HistoryEntry[]): string {
  return JSON.stringify({
    format: HISTORY_FORMAT,
    version: HISTORY_VERSION,
    entries: entries.map((e) => ({
      ...e,
      results: Object.fromEntries(
        Object.entries(e.results).map(([key, r]) => [
          key,
          {
            ...r,
            columns: Object.fromEntries(
              Object.entries(r.columns).map(([name, values]) => [
                name,
                Array.from(values, (v) => (Number.isFinite(v) ? v : null)),
              ]),
            ),
          },
        ]),
      ),
    })),
  });
}

function storedResult(value: Json, path: string): StoredResult {
  const source = object(value, path);
  const columns = parseColumns(source.columns, `${path}.columns`, MAX_ROWS);
  const status = string(source.status, `${path}.status`, 16);
  if (!(STATUSES as readonly string[]).includes(status))
    throw new ShapeError(`${path}.status`, STATUSES.join(', '));
  return {
    status: status as StoredStatus,
    message: optional(source.message, '', (v) => string(v, `${path}.message`, 500)),
    computeMs: optional(source.computeMs, 0, (v) => number(v, `${path}.computeMs`, { min: 0 })),
    columns,
  };
}

export function parseEntry(value: Json, path: string): HistoryEntry {
  const source = object(value, path);
  const kind = string(source.kind, `${path}.kind`, 8);
  if (kind !== 'runs' && kind !== 'sweep')
    throw new ShapeError(`${path}.kind`, '"runs" or "sweep"');
  // Entries saved by an older page hold an older state: carried through the link migrations.
  const stateVersion = optional(source.stateVersion, 1, (v) =>
    number(v, `${path}.stateVersion`, { min: 1, max: STATE_VERSION, integer: true }),
  );
  const migrated = migrate(source.state, stateVersion);
  if (!migrated.ok) throw new ShapeError(`${path}.stateVersion`, migrated.message);
  const parsed = parseState(migrated.state);
  if (!parsed.ok) throw new ShapeError(`${path}.state`, `a valid state (${parsed.message})`);
  const resultsSource = object(source.results, `${path}.results`);
  const keys = Object.keys(resultsSource);
  if (keys.length > MAX_RESULTS)
    throw new ShapeError(`${path}.results`, `at most ${MAX_RESULTS} results`);
  const results: Record<string, StoredResult> = {};
  for (const key of keys) {
    string(key, `${path}.results`, 40, RESULT_KEY);
    results[key] = storedResult(resultsSource[key], `${path}.results.${key}`);
  }
  return {
    id: string(source.id, `${path}.id`, 40, /^[A-Za-z0-9_-]+$/),
    kind,
    name: cleanName(string(source.name, `${path}.name`, MAX_ENTRY_NAME)),
    tags: optional(source.tags, [], (v) =>
      array(v, `${path}.tags`, MAX_TAGS).map((t, i) =>
        string(t, `${path}.tags[${i}]`, MAX_TAG_LENGTH),
      ),
    ),
    pinned: optional(source.pinned, false, (v) => boolean(v, `${path}.pinned`)),
    createdAt: number(source.createdAt, `${path}.createdAt`, { min: 0, max: 1e14 }),
    stateVersion: STATE_VERSION,
    state: parsed.state,
    results,
  };
}

export type HistoryImport = { ok: true; entries: HistoryEntry[] } | { ok: false; message: string };

export function parseHistory(text: string): HistoryImport {
  const file = parseJsonFile(text, MAX_HISTORY_BYTES);
  if (!file.ok) return file;
  const value = file.value;
  try {
    const source = object(value, 'file');
    if (source.format !== HISTORY_FORMAT)
      throw new ShapeError('format', `"${HISTORY_FORMAT}" (a history exported by Descent)`);
    if (source.version !== HISTORY_VERSION)
      throw new ShapeError('version', String(HISTORY_VERSION));
    const entries = array(source.entries, 'entries', MAX_ENTRIES).map((e, i) =>
      parseEntry(e, `entries[${i}]`),
    );
    return { ok: true, entries };
  } catch (error) {
    if (error instanceof ShapeError)
      return { ok: false, message: `The file is invalid: ${error.message}.` };
    return { ok: false, message: 'The file could not be read.' };
  }
}

/**
 * Entries read back from IndexedDB, checked exactly like an import (storage can be corrupted
 * or written by another version): what does not pass is skipped and counted, never rendered.
 */
export function checkStoredEntries(stored: readonly unknown[]): {
  entries: HistoryEntry[];
  skipped: number;
} {
  const entries: HistoryEntry[] = [];
  let skipped = 0;
  for (const value of stored) {
    try {
      const parsed = parseHistory(historyJson([value as HistoryEntry]));
      const [first] = parsed.ok ? parsed.entries : [];
      if (parsed.ok && parsed.entries.length === 1 && first) entries.push(first);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { entries, skipped };
}

export function newEntryId(now: number, random: () => number = Math.random): string {
  return `h${now.toString(36)}${Math.floor(random() * 36 ** 6).toString(36)}`;
}
