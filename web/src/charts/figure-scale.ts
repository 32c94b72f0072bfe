// The pixel ratio of exported PNGs (1× to 4×), one setting for every chart and the map.
import { el, uniqueId } from '../util/dom';

export const FIGURE_SCALES = [1, 2, 3, 4] as const;
let scale = 2;

export function figureScale(): number {
  return scale;
}

/** A labelled select for the ratio; every instance shows and sets the same value. */
export function figureScaleControl(): HTMLElement {
  const id = uniqueId('figure-scale');
  const select = el(
    'select',
    { attrs: { id, class: 'figure-scale' } },
    FIGURE_SCALES.map((s) => el('option', { text: `${s}×`, attrs: { value: String(s) } })),
  );
  select.value = String(scale);
  select.addEventListener('change', () => {
    scale = Number(select.value);
  });
  select.addEventListener('focus', () => {
    select.value = String(scale);
  });
  return el('span', { class: 'figure-scale-control' }, [
    el('label', { text: 'PNG scale ', attrs: { for: id } }),
    select,
  ]);
}
