// "Copy embed code": choose what the iframe hides and whether it is locked, then copy.
import { embedCode, embedUrl } from '../share/embed-code';
import { PANELS, type PanelName } from '../state/types';
import { button, el, uniqueId } from '../util/dom';

export class EmbedDialog {
  readonly element = el('dialog', { class: 'embed-dialog', attrs: { 'aria-label': 'Embed code' } });

  open(pageUrl: string, hash: string): void {
    const hide = new Set<PanelName>(['presets']);
    let locked = false;
    const code = el('textarea', {
      attrs: { readonly: '', rows: '4', 'aria-label': 'iframe code', spellcheck: 'false' },
    });
    const link = el('input', { attrs: { readonly: '', type: 'text', 'aria-label': 'Embed URL' } });
    const refresh = () => {
      const options = { pageUrl, hash, hide: [...hide], locked };
      code.value = embedCode(options);
      link.value = embedUrl(options);
    };
    const flags = el('fieldset', {}, [el('legend', { text: 'Hide panels' })]);
    for (const panel of PANELS) {
      const id = uniqueId('hide');
      const box = el('input', { attrs: { type: 'checkbox', id } });
      box.checked = hide.has(panel);
      box.addEventListener('change', () => {
        if (box.checked) hide.add(panel);
        else hide.delete(panel);
        refresh();
      });
      flags.append(
        el('span', { class: 'check' }, [box, el('label', { text: panel, attrs: { for: id } })]),
      );
    }
    const lockId = uniqueId('lock');
    const lock = el('input', { attrs: { type: 'checkbox', id: lockId } });
    lock.addEventListener('change', () => {
      locked = lock.checked;
      refresh();
    });
    const status = el('span', { class: 'hint', attrs: { 'aria-live': 'polite' } });
    refresh();
    this.element.replaceChildren(
      el('h2', { text: 'Embed this comparison' }),
      el('p', {
        class: 'hint',
        text: 'Paste this into a page. The iframe runs everything locally, like this page.',
      }),
      flags,
      el('span', { class: 'check' }, [
        lock,
        el('label', {
          text: 'Lock settings (only start, pause, step and reset)',
          attrs: { for: lockId },
        }),
      ]),
      code,
      link,
      el('div', { class: 'dialog-actions' }, [
        button(
          'Copy code',
          () => {
            navigator.clipboard
              .writeText(code.value)
              .then(() => (status.textContent = 'Copied.'))
              .catch(() => {
                code.select();
                status.textContent = 'Select and copy the code above.';
              });
          },
          { class: 'primary' },
        ),
        button('Close', () => this.element.close()),
        status,
      ]),
    );
    this.element.showModal();
  }
}
