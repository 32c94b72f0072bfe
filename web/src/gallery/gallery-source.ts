// Where the page gets its gallery: the core's `gallery()` (the one definition of every demo,
// shared with `descent gallery`). A core built before the gallery binding existed falls back
// to the page's old presets, described as demos, so the page stays usable with it.
import type { Catalog, DescentModule } from '../core/descent-module';
import { PRESETS } from '../presets/presets';
import { runConfig } from '../state/run-config';
import { parseGallery, type Demo, type Gallery } from './gallery';

export function loadGallery(module: DescentModule, catalog: Catalog): Gallery {
  const source = (module as unknown as { gallery?: () => string }).gallery;
  if (typeof source !== 'function') return presetGallery(catalog);
  try {
    return parseGallery(source.call(module));
  } catch (error) {
    return { demos: [], problems: [`the gallery could not be read: ${(error as Error).message}`] };
  }
}

function presetGallery(catalog: Catalog): Gallery {
  const demos = PRESETS.map((preset): Demo => {
    const state = preset.build(catalog);
    return {
      name: preset.id,
      title: preset.title,
      claim: preset.explanation,
      paper: { title: 'Descent preset', authors: '', year: 2026 },
      runs: state.runs.map((run) => ({ name: run.name, config: runConfig(state, run) })),
      plots: [],
      check: '',
      live: [],
      view: { logX: state.view.logX, logY: state.view.logY },
      aliases: [],
    };
  });
  return { demos, problems: [] };
}
