// `?embed=1&hide=table,presets&lock=1`: the embed flags an iframe URL can carry, overriding
// those in the hash state. Unknown panel names are ignored rather than refused: the query is
// hand-edited more often than the hash.
import { PANELS, type EmbedOptions, type PanelName } from '../state/types';

/** A setting an embed keeps live: a config path such as optimizer.lr. */
export const LIVE_FIELD = /^[a-z][a-z0-9_.]{0,63}$/;
/** At most this many live settings are read. */
export const MAX_LIVE = 32;

export function parseEmbedQuery(search: string): Partial<EmbedOptions> {
  const query = new URLSearchParams(search);
  const out: Partial<EmbedOptions> = {};
  const flag = (v: string | null) => v === '1' || v === 'true';
  if (query.has('embed')) out.enabled = flag(query.get('embed'));
  if (query.has('lock')) out.locked = flag(query.get('lock'));
  const hide = query.get('hide');
  if (hide !== null) {
    out.hide = hide
      .split(',')
      .map((p) => p.trim())
      .filter((p): p is PanelName => (PANELS as readonly string[]).includes(p));
  }
  // live=optimizer.lr,problem.condition_number: settings that stay editable while locked.
  const live = query.get('live');
  if (live !== null) {
    out.live = live
      .split(',')
      .map((f) => f.trim())
      .filter((f) => LIVE_FIELD.test(f))
      .slice(0, MAX_LIVE);
  }
  return out;
}
