// The core's metric columns (catalog "metrics", cpp/run/metric_columns.cpp) against the page:
// every column the real core defines reaches a chart (the metric charts or the diagnostics
// panel), the CSV and the JSON export, and takeMetrics() reports exactly the row columns, in
// the catalog's order. Skipped when no core build is present.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, DescentModule } from '../../src/core/descent-module';
import { parseCatalog } from '../../src/core/catalog';
import { chartSpecs } from '../../src/charts/chart-specs';
import { rowColumnNames } from '../../src/metrics/columns';
import { metricsCsv } from '../../src/metrics/csv';
import { metricsJson, parseImport } from '../../src/metrics/json-export';
import { Series } from '../../src/metrics/series';
import { defaultState } from '../../src/state/defaults';

const dir = resolve(process.env.DESCENT_WASM_DIR ?? resolve(__dirname, '../../../build-wasm'));
const present = existsSync(resolve(dir, 'descent.mjs')) && existsSync(resolve(dir, 'descent.wasm'));

let core: DescentModule;
let catalog: Catalog;

/** A short run of the real core on a data set, with every diagnostic switched on. */
function measuredSeries(): Series {
  const config = {
    schema: catalog.schema,
    steps: 6,
    problem: { kind: 'dataset', name: catalog.datasets[0]!.name },
    optimizer: { name: 'sgd', lr: 0.05 },
    diagnostics: { every: 2, top_k: 2, hutchinson_probes: 2, stats: true },
  };
  const run = new core.Run(JSON.stringify(config));
  expect(run.ok(), run.error()).toBe(true);
  run.step(6);
  const series = new Series();
  const metrics = run.takeMetrics();
  run.delete();
  expect(Object.keys(metrics)).toEqual(rowColumnNames(catalog));
  series.append(metrics);
  return series;
}

describe.skipIf(!present)(`metric columns of the real core (${dir})`, () => {
  beforeAll(async () => {
    const factory = (await import(
      /* @vite-ignore */ pathToFileURL(resolve(dir, 'descent.mjs')).href
    )) as { default: (o: { wasmBinary: Uint8Array }) => Promise<DescentModule> };
    core = await factory.default({ wasmBinary: readFileSync(resolve(dir, 'descent.wasm')) });
    catalog = parseCatalog(core.catalog());
  });

  it('describes every column: title, description, scale', () => {
    expect(catalog.metrics.length).toBeGreaterThan(20);
    expect(catalog.metrics[0]!.name).toBe('step');
    for (const c of catalog.metrics) {
      expect(c.title, c.name).not.toBe('');
      expect(c.description, c.name).not.toBe('');
      expect(['linear', 'log']).toContain(c.scale);
    }
  });

  it('puts every column but the x axis on a chart', () => {
    const charted = new Set(
      chartSpecs(catalog.metrics).flatMap((s) => s.metrics.map((m) => m.name)),
    );
    const diagnostics = new Set(catalog.diagnostics.entries.flatMap((e) => e.columns));
    for (const c of catalog.metrics) {
      if (c.name === 'step') continue;
      // Diagnostics have their own panel, one chart per column of an entry.
      const where = c.diagnostic === null ? charted : diagnostics;
      expect(where.has(c.name), `${c.name} is on no chart`).toBe(true);
    }
  });

  it('exports every row column to CSV and JSON, values included', () => {
    const series = measuredSeries();
    const names = rowColumnNames(catalog);
    const csv = metricsCsv([{ id: 'r1', name: 'run', series }], names).split('\r\n');
    expect(csv[0]).toBe(['run_id', 'run_name', ...names].join(','));
    const last = csv[series.length]!.split(',');
    names.forEach((name, i) => {
      const value = series.last(name);
      expect(last[i + 2], name).toBe(Number.isFinite(value) ? String(value) : '');
    });
    const state = defaultState();
    const json = metricsJson(
      state,
      [{ id: state.runs[0]!.id, name: 'run', config: {}, status: 'ok', message: '', series }],
      names,
    );
    const imported = parseImport(json);
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    const columns = imported.runs[0]!.columns;
    expect(Object.keys(columns)).toEqual(names);
    for (const name of names) {
      expect(Array.from(columns[name]!), name).toEqual(Array.from(series.column(name)));
    }
    // The run measured the diagnostics: the exports carry real values, not only empty cells.
    expect(Number.isFinite(series.last('sharpness'))).toBe(true);
  });
});
