// A gallery demo as a page state. The core turns a demo's run configs into the page's state
// (its share.state, also what `descent gallery` prints); this file adds only what the page
// alone knows (run ids, colours, the demo's axes, the embed's live settings) and reads the
// result through parseState, the same check a shared link gets.
import { parseState } from '../share/parse-state';
import type { Json } from '../share/shape';
import { DEFAULT_EMBED, DEFAULT_VIEW } from '../state/defaults';
import { RUN_PALETTE } from '../state/palette';
import type { AppState } from '../state/types';
import type { Demo } from './gallery';

export type DemoStateResult = { ok: true; state: AppState } | { ok: false; message: string };

function asRecord(value: Json): Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, Json>)
    : {};
}

function stateOf(demo: Demo, share: Json | null): DemoStateResult {
  if (share === null) return { ok: false, message: `${demo.name}: the core gave no page state` };
  const source = asRecord(share);
  const runs = Array.isArray(source.runs) ? source.runs : [];
  const parsed = parseState({
    ...source,
    runs: runs.map((run, i) => {
      const r = asRecord(run);
      return {
        id: `r${i + 1}`,
        color: RUN_PALETTE[i % RUN_PALETTE.length]!,
        visible: true,
        ...r,
        name: typeof r.name === 'string' ? r.name.slice(0, 64) : `run ${i + 1}`,
      };
    }),
    view: { ...DEFAULT_VIEW, ...asRecord(source.view), ...demo.view },
    // A locked embed of the demo keeps the demo's live settings editable.
    embed: { ...DEFAULT_EMBED, hide: [], live: [...demo.live] },
    demo: demo.name,
  });
  return parsed.ok ? parsed : { ok: false, message: `${demo.name}: ${parsed.message}` };
}

export function demoState(demo: Demo): DemoStateResult {
  return stateOf(demo, demo.share);
}

/**
 * The states that open a demo: one holding every run (runs may differ in optimizer,
 * schedule, transforms, model and precision); when they differ in more (problem, seed,
 * budget), one per group of runs that agree (the core's run_states), each its own link.
 */
export function demoStates(demo: Demo): { label: string; result: DemoStateResult }[] {
  if (demo.runShares.length === 0) return [{ label: 'all runs', result: demoState(demo) }];
  return demo.runShares.map((share, i) => {
    const result = stateOf(demo, share);
    const label = result.ok ? result.state.runs.map((r) => r.name).join(' + ') : `link ${i + 1}`;
    return { label, result };
  });
}
