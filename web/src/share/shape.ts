// Small readers for untrusted JSON: each checks one value's shape and throws a ShapeError
// naming the path and what was expected, e.g. `runs[1].color: expected a colour like #1f77b4`.
import type { ParamValue, ParamValues } from '../state/types';

export class ShapeError extends Error {
  constructor(path: string, expected: string) {
    super(`${path || 'link'}: expected ${expected}`);
    this.name = 'ShapeError';
  }
}

export type Json = unknown;

export function object(value: Json, path: string): Record<string, Json> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ShapeError(path, 'an object');
  }
  return value as Record<string, Json>;
}

export function array(value: Json, path: string, maxLength: number): Json[] {
  if (!Array.isArray(value)) throw new ShapeError(path, 'a list');
  if (value.length > maxLength) throw new ShapeError(path, `at most ${maxLength} items`);
  return value;
}

export function string(value: Json, path: string, maxLength: number, pattern?: RegExp): string {
  if (typeof value !== 'string') throw new ShapeError(path, 'text');
  if (value.length > maxLength) throw new ShapeError(path, `at most ${maxLength} characters`);
  if (pattern && !pattern.test(value))
    throw new ShapeError(path, `text matching ${pattern.source}`);
  return value;
}

export function number(
  value: Json,
  path: string,
  range: { min?: number; max?: number; integer?: boolean } = {},
): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ShapeError(path, 'a number');
  if (range.integer && !Number.isInteger(value)) throw new ShapeError(path, 'a whole number');
  if (range.min !== undefined && value < range.min)
    throw new ShapeError(path, `at least ${range.min}`);
  if (range.max !== undefined && value > range.max)
    throw new ShapeError(path, `at most ${range.max}`);
  return value;
}

export function boolean(value: Json, path: string): boolean {
  if (typeof value !== 'boolean') throw new ShapeError(path, 'true or false');
  return value;
}

/** An optional field: the fallback when absent, else the reader's result. */
export function optional<T>(value: Json, fallback: T, read: (v: Json) => T): T {
  return value === undefined ? fallback : read(value);
}

export const IDENTIFIER = /^[a-z][a-z0-9_]{0,47}$/;

/** Longest number list a setting may hold (the refined schedule's gradient norms). */
export const MAX_SERIES_LENGTH = 1000;

/** Catalog settings: identifier keys, finite numbers, short texts, booleans or number lists. */
export function paramValues(value: Json, path: string): ParamValues {
  const source = object(value, path);
  const keys = Object.keys(source);
  if (keys.length > 40) throw new ShapeError(path, 'at most 40 settings');
  const out: ParamValues = {};
  for (const key of keys) {
    const at = `${path}.${key}`;
    string(key, at, 48, IDENTIFIER);
    const v = source[key];
    let parsed: ParamValue;
    if (typeof v === 'number') parsed = number(v, at);
    else if (typeof v === 'boolean') parsed = v;
    else if (Array.isArray(v))
      parsed = array(v, at, MAX_SERIES_LENGTH).map((item, i) => number(item, `${at}[${i}]`));
    else parsed = string(v, at, 48, IDENTIFIER);
    out[key] = parsed;
  }
  return out;
}

/**
 * The JSON value of an untrusted file's text, or the message the page shows: refused above
 * `maxBytes` before parsing, or when it is not JSON.
 */
export function parseJsonFile(
  text: string,
  maxBytes: number,
): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.length > maxBytes)
    return { ok: false, message: `The file is too large (at most ${maxBytes / 1048576} MB).` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, message: 'The file is not valid JSON.' };
  }
}
