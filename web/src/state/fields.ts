// The building blocks of the page-state table (state-table.ts): each field knows its type,
// its default, the bounds a link's value must keep and whether the share link carries it.
// From one table come the TypeScript types (ValueOf), the first-visit state (initial), the
// link reader and validator (read) and what a link writes (linkValue). Bounds here guard
// against absurd untrusted input; the ranges of run settings and hyperparameters are the
// core's catalog's, checked by its validate() once the core is loaded.
import {
  ShapeError,
  array,
  boolean as readBoolean,
  number as readNumber,
  object,
  string as readString,
  type Json,
} from '../share/shape';

export interface Field<T, Optional extends boolean = boolean> {
  /** Reads a present value (never undefined) or throws a ShapeError naming the path. */
  readonly read: (value: Json, path: string) => T;
  /** The value of a fresh page, and of a link that leaves the field out (unless required). */
  readonly initial: () => T;
  /** Absent stays absent (an optional property), instead of taking `initial`. */
  readonly optional: Optional;
  /** A link without it is refused (the field has no sensible stand-in). */
  readonly required: boolean;
  /** Whether the share link carries it. */
  readonly link: boolean;
  /** What it is, for readers of the table. */
  readonly doc: string;
  /** The record's fields, for nested tables (linkValue walks them). */
  readonly shape?: Shape;
  /** The list's item, for lists of records. */
  readonly item?: Field<unknown>;
}

export type Shape = Readonly<Record<string, Field<unknown>>>;
export type ValueOf<F> = F extends Field<infer T> ? T : never;

type OptionalKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends Field<unknown, true> ? K : never;
}[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type RecordOf<S extends Shape> = Simplify<
  { -readonly [K in Exclude<keyof S, OptionalKeys<S>>]: ValueOf<S[K]> } & {
    -readonly [K in OptionalKeys<S>]?: ValueOf<S[K]>;
  }
>;

interface Common {
  doc: string;
  /** Default true. */
  link?: boolean;
  required?: boolean;
}

function field<T>(
  read: (value: Json, path: string) => T,
  initial: () => T,
  options: Common,
): Field<T, false> {
  return {
    read,
    initial,
    optional: false,
    required: options.required ?? false,
    link: options.link ?? true,
    doc: options.doc,
  };
}

export interface NumberRange {
  min?: number;
  max?: number;
  integer?: boolean;
  /** The catalog setting whose range the core enforces ("run.batch_size"). */
  catalog?: string;
}

export function number(initial: number, options: Common & NumberRange): Field<number, false> {
  return field(
    (v, path) => readNumber(v, path, options),
    () => initial,
    options,
  );
}

export function boolean(initial: boolean, options: Common): Field<boolean, false> {
  return field(
    (v, path) => readBoolean(v, path),
    () => initial,
    options,
  );
}

export function text(
  initial: string,
  options: Common & { maxLength: number; pattern?: RegExp },
): Field<string, false> {
  return field(
    (v, path) => readString(v, path, options.maxLength, options.pattern),
    () => initial,
    options,
  );
}

export function oneOf<const T extends string>(
  values: readonly T[],
  initial: T,
  options: Common,
): Field<T, false> {
  const read = (v: Json, path: string): T => {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      throw new ShapeError(path, values.map((x) => `"${x}"`).join(' or '));
    }
    return v as T;
  };
  return field(read, () => initial, options);
}

/** `null` or the inner field's value. */
export function nullable<T>(inner: Field<T>, options: Common): Field<T | null, false> {
  return field(
    (v, path) => (v === null ? null : inner.read(v, path)),
    () => null,
    options,
  );
}

export function list<T>(
  item: Field<T>,
  initial: () => T[],
  options: Common & { maxLength: number },
): Field<T[], false> {
  const read = (v: Json, path: string) =>
    array(v, path, options.maxLength).map((x, i) => item.read(x, `${path}[${i}]`));
  return { ...field(read, initial, options), item: item as Field<unknown> };
}

/** Any value a custom reader accepts (catalog settings, a user's table, a tuple). */
export function custom<T>(
  read: (value: Json, path: string) => T,
  initial: () => T,
  options: Common,
): Field<T, false> {
  return field(read, initial, options);
}

/** The same field, but absent in a link (or a fresh page) stays absent. */
export function optional<T>(inner: Field<T>): Field<T, true> {
  return { ...inner, optional: true };
}

export function record<S extends Shape>(shape: S, options: Common): Field<RecordOf<S>, false> {
  const read = (v: Json, path: string): RecordOf<S> => {
    const source = object(v, path);
    const out: Record<string, unknown> = {};
    for (const [key, f] of Object.entries(shape)) {
      const at = path === '' ? key : `${path}.${key}`;
      const value = source[key];
      if (value !== undefined) out[key] = f.read(value, at);
      else if (f.required) throw new ShapeError(at, 'a value (it is required)');
      else if (!f.optional) out[key] = f.initial();
    }
    return out as RecordOf<S>;
  };
  const initial = (): RecordOf<S> => {
    const out: Record<string, unknown> = {};
    for (const [key, f] of Object.entries(shape)) if (!f.optional) out[key] = f.initial();
    return out as RecordOf<S>;
  };
  return { ...field(read, initial, options), shape };
}

/** What the share link writes of a value: the fields the table marks as carried. */
export function linkValue(f: Field<unknown>, value: unknown): unknown {
  if (f.shape && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const inner = f.shape[key];
      if (inner === undefined) out[key] = v;
      else if (inner.link) out[key] = linkValue(inner, v);
    }
    return out;
  }
  if (f.item && Array.isArray(value)) return value.map((v) => linkValue(f.item!, v));
  return value;
}
