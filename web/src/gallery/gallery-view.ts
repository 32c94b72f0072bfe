// The gallery: every demo from the core's gallery, with its claim and paper, a link that
// opens it (the `#s1.` state link, shareable as is) and the iframe URL for a lesson page.
import { citationTextOf } from './citation';
import { demoStates } from './demo-state';
import { demoEmbedUrl } from './demo-embed';
import type { Demo, Gallery } from './gallery';
import { encodeState } from '../share/link';
import { button, el } from '../util/dom';

export class GalleryView {
  readonly element = el('section', {
    class: 'gallery-view',
    attrs: { 'aria-label': 'Gallery of phenomena', 'data-gallery': '' },
  });
  private built = false;

  constructor(
    private gallery: Gallery,
    private close: () => void,
  ) {
    this.element.hidden = true;
  }

  show(): void {
    if (!this.built) this.build();
    this.element.hidden = false;
    this.element.querySelector<HTMLElement>('h2')?.focus();
  }

  hide(): void {
    this.element.hidden = true;
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  private build(): void {
    this.built = true;
    const heading = el('h2', { text: 'Gallery: phenomena of training', attrs: { tabindex: '-1' } });
    const intro = el('p', {
      class: 'muted',
      text: 'Each demo is a set of runs that shows one phenomenon from a paper. Open one to train it here; its link reproduces the same curves bit for bit in any browser.',
    });
    const grid = el('div', { class: 'gallery-grid' });
    for (const demo of this.gallery.demos) grid.append(this.card(demo));
    if (this.gallery.demos.length === 0) {
      grid.append(
        el('p', {
          class: 'field-error',
          text: `No demos to show (${this.gallery.problems.join('; ') || 'the gallery is empty'}).`,
        }),
      );
    }
    this.element.replaceChildren(
      el('div', { class: 'gallery-head' }, [
        heading,
        button('Back to the playground', this.close, { class: 'small' }),
      ]),
      intro,
      grid,
    );
  }

  private card(demo: Demo): HTMLElement {
    const states = demoStates(demo);
    const opens = states.map(({ label, result }, i) => {
      const open = el('a', {
        class: 'demo-open',
        text: states.length === 1 ? 'Open' : `Open: ${label}`,
        attrs: { href: `#demo=${demo.name}`, 'data-demo': demo.name, 'data-index': String(i) },
      });
      if (result.ok) {
        // The full state link: shareable, and independent of later changes to the gallery.
        void encodeState(result.state).then((hash) => open.setAttribute('href', `#${hash}`));
      }
      return open;
    });
    const failed = states.map((s) => s.result).find((r) => !r.ok);
    const first = states[0]!.result;
    const page = `${location.origin}${location.pathname}`;
    const embed = el('input', {
      attrs: {
        type: 'text',
        readonly: '',
        value: demoEmbedUrl(page, demo),
        'aria-label': `Embed URL for ${demo.title}`,
      },
    });
    return el('article', { class: 'demo-card', attrs: { 'data-demo-card': demo.name } }, [
      el('h3', { class: 'demo-title', text: demo.title }),
      el('p', { class: 'demo-claim', text: demo.claim }),
      el('p', { class: 'citation', text: citationTextOf(demo.paper) }),
      failed && !failed.ok
        ? el('p', { class: 'field-error', text: failed.message })
        : el('p', {
            class: 'hint',
            text: `${demo.runs.length} runs · ${first.ok ? first.state.steps : '?'} steps · ${demo.runs.map((r) => r.name).join(', ')}`,
          }),
      el('div', { class: 'demo-actions' }, [
        ...opens,
        el('details', { class: 'demo-embed' }, [el('summary', { text: 'Embed' }), embed]),
      ]),
    ]);
  }
}
