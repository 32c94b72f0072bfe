// The chain that carries an old link's state to the current version: MIGRATIONS[i] turns a
// version i + 1 state into version i + 2, each a small pure function on the decoded JSON
// (tested one by one in web/tests/unit/migrations.test.ts). The current version is one past
// the last migration. A format change appends a migration and records a link fixture of the
// new version in tests/fixtures/links/ (every older fixture keeps reproducing through here).
import { v1ToV2 } from './v1-to-v2';

export const MIGRATIONS: readonly ((state: unknown) => unknown)[] = [v1ToV2];

export const STATE_VERSION = MIGRATIONS.length + 1;

export type MigrationResult = { ok: true; state: unknown } | { ok: false; message: string };

/** Why a link of this version cannot be read here, or null when the chain carries it. */
export function versionProblem(from: number): string | null {
  if (!Number.isInteger(from) || from < 1) {
    return `This link names state version ${from}, which never existed.`;
  }
  if (from > STATE_VERSION) {
    return `This link was made by a newer Descent (state version ${from}); this page reads versions 1 to ${STATE_VERSION}. Open it with the newer page.`;
  }
  return null;
}

/** The state of a version `from` link, in the current version's shape. */
export function migrate(state: unknown, from: number): MigrationResult {
  const problem = versionProblem(from);
  if (problem !== null) return { ok: false, message: problem };
  let out = state;
  for (let version = from; version < STATE_VERSION; version++) out = MIGRATIONS[version - 1]!(out);
  return { ok: true, state: out };
}
