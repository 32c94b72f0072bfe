// Above the charts while a demo is open: its title, the claim its runs demonstrate, the
// paper, and which plots to look at.
import { citationTextOf } from './citation';
import type { Gallery } from './gallery';
import { findDemo } from './gallery';
import type { AppState } from '../state/types';
import { el } from '../util/dom';

export class DemoPanel {
  readonly element = el('section', {
    class: 'demo-panel',
    attrs: { 'aria-label': 'About this demo', 'data-panel-demo': '' },
  });
  private shown = '';

  constructor(private gallery: Gallery) {
    this.element.hidden = true;
  }

  update(state: AppState): void {
    const name = state.demo ?? '';
    if (name === this.shown) return;
    this.shown = name;
    const demo = name ? findDemo(this.gallery, name) : undefined;
    this.element.hidden = !demo;
    if (!demo) {
      this.element.replaceChildren();
      return;
    }
    const plots = demo.plots.map((p) => p.title);
    this.element.replaceChildren(
      el('div', { class: 'demo-panel-head' }, [
        el('h2', { class: 'demo-title', text: demo.title }),
        el('a', { class: 'small-link', text: 'All demos', attrs: { href: '#gallery' } }),
      ]),
      el('p', { class: 'demo-claim', text: demo.claim }),
      el('p', { class: 'citation', text: citationTextOf(demo.paper) }),
      ...(demo.check
        ? [el('p', { class: 'hint', text: `How the claim is checked: ${demo.check}` })]
        : []),
      ...(plots.length > 0
        ? [el('p', { class: 'hint', text: `Look at: ${plots.join(' · ')}.` })]
        : []),
    );
  }
}
