// The iframe URL of a demo for a lesson: locked, with only the demo's live settings editable,
// and only the panels those settings (and the demo's plots) need.
import type { PanelName } from '../state/types';
import type { Demo } from './gallery';

const PROBLEM_FIELDS = /^(problem|model)\.|^(steps|seed|batch_size|eval_every)$/;
const RUN_FIELDS = /^(optimizer|schedule|transforms)\./;

export function demoEmbedHide(demo: Demo): PanelName[] {
  const hide: PanelName[] = ['presets', 'table'];
  if (!demo.live.some((f) => PROBLEM_FIELDS.test(f))) hide.push('problem');
  if (!demo.live.some((f) => RUN_FIELDS.test(f))) hide.push('runs');
  return hide;
}

/** `<page>?embed=1&lock=1&hide=…&live=…&frame=…#demo=<name>` */
export function demoEmbedUrl(pageUrl: string, demo: Demo, frame = ''): string {
  const query = new URLSearchParams({ embed: '1', lock: '1' });
  query.set('hide', demoEmbedHide(demo).join(','));
  if (demo.live.length > 0) query.set('live', demo.live.join(','));
  if (frame) query.set('frame', frame);
  return `${pageUrl}?${query.toString()}#demo=${demo.name}`;
}
