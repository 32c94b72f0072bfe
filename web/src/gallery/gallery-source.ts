// Where the page gets its gallery: the core's `gallery()` (the one definition of every demo,
// shared with `descent gallery`). The page's older presets are folded in: a preset the core's
// gallery now covers becomes an alias of that demo (so `#demo=<preset id>` and links made
// from it keep working); a preset it does not cover yet stays listed, described as a demo,
// until the core defines it. A core built without the binding gets the presets alone.
import type { Catalog, DescentModule } from '../core/descent-module';
import { PRESETS } from '../presets/presets';
import { runConfig } from '../state/run-config';
import type { Json } from '../share/shape';
import { parseGallery, type Demo, type Gallery } from './gallery';

/** Old preset id → the core demo that replaces it. */
export const PRESET_ALIASES: Record<string, string> = {
  'momentum-valley': 'momentum_quadratic',
  'digits-schedules': 'lr_schedules',
  grokking: 'grokking_modular',
};

export function loadGallery(module: DescentModule, catalog: Catalog): Gallery {
  const source = (module as unknown as { gallery?: () => string }).gallery;
  let core: Gallery = { demos: [], problems: [] };
  if (typeof source === 'function') {
    try {
      core = parseGallery(source.call(module));
    } catch (error) {
      core = {
        demos: [],
        problems: [`the gallery could not be read: ${(error as Error).message}`],
      };
    }
  }
  return foldPresets(core, presetDemos(catalog));
}

/** The core's demos with the presets they replace as aliases, then the presets left over. */
export function foldPresets(core: Gallery, presets: readonly Demo[]): Gallery {
  const names = new Set(core.demos.map((d) => d.name));
  const demos = core.demos.map((demo) => ({
    ...demo,
    aliases: [
      ...demo.aliases,
      ...Object.entries(PRESET_ALIASES)
        .filter(([id, name]) => name === demo.name && id !== name)
        .map(([id]) => id),
    ],
  }));
  for (const preset of presets) {
    const replacement = PRESET_ALIASES[preset.name];
    if (names.has(preset.name) || (replacement !== undefined && names.has(replacement))) continue;
    demos.push(preset);
  }
  return { demos, problems: core.problems };
}

function presetDemos(catalog: Catalog): Demo[] {
  return PRESETS.map((preset): Demo => {
    const state = preset.build(catalog);
    return {
      name: preset.id,
      title: preset.title,
      claim: preset.explanation,
      paper: preset.paper,
      runs: state.runs.map((run) => ({ name: run.name, config: runConfig(state, run) })),
      plots: [],
      check: '',
      live: preset.live,
      view: { logX: state.view.logX, logY: state.view.logY },
      aliases: [],
      share: state as unknown as Json,
      runShares: [],
    };
  });
}
