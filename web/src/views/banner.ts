// Messages for the user (a bad link, a failed import, the core not loading): text only,
// dismissible, announced to screen readers.
import { button, el } from '../util/dom';

export type BannerKind = 'error' | 'warning' | 'info';

export class Banner {
  readonly element = el('div', {
    class: 'banners',
    attrs: { role: 'region', 'aria-label': 'Messages' },
  });

  show(message: string, kind: BannerKind = 'error', details: string[] = []): void {
    const item = el(
      'div',
      { class: `banner banner-${kind}`, attrs: { role: kind === 'error' ? 'alert' : 'status' } },
      [
        el('div', { class: 'banner-text' }, [
          el('p', { text: message }),
          details.length > 0
            ? el(
                'ul',
                {},
                details.slice(0, 8).map((d) => el('li', { text: d })),
              )
            : null,
        ]),
      ],
    );
    item.append(
      button('Dismiss', () => item.remove(), {
        class: 'small',
        attrs: { 'aria-label': 'Dismiss message' },
      }),
    );
    this.element.append(item);
  }

  clear(): void {
    this.element.replaceChildren();
  }
}
