import { describe, expect, it } from 'vitest';
import { cliExportFiles, safeFileName } from '../../src/compare/cli-export';
import { decodeState, encodeState } from '../../src/share/link';
import { parseState } from '../../src/share/parse-state';
import { runConfig } from '../../src/state/run-config';
import { defaultState } from '../../src/state/defaults';
import type { AppState } from '../../src/state/types';
import { MAX_INLINE_BYTES } from '../../src/table/table-state';

const SHA = 'a'.repeat(64);

function tableState(extra: Record<string, unknown> = {}): AppState {
  const base = defaultState();
  return {
    ...base,
    problem: {
      kind: 'dataset',
      name: 'table',
      params: { test_fraction: 0.2 },
      start: null,
      table: {
        sha256: SHA,
        file: 'my data.csv',
        label: 'y',
        features: ['a', 'b'],
        task: 'auto',
        data: 'a,b,y\n1,2,0\n',
        ...extra,
      },
    },
  };
}

describe('a table in the state and the link', () => {
  it('round-trips through a link and becomes a table run config', async () => {
    const state = tableState();
    expect(await decodeState(`#${await encodeState(state)}`)).toEqual({ kind: 'ok', state });
    expect(runConfig(state, state.runs[0]!).problem).toEqual({
      kind: 'table',
      sha256: SHA,
      label: 'y',
      features: ['a', 'b'],
      task: 'auto',
      test_fraction: 0.2,
    });
  });

  it('leaves states without a table as they were (old links)', () => {
    const plain = JSON.parse(JSON.stringify(defaultState())) as unknown;
    const parsed = parseState(plain);
    expect(parsed.ok && parsed.state.problem.table).toBe(undefined);
  });

  it('refuses malformed tables with the field named', () => {
    // The state's JSON, loosely typed: the test breaks it on purpose.
    type LooseState = { problem: { table?: Record<string, unknown>; [key: string]: unknown } };
    const bad = (patch: Record<string, unknown>, problem: Record<string, unknown> = {}) => {
      const state = JSON.parse(JSON.stringify(tableState())) as LooseState;
      Object.assign(state.problem.table!, patch);
      Object.assign(state.problem, problem);
      const parsed = parseState(state);
      return parsed.ok ? 'accepted' : parsed.message;
    };
    expect(bad({ sha256: 'A'.repeat(64) })).toMatch(/problem\.table\.sha256/);
    expect(bad({ sha256: 'a'.repeat(63) })).toMatch(/problem\.table\.sha256/);
    expect(bad({ task: 'clustering' })).toMatch(/problem\.table\.task/);
    expect(bad({ features: 'a' })).toMatch(/problem\.table\.features/);
    expect(bad({ data: 'x'.repeat(MAX_INLINE_BYTES + 1) })).toMatch(/problem\.table\.data/);
    expect(bad({}, { name: 'iris' })).toMatch(/problem\.table/);
    expect(bad({}, { kind: 'function' })).toMatch(/problem\.table/);
    const noTable = JSON.parse(JSON.stringify(tableState())) as LooseState;
    delete noTable.problem.table;
    const parsed = parseState(noTable);
    expect(parsed.ok ? 'accepted' : parsed.message).toMatch(/problem\.table/);
  });
});

describe('the command-line export of a table', () => {
  it('bundles the file and its hash and points every config at it', () => {
    const state = tableState();
    const config = runConfig(state, state.runs[0]!);
    const bytes = new TextEncoder().encode('a,b,y\n1,2,0\n');
    const files = cliExportFiles(state, [{ id: 'r1.p0.s0', config } as never], 'x', {
      file: '../../etc/my data.csv',
      sha256: SHA,
      bytes,
    });
    const byPath = new Map(files.map((f) => [f.path, f]));
    expect(byPath.get('x/table/my_data.csv')?.bytes).toBe(bytes);
    expect(byPath.get('x/table/SHA256SUMS')?.text).toBe(`${SHA}  my_data.csv\n`);
    const written = JSON.parse(byPath.get('x/configs/r1.p0.s0.json')!.text) as { problem: unknown };
    expect(written.problem).toEqual({
      ...(config.problem as object),
      path: '../table/my_data.csv',
    });
    expect(safeFileName('')).toBe('table.csv');
    expect(safeFileName('.hidden')).toBe('hidden');
  });
});
