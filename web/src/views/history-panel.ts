// The run history: every finished comparison and sweep, kept in IndexedDB across reloads;
// pin, rename, tag, search, re-open, delete; export and import all. Names and tags from
// storage or an imported file are only ever inserted as text.
import { errorText } from '../core/load-module';
import {
  checkStoredEntries,
  cleanName,
  entriesToEvict,
  historyJson,
  matchesQuery,
  newEntryId,
  parseHistory,
  parseTags,
  sortEntries,
  MAX_HISTORY_BYTES,
  type HistoryEntry,
} from '../history/entry';
import type { HistoryStore } from '../history/idb';
import { STATE_VERSION } from '../share/migrations/migrations';
import { button, el, panelSection } from '../util/dom';
import { downloadText, readFileText } from '../util/download';
import type { Banner } from './banner';

export interface HistoryPanelDeps {
  store: HistoryStore;
  banner: Banner;
  open: (entry: HistoryEntry) => void;
}

export class HistoryPanel {
  readonly element: HTMLElement;
  private list = el('ul', { class: 'history-list' });
  private search: HTMLInputElement;
  private entries: HistoryEntry[] = [];
  private note = el('p', { class: 'hint' });

  constructor(private deps: HistoryPanelDeps) {
    this.search = el('input', {
      attrs: {
        type: 'search',
        placeholder: 'Search names, tags, optimizers',
        'aria-label': 'Search the history',
      },
    });
    this.search.addEventListener('input', () => this.render());
    const importInput = el('input', {
      attrs: { type: 'file', accept: '.json,application/json', hidden: '' },
    });
    importInput.addEventListener('change', () => {
      const file = importInput.files?.[0];
      importInput.value = '';
      if (file) void this.importAll(file);
    });
    this.element = panelSection(
      'history-panel',
      'Run history',
      'History',
      [
        el('span', { class: 'history-actions' }, [
          button('Export all', () => this.exportAll(), {
            attrs: { 'data-action': 'history-export' },
          }),
          button('Import', () => importInput.click(), {
            attrs: { 'data-action': 'history-import' },
          }),
          importInput,
        ]),
      ],
      [this.search, this.note, this.list],
    );
  }

  async load(): Promise<void> {
    try {
      const { entries, skipped } = checkStoredEntries(await this.deps.store.all());
      this.entries = entries;
      if (skipped > 0)
        this.note.textContent =
          `${skipped} saved ${skipped === 1 ? 'entry was' : 'entries were'} unreadable ` +
          '(corrupt or from another version) and skipped; the rest of the history is intact.';
    } catch (error) {
      this.note.textContent = `The history is not available in this browser (${errorText(error)}).`;
    }
    this.render();
  }

  /** Saves a new entry (a finished comparison or sweep). */
  async add(
    entry: Omit<HistoryEntry, 'id' | 'createdAt' | 'pinned' | 'tags' | 'stateVersion'>,
  ): Promise<void> {
    const now = Date.now();
    const full: HistoryEntry = {
      ...entry,
      id: newEntryId(now),
      createdAt: now,
      stateVersion: STATE_VERSION,
      pinned: false,
      tags: [],
    };
    await this.save(full);
    // Saved automatically, so bounded: the oldest unpinned entries make room.
    for (const old of entriesToEvict(this.entries)) await this.remove(old);
  }

  private async save(entry: HistoryEntry): Promise<void> {
    try {
      await this.deps.store.put(entry);
      this.entries = [...this.entries.filter((e) => e.id !== entry.id), entry];
    } catch (error) {
      this.note.textContent = `Could not save to the history (${errorText(error)}).`;
    }
    this.render();
  }

  private render(): void {
    const shown = sortEntries(this.entries).filter((e) => matchesQuery(e, this.search.value));
    if (this.entries.length === 0 && !this.note.textContent)
      this.note.textContent =
        'Finished comparisons and sweeps appear here and stay after a reload.';
    this.list.replaceChildren(...shown.map((entry) => this.item(entry)));
  }

  private item(entry: HistoryEntry): HTMLElement {
    const runs = entry.state.runs.map((r) => r.name).join(', ');
    const when = new Date(entry.createdAt).toLocaleString();
    const name = el('span', { class: 'history-name', text: entry.name });
    const tags = el('span', {
      class: 'history-tags',
      text: entry.tags.map((t) => `#${t}`).join(' '),
    });
    return el(
      'li',
      { class: `history-item${entry.pinned ? ' pinned' : ''}`, attrs: { 'data-entry': entry.id } },
      [
        el('div', {}, [
          button(
            entry.pinned ? '★' : '☆',
            () => void this.save({ ...entry, pinned: !entry.pinned }),
            {
              attrs: { 'aria-label': entry.pinned ? 'Unpin' : 'Pin', 'data-action': 'pin' },
            },
          ),
          name,
          ' ',
          tags,
        ]),
        el('div', {
          class: 'hint',
          text: `${entry.kind === 'sweep' ? 'Sweep' : 'Runs'} · ${entry.state.problem.name} · ${runs} · ${when}`,
        }),
        el('div', { class: 'history-buttons' }, [
          button('Open', () => this.deps.open(entry), { attrs: { 'data-action': 'open' } }),
          button(
            'Rename',
            () => {
              const next = window.prompt('Name', entry.name);
              if (next !== null) void this.save({ ...entry, name: cleanName(next) });
            },
            { attrs: { 'data-action': 'rename' } },
          ),
          button(
            'Tags',
            () => {
              const next = window.prompt(
                'Tags (separated by commas or spaces)',
                entry.tags.join(', '),
              );
              if (next !== null) void this.save({ ...entry, tags: parseTags(next) });
            },
            { attrs: { 'data-action': 'tags' } },
          ),
          button('Delete', () => void this.remove(entry), { attrs: { 'data-action': 'delete' } }),
        ]),
      ],
    );
  }

  private async remove(entry: HistoryEntry): Promise<void> {
    try {
      await this.deps.store.remove(entry.id);
      this.entries = this.entries.filter((e) => e.id !== entry.id);
    } catch (error) {
      this.note.textContent = `Could not delete (${errorText(error)}).`;
    }
    this.render();
  }

  private exportAll(): void {
    downloadText(
      'descent-history.json',
      historyJson(sortEntries(this.entries)),
      'application/json',
    );
  }

  private async importAll(file: File): Promise<void> {
    let text: string;
    try {
      text = await readFileText(file, MAX_HISTORY_BYTES);
    } catch (error) {
      this.deps.banner.show(`Import failed: ${errorText(error)}.`);
      return;
    }
    const parsed = parseHistory(text);
    if (!parsed.ok) {
      this.deps.banner.show(`Import failed. ${parsed.message}`);
      return;
    }
    for (const entry of parsed.entries) await this.save(entry);
    this.deps.banner.show(
      `Imported ${parsed.entries.length} history entr${parsed.entries.length === 1 ? 'y' : 'ies'}.`,
      'info',
    );
  }
}
