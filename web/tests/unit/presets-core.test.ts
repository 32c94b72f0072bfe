// Presets and defaults against the real core: every run config must validate, and the
// function presets must tell the story their explanation tells (e.g. the too-high learning
// rate diverges, the others do not). Skipped when no core build is present.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, DescentModule } from '../../src/core/descent-module';
import { parseCatalog } from '../../src/core/catalog';
import { PRESETS } from '../../src/presets/presets';
import { defaultState } from '../../src/state/defaults';
import { runConfig } from '../../src/state/run-config';
import type { AppState } from '../../src/state/types';
import { validateRuns } from '../../src/app/validation';

const dir = resolve(process.env.DESCENT_WASM_DIR ?? resolve(__dirname, '../../../build-wasm'));
const present = existsSync(resolve(dir, 'descent.mjs')) && existsSync(resolve(dir, 'descent.wasm'));

let core: DescentModule;
let catalog: Catalog;

function train(state: AppState, maxSteps: number) {
  return state.runs.map((spec) => {
    const run = new core.Run(JSON.stringify(runConfig(state, spec)));
    expect(run.ok(), `${spec.name}: ${run.error()}`).toBe(true);
    run.step(maxSteps);
    const result = {
      name: spec.name,
      status: run.status(),
      loss: run.takeMetrics().loss ?? new Float64Array(0),
    };
    run.delete();
    return result;
  });
}

describe.skipIf(!present)(`presets with the real core (${dir})`, () => {
  beforeAll(async () => {
    const factory = (await import(
      /* @vite-ignore */ pathToFileURL(resolve(dir, 'descent.mjs')).href
    )) as {
      default: (o: { wasmBinary: Uint8Array }) => Promise<DescentModule>;
    };
    core = await factory.default({ wasmBinary: readFileSync(resolve(dir, 'descent.wasm')) });
    catalog = parseCatalog(core.catalog());
  });

  it('validates the default state and every preset', () => {
    for (const state of [defaultState(), ...PRESETS.map((p) => p.build(catalog))]) {
      for (const result of validateRuns(core, state))
        expect(result.errors, result.runId).toEqual([]);
    }
  });

  it('only names catalog entries (no fallback name was needed)', () => {
    const names = (list: { name: string }[]) => new Set(list.map((e) => e.name));
    const optimizers = names(catalog.optimizers);
    const schedules = names(catalog.schedules);
    for (const preset of PRESETS) {
      const state = preset.build(catalog);
      const problems = state.problem.kind === 'function' ? catalog.functions : catalog.datasets;
      expect(names(problems).has(state.problem.name), preset.id).toBe(true);
      for (const run of state.runs) {
        expect(optimizers.has(run.optimizer.name), `${preset.id}: ${run.optimizer.name}`).toBe(
          true,
        );
        expect(schedules.has(run.schedule.name), `${preset.id}: ${run.schedule.name}`).toBe(true);
      }
    }
  });

  it('too-high learning rate: only the last run diverges', () => {
    const preset = PRESETS.find((p) => p.id === 'too-high-lr')!;
    const results = train(preset.build(catalog), 300);
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'diverged']);
  });

  it('momentum valley: momentum beats gradient descent with the same step', () => {
    const preset = PRESETS.find((p) => p.id === 'momentum-valley')!;
    const [small, , momentum] = train(preset.build(catalog), 150);
    expect(momentum!.loss.at(-1)!).toBeLessThan(small!.loss.at(-1)! / 100);
  });

  it('clipping: plain SGD diverges, clipped SGD does not', () => {
    const preset = PRESETS.find((p) => p.id === 'clipping')!;
    expect(train(preset.build(catalog), 1500).map((r) => r.status)).toEqual(['diverged', 'ok']);
  });

  it('network presets train (a few steps each)', () => {
    for (const preset of PRESETS.filter((p) => p.build(catalog).problem.kind === 'dataset')) {
      for (const result of train(preset.build(catalog), preset.id === 'grokking' ? 1 : 20)) {
        expect(result.status, `${preset.id}: ${result.name}`).toBe('running');
      }
    }
  }, 120_000);
});
