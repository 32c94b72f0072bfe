// Short links into the gallery: `#gallery` opens the list, `#demo=<name>` opens one demo.
// Old preset ids (`#demo=grokking`, also `#preset=grokking`) resolve through the migration
// table of retired ids (share/migrations/retired-demos.ts), so links made before the core's
// gallery defined every demo keep working. The full state link of a demo (what "Copy link"
// gives) carries the demo's name too.
import { findDemo, DEMO_NAME, type Gallery } from './gallery';
import { demoStates } from './demo-state';
import type { AppState } from '../state/types';

export type DemoHash =
  | { kind: 'none' }
  | { kind: 'gallery' }
  | { kind: 'demo'; state: AppState }
  | { kind: 'error'; message: string };

export function parseDemoHash(hash: string, gallery: Gallery): DemoHash {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text === 'gallery') return { kind: 'gallery' };
  const match = /^(demo|preset)=(.*)$/s.exec(text);
  if (!match) return { kind: 'none' };
  const name = match[2] ?? '';
  if (!DEMO_NAME.test(name)) {
    return { kind: 'error', message: 'This demo link is malformed (expected #demo=<name>).' };
  }
  const demo = findDemo(gallery, name);
  if (!demo) return { kind: 'error', message: `There is no demo called “${name}” in the gallery.` };
  // A demo whose runs need separate pages opens on its first run (the gallery links each).
  const result = demoStates(demo)[0]!.result;
  if (!result.ok)
    return { kind: 'error', message: `This demo cannot be opened: ${result.message}` };
  return { kind: 'demo', state: result.state };
}
