// Structure-aware fuzzing of the untrusted-input readers: the link state (parseState, through
// the whole decodeState) and the JSON import (parseImport). A seeded generator mutates valid
// documents (drop, retype, enlarge, nest, inject prototype keys and markup) so the inputs get
// past JSON.parse into the shape checks. Properties: never throws; a refusal names a field;
// an accepted state survives encode → decode unchanged; an accepted import has equal-length
// columns. FUZZ_RUNS scales the run count for a longer local run (CI: the default).
import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES, metricsJson, parseImport } from '../../src/metrics/json-export';
import { Series } from '../../src/metrics/series';
import { decodeState, encodeState } from '../../src/share/link';
import { parseState } from '../../src/share/parse-state';
import { defaultState } from '../../src/state/defaults';
import { mulberry32 } from '../../src/compare/sweep-points';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);

/** Deterministic PRNG (mulberry32, the sweep's) so failures reproduce. */
const rng = mulberry32;

const ODD_VALUES: unknown[] = [
  null,
  true,
  0,
  -0,
  -1,
  1e308,
  -1e308,
  5e-324,
  2 ** 53 + 1,
  0.5,
  '',
  'x'.repeat(5000),
  '<img src=x onerror=alert(1)>',
  '__proto__',
  'constructor',
  [],
  [[[[]]]],
  {},
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  Array.from({ length: 300 }, (_, i) => i),
];

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

/** A fresh copy: the generator edits values in place. */
const odd = (random: Random): unknown => {
  const value = pick(random, ODD_VALUES);
  // JSON round trip, not structuredClone: keeps an own "__proto__" key as a plain key.
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
};

/** One random edit somewhere inside `value` (a JSON tree), in place where possible. */
function mutate(value: unknown, random: Random, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 6 || random() < 0.15) {
    return odd(random);
  }
  if (Array.isArray(value)) {
    const roll = random();
    if (value.length > 0 && roll < 0.6) {
      const i = Math.floor(random() * value.length);
      value[i] = mutate(value[i], random, depth + 1);
    } else if (roll < 0.8) value.push(structuredClone(value[0] ?? pick(random, ODD_VALUES)));
    else value.splice(Math.floor(random() * value.length), 1);
    return value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const roll = random();
  if (keys.length > 0 && roll < 0.65) {
    const key = pick(random, keys);
    record[key] = mutate(record[key], random, depth + 1);
  } else if (keys.length > 0 && roll < 0.8) {
    delete record[pick(random, keys)];
  } else {
    record[pick(random, ['__proto__', 'constructor', 'extra', 'toString', 'lr', 'name'])] =
      odd(random);
  }
  return value;
}

function mutated(base: unknown, random: Random): unknown {
  let doc = structuredClone(base);
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) doc = mutate(doc, random);
  return doc;
}

describe('fuzzing the link state reader', () => {
  it(`never throws; accepted states round-trip (${RUNS} inputs)`, async () => {
    const random = rng(2024);
    let accepted = 0;
    for (let i = 0; i < RUNS; i++) {
      const doc = mutated(defaultState(), random);
      let result: ReturnType<typeof parseState>;
      try {
        result = parseState(JSON.parse(JSON.stringify(doc) ?? 'null'));
      } catch (error) {
        throw new Error(`parseState threw on ${JSON.stringify(doc)}: ${String(error)}`, {
          cause: error,
        });
      }
      if (!result.ok) {
        expect(result.message).toMatch(/expected/);
        continue;
      }
      accepted++;
      expect(Object.prototype.hasOwnProperty.call({}, 'polluted')).toBe(false);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      if (i % 10 === 0) {
        const decoded = await decodeState(await encodeState(result.state));
        expect(decoded.kind).toBe('ok');
        if (decoded.kind === 'ok') expect(decoded.state).toEqual(result.state);
      }
    }
    // The generator must reach both sides of the checks.
    expect(accepted).toBeGreaterThan(RUNS / 50);
    expect(accepted).toBeLessThan(RUNS);
  });
});

function validExport(): unknown {
  const state = defaultState();
  const series = new Series();
  series.append({
    step: Float64Array.of(0, 1, 2),
    loss: Float64Array.of(3, 2, 1),
    x: Float64Array.of(0, 0.5, 1),
  });
  return JSON.parse(
    metricsJson(
      state,
      state.runs.map((run) => ({
        id: run.id,
        name: run.name,
        config: {},
        status: 'ok' as const,
        message: '',
        series,
      })),
      ['step', 'loss', 'x'],
    ),
  );
}

describe('fuzzing the JSON import', () => {
  it(`never throws; accepted files have consistent columns (${RUNS} inputs)`, () => {
    const random = rng(77);
    const base = validExport();
    expect(parseImport(JSON.stringify(base)).ok).toBe(true);
    let accepted = 0;
    for (let i = 0; i < RUNS; i++) {
      const text = JSON.stringify(mutated(base, random)) ?? 'null';
      const result = parseImport(text);
      if (!result.ok) {
        expect(result.message.length).toBeGreaterThan(10);
        continue;
      }
      accepted++;
      for (const run of result.runs) {
        const lengths = new Set(Object.values(run.columns).map((c) => c.length));
        expect(lengths.size).toBe(1);
      }
    }
    expect(accepted).toBeGreaterThan(RUNS / 50);
  });

  it('refuses truncated and byte-flipped files with a message', () => {
    const random = rng(5);
    const text = JSON.stringify(validExport());
    for (let i = 0; i < RUNS / 5; i++) {
      const cut = text.slice(0, Math.floor(random() * text.length));
      expect(parseImport(cut).ok).toBe(false);
      const chars = text.split('');
      chars[Math.floor(random() * chars.length)] = pick(random, ['{', '"', ']', '\\', 'x', '0']);
      const result = parseImport(chars.join(''));
      if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
    }
  });

  it('names the size limit of an oversized file', () => {
    const result = parseImport(' '.repeat(MAX_IMPORT_BYTES + 1));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/too large.*50 MB/);
  });
});
