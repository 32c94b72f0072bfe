// Every demo of the real core opens as a page state that trains exactly the demo's run
// configs: the core's configs and share groups (cpp/gallery/gallery.cpp), the page's
// demo-state.ts and runConfig (src/state/run-config.ts) are parts of one contract. Every
// retired preset id opens a demo of the core; the first-visit state validates. Skipped when
// no core build is present.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DescentModule } from '../../src/core/descent-module';
import { demoStates } from '../../src/gallery/demo-state';
import { parseDemoHash } from '../../src/gallery/demo-link';
import { findDemo, parseGallery, type Gallery } from '../../src/gallery/gallery';
import { validateRuns } from '../../src/app/validation';
import { RETIRED_DEMO_IDS } from '../../src/share/migrations/retired-demos';
import { defaultState } from '../../src/state/defaults';
import { runConfig } from '../../src/state/run-config';
import { MAX_RUNS } from '../../src/state/state-table';

const dir = resolve(process.env.DESCENT_WASM_DIR ?? resolve(__dirname, '../../../build-wasm'));
const present = existsSync(resolve(dir, 'descent.mjs')) && existsSync(resolve(dir, 'descent.wasm'));

describe.skipIf(!present)(`gallery demos with the real core (${dir})`, () => {
  let gallery: Gallery;
  let core: DescentModule;
  // The config as the core reads it (defaults filled in), so equal means "trains the same".
  const normalised = (config: unknown) => {
    const result = JSON.parse(core.validate(JSON.stringify(config))) as {
      ok: boolean;
      config: unknown;
    };
    expect(result.ok).toBe(true);
    return result.config;
  };
  beforeAll(async () => {
    const factory = (await import(
      /* @vite-ignore */ pathToFileURL(resolve(dir, 'descent.mjs')).href
    )) as { default: (o: { wasmBinary: Uint8Array }) => Promise<DescentModule> };
    core = await factory.default({ wasmBinary: readFileSync(resolve(dir, 'descent.wasm')) });
    gallery = parseGallery(core.gallery());
  });

  it('reads every demo of the core', () => {
    expect(gallery.problems).toEqual([]);
    expect(gallery.demos.length).toBeGreaterThanOrEqual(4);
  });

  it('opens every demo on states that train exactly its run configs', () => {
    for (const demo of gallery.demos) {
      const states = demoStates(demo);
      const configs = states.flatMap(({ result }) => {
        expect(result.ok, result.ok ? demo.name : result.message).toBe(true);
        return result.ok
          ? result.state.runs.map((run) => normalised(runConfig(result.state, run)))
          : [];
      });
      expect(configs, demo.name).toEqual(demo.runs.map((r) => normalised(r.config)));
      expect(
        states.map(({ result }) => result.ok && result.state.demo),
        demo.name,
      ).toEqual(states.map(() => demo.name));
    }
  });

  it('cuts demos into pages of as many runs as the page state holds', () => {
    const catalog = JSON.parse(core.catalog()) as { limits: Record<string, number> };
    expect(catalog.limits.max_runs).toBe(MAX_RUNS);
    for (const demo of gallery.demos) {
      for (const group of demo.groups)
        expect(group.length, demo.name).toBeLessThanOrEqual(MAX_RUNS);
    }
  });

  it('opens sgd_stability_batch on one page, each run at its own batch size', () => {
    const demo = findDemo(gallery, 'sgd_stability_batch');
    expect(demo).toBeDefined();
    const opened = parseDemoHash('#demo=sgd_stability_batch', gallery);
    expect(opened.kind).toBe('demo');
    if (opened.kind !== 'demo' || !demo) return;
    expect(demoStates(demo)).toHaveLength(1);
    expect(opened.state.runs.map((r) => runConfig(opened.state, r).batch_size)).toEqual([
      0, 32, 8, 2,
    ]);
  });

  it('opens every retired preset id (#preset= and #demo=) on a demo of the core', () => {
    for (const [id, name] of Object.entries(RETIRED_DEMO_IDS)) {
      expect(findDemo(gallery, id)?.name, id).toBe(name);
      for (const form of ['preset', 'demo']) {
        const opened = parseDemoHash(`#${form}=${id}`, gallery);
        expect(opened.kind === 'demo' && opened.state.demo, `#${form}=${id}`).toBe(name);
      }
    }
  });

  it('validates the first-visit state', () => {
    for (const result of validateRuns(core, defaultState())) expect(result.errors).toEqual([]);
  });
});
