// Every demo of the real core opens as a page state that trains exactly the demo's run
// configs: the core's share.state (cpp/gallery/gallery.cpp) and the page's runConfig
// (src/state/run-config.ts) are two halves of one contract. Skipped when no core build is
// present.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DescentModule } from '../../src/core/descent-module';
import { demoStates } from '../../src/gallery/demo-state';
import { parseGallery, type Gallery } from '../../src/gallery/gallery';
import { runConfig } from '../../src/state/run-config';

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
});
