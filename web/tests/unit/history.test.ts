import { describe, expect, it } from 'vitest';
import {
  checkStoredEntries,
  cleanName,
  entriesToEvict,
  historyJson,
  matchesQuery,
  parseHistory,
  parseTags,
  sortEntries,
  type HistoryEntry,
} from '../../src/history/entry';
import { STATE_VERSION } from '../../src/share/migrations/migrations';
import { defaultState } from '../../src/state/defaults';

function entry(over: Partial<HistoryEntry>): HistoryEntry {
  return {
    id: 'h1',
    kind: 'runs',
    name: 'Adam vs SGD',
    tags: ['rosenbrock'],
    pinned: false,
    createdAt: 1000,
    stateVersion: STATE_VERSION,
    state: defaultState(),
    results: {
      r1: {
        status: 'ok',
        message: '',
        computeMs: 3,
        columns: { step: Float64Array.from([0, 1]), loss: Float64Array.from([2, Number.NaN]) },
      },
    },
    ...over,
  };
}

describe('history', () => {
  it('entries saved by an older page go through the link migrations', () => {
    // A version-1 entry (saved before entries named their state version) without evalEvery
    // was trained at the cadence of 50 then; as a current state that reads as automatic (0).
    const v1State: Record<string, unknown> = { ...defaultState() };
    delete v1State.evalEvery;
    const file = JSON.parse(historyJson([entry({})])) as { entries: Record<string, unknown>[] };
    const old: Record<string, unknown> = { ...file.entries[0], state: v1State };
    delete old.stateVersion;
    const parsedOld = parseHistory(JSON.stringify({ ...file, entries: [old] }));
    expect(parsedOld.ok && parsedOld.entries[0]!.state.evalEvery).toBe(50);
    expect(parsedOld.ok && parsedOld.entries[0]!.stateVersion).toBe(STATE_VERSION);
    const current = { ...old, stateVersion: STATE_VERSION };
    const parsedNew = parseHistory(JSON.stringify({ ...file, entries: [current] }));
    expect(parsedNew.ok && parsedNew.entries[0]!.state.evalEvery).toBe(0);
    const future = { ...old, stateVersion: STATE_VERSION + 1 };
    expect(parseHistory(JSON.stringify({ ...file, entries: [future] })).ok).toBe(false);
  });

  it('pinned entries first, then newest first', () => {
    const sorted = sortEntries([
      entry({ id: 'a', createdAt: 1 }),
      entry({ id: 'b', createdAt: 3 }),
      entry({ id: 'c', createdAt: 2, pinned: true }),
    ]);
    expect(sorted.map((e) => e.id)).toEqual(['c', 'b', 'a']);
  });

  it('eviction drops the oldest unpinned entries only', () => {
    const entries = [
      entry({ id: 'a', createdAt: 1, pinned: true }),
      entry({ id: 'b', createdAt: 2 }),
      entry({ id: 'c', createdAt: 3 }),
      entry({ id: 'd', createdAt: 4 }),
    ];
    expect(entriesToEvict(entries, 2).map((e) => e.id)).toEqual(['b']);
    expect(entriesToEvict(entries, 3)).toEqual([]);
  });

  it('search matches every word in name, tags, problem or optimizers', () => {
    const e = entry({ tags: ['fair', 'digits-5'] });
    expect(matchesQuery(e, 'adam fair')).toBe(true);
    expect(matchesQuery(e, 'ROSENBROCK')).toBe(true);
    expect(matchesQuery(e, 'momentum')).toBe(true); // a run's name
    expect(matchesQuery(e, 'adam lion')).toBe(false);
    expect(matchesQuery(e, '  ')).toBe(true);
  });

  it('tags and names are cleaned and bounded', () => {
    expect(parseTags('A, b  c,a')).toEqual(['a', 'b', 'c']);
    expect(parseTags('x'.repeat(100))[0]).toHaveLength(24);
    expect(cleanName('  a\u0000b  ')).toBe('a b');
    expect(cleanName('   ')).toBe('Untitled');
  });

  it('export then import gives the same entries (NaN kept as not measured)', () => {
    const original = [entry({ id: 'x1' }), entry({ id: 'x2', kind: 'sweep', pinned: true })];
    const parsed = parseHistory(historyJson(original));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.entries.map((e) => e.id)).toEqual(['x1', 'x2']);
    const loss = parsed.entries[0]!.results.r1!.columns.loss!;
    expect(loss[0]).toBe(2);
    expect(Number.isNaN(loss[1]!)).toBe(true);
    expect(parsed.entries[1]!.pinned).toBe(true);
  });

  it('stored entries are checked like an import: corrupt ones are skipped and counted', () => {
    const good = entry({ id: 'ok1' });
    const stored: unknown[] = [
      good,
      null,
      'not an entry',
      { ...good, id: 'bad1', kind: 'other' },
      { ...good, id: 'bad2', name: 42 },
      { ...good, id: 'bad3', state: { schema: 99 } },
      { ...good, id: 'bad4', results: { r1: { status: 'ok', columns: { 'Not a column': [1] } } } },
      { ...good, id: 'bad5', results: { r1: { status: 'exploded', columns: {} } } },
      entry({ id: 'ok2', name: '<img src=x onerror=alert(1)>' }),
    ];
    const { entries, skipped } = checkStoredEntries(stored);
    expect(entries.map((e) => e.id)).toEqual(['ok1', 'ok2']);
    expect(skipped).toBe(7);
    expect(entries[1]!.name).toBe('<img src=x onerror=alert(1)>'); // text, shown as text
  });

  it('untrusted files: wrong format, bad fields, malformed column names, oversized are refused', () => {
    // The file's JSON, loosely typed: the test breaks it on purpose.
    type LooseFile = {
      entries: [
        {
          name: string;
          state: { runs: unknown[] };
          results: { r1: { columns: { loss: number[]; [column: string]: number[] } } } & {
            [runId: string]: unknown;
          };
        },
      ];
    };
    const good = JSON.parse(historyJson([entry({})])) as LooseFile;
    expect(parseHistory('not json').ok).toBe(false);
    expect(parseHistory(JSON.stringify({ ...good, format: 'other' })).ok).toBe(false);
    const badColumn = structuredClone(good);
    // Column names are the core's (snake case); anything else is refused.
    badColumn.entries[0].results.r1.columns['<b>evil</b>'] = [1, 2];
    expect(parseHistory(JSON.stringify(badColumn)).ok).toBe(false);
    const badKey = structuredClone(good);
    badKey.entries[0].results['<img src=x>'] = badKey.entries[0].results.r1;
    expect(parseHistory(JSON.stringify(badKey)).ok).toBe(false);
    const badState = structuredClone(good);
    badState.entries[0].state.runs = [];
    expect(parseHistory(JSON.stringify(badState)).ok).toBe(false);
    const ragged = structuredClone(good);
    ragged.entries[0].results.r1.columns.loss = [1];
    expect(parseHistory(JSON.stringify(ragged)).ok).toBe(false);
    // A name with markup is kept as text (shown with textContent), not refused.
    const markup = structuredClone(good);
    markup.entries[0].name = '<img src=x onerror=alert(1)>';
    const parsed = parseHistory(JSON.stringify(markup));
    expect(parsed.ok && parsed.entries[0]!.name).toBe('<img src=x onerror=alert(1)>');
  });
});
