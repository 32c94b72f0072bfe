// An info button whose tooltip (description, mechanism, paper) shows on hover and on focus,
// so keyboard users get it too. Pure CSS shows it; the text is set with textContent.
import { el, uniqueId } from '../util/dom';

export function infoTip(lines: string[], label: string): HTMLElement {
  const id = uniqueId('tip');
  const content = el(
    'span',
    { class: 'tip-content', attrs: { role: 'tooltip', id } },
    lines
      .filter((l) => l.trim() !== '')
      .map((line) => el('span', { class: 'tip-line', text: line })),
  );
  return el(
    'span',
    {
      class: 'tip',
      attrs: {
        tabindex: '0',
        role: 'button',
        'aria-label': `About ${label}`,
        'aria-describedby': id,
      },
    },
    [el('span', { class: 'tip-icon', text: 'i', attrs: { 'aria-hidden': 'true' } }), content],
  );
}
