// Title bar: the gallery's demos, share link, embed code, export and import.
import { button, el, select } from '../util/dom';

export interface HeaderActions {
  /** The gallery's demos (name and title), for the quick picker. */
  demos: readonly { name: string; title: string }[];
  openDemo: (name: string) => void;
  openGallery: () => void;
  copyLink: () => Promise<string>;
  openEmbedDialog: () => void;
  exportCsv: () => void;
  exportJson: () => void;
  importJson: (file: File) => void;
}

export class Header {
  readonly element: HTMLElement;
  private shareStatus = el('span', { class: 'hint', attrs: { 'aria-live': 'polite' } });

  constructor(actions: HeaderActions) {
    const presetSelect = select(
      [
        { value: '', label: 'Load a demo…' },
        ...actions.demos.map((d) => ({ value: d.name, label: d.title })),
      ],
      '',
      (name) => {
        presetSelect.value = '';
        if (actions.demos.some((d) => d.name === name)) actions.openDemo(name);
      },
      { 'aria-label': 'Load a demo from the gallery' },
    );
    const fileInput = el('input', {
      class: 'visually-hidden',
      attrs: {
        type: 'file',
        accept: 'application/json,.json',
        'aria-label': 'Import runs from JSON',
      },
    });
    fileInput.addEventListener('change', () => {
      const file = fileInput.files?.[0];
      fileInput.value = '';
      if (file) actions.importJson(file);
    });
    const share = button(
      'Copy link',
      () => {
        actions
          .copyLink()
          .then((what) => (this.shareStatus.textContent = what))
          .catch(
            () => (this.shareStatus.textContent = 'Copy failed: the address bar holds the link.'),
          );
      },
      { title: 'The whole setup is in the link: share it' },
    );
    this.element = el('header', { class: 'app-header' }, [
      el('div', { class: 'brand' }, [
        el('h1', { text: 'Descent' }),
        el('p', {
          class: 'tagline',
          text: 'Optimizers and small networks, trained in your browser.',
        }),
      ]),
      el('nav', { class: 'header-actions', attrs: { 'aria-label': 'Page actions' } }, [
        el('span', { class: 'presets', attrs: { 'data-panel': 'presets' } }, [
          button('Gallery', actions.openGallery, {
            title: 'Phenomena from papers, each a set of runs ready to train',
          }),
          presetSelect,
        ]),
        share,
        button('Embed', actions.openEmbedDialog, {
          title: 'Code for an iframe showing this setup',
        }),
        button('CSV', actions.exportCsv, { title: 'Export every metric of every run as CSV' }),
        button('JSON', actions.exportJson, { title: 'Export setup and metrics as JSON' }),
        button('Import', () => fileInput.click(), {
          title: 'Load a JSON file exported from Descent',
        }),
        fileInput,
        this.shareStatus,
      ]),
    ]);
  }
}
