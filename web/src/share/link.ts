// The state in the URL hash: `#s2.<base64url(deflate-raw(JSON))>`. The prefix carries the
// state version: an older link is carried to the current version by the migration chain
// (migrations/), a newer one is refused with a message.
import { linkValue } from '../state/fields';
import { APP_STATE } from '../state/state-table';
import type { AppState } from '../state/types';
import { fromBase64Url, toBase64Url } from './base64url';
import { deflate, inflate } from './compress';
import { STATE_VERSION, migrate, versionProblem } from './migrations/migrations';
import { parseState } from './parse-state';

export { STATE_VERSION } from './migrations/migrations';
/** Longer hashes are refused before any work: real states encode to well under 4 KB. */
export const MAX_HASH_LENGTH = 32_000;
/** The decompressed JSON may not exceed this (guards against deflate bombs). */
export const MAX_JSON_BYTES = 256_000;

export async function encodeState(state: AppState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(linkValue(APP_STATE, state)));
  return `s${STATE_VERSION}.${toBase64Url(await deflate(json))}`;
}

export type DecodeResult =
  { kind: 'empty' } | { kind: 'ok'; state: AppState } | { kind: 'error'; message: string };

/** Never throws: every failure becomes a message for the banner. */
export async function decodeState(hash: string): Promise<DecodeResult> {
  try {
    return await decodeUnsafe(hash);
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'unknown error';
    return { kind: 'error', message: `This link could not be read (${detail}).` };
  }
}

async function decodeUnsafe(hash: string): Promise<DecodeResult> {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text === '') return { kind: 'empty' };
  if (text.length > MAX_HASH_LENGTH) {
    return {
      kind: 'error',
      message: `This link is too long (${text.length} characters; at most ${MAX_HASH_LENGTH}).`,
    };
  }
  const match = /^s(\d{1,4})\.(.*)$/s.exec(text);
  if (!match) {
    return {
      kind: 'error',
      message: `This link does not hold a Descent state (it should start with #s${STATE_VERSION}.).`,
    };
  }
  const version = Number(match[1]);
  const problem = versionProblem(version);
  if (problem !== null) return { kind: 'error', message: problem };
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(match[2] ?? '');
  } catch (error) {
    return { kind: 'error', message: `This link is damaged: ${(error as Error).message}.` };
  }
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(await inflate(bytes, MAX_JSON_BYTES));
  } catch (error) {
    const detail =
      error instanceof RangeError ? error.message : 'the data is not valid compressed text';
    return { kind: 'error', message: `This link is damaged or truncated (${detail}).` };
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { kind: 'error', message: 'This link is damaged: its data is not valid JSON.' };
  }
  const migrated = migrate(value, version);
  if (!migrated.ok) return { kind: 'error', message: migrated.message };
  const parsed = parseState(migrated.state);
  if (!parsed.ok)
    return { kind: 'error', message: `This link has an invalid setting: ${parsed.message}.` };
  return { kind: 'ok', state: parsed.state };
}
