// Assembles the page: loads the core, decides the initial state (initial-state.ts), builds
// the panels into one registry (panel.ts) and wires state → forms/URL/training and
// training → panels. Side effects live here and in the views.
import { parseCatalog } from '../core/catalog';
import type { Catalog, DescentModule } from '../core/descent-module';
import { compileCore, errorText, loadDescentModule, moduleUrl } from '../core/load-module';
import { FieldErrors } from '../forms/field-errors';
import { ProblemPanel } from '../forms/problem-panel';
import { RunsPanel } from '../forms/runs-panel';
import { DemoPanel } from '../gallery/demo-panel';
import { DemoPlots } from '../gallery/demo-plots';
import { loadGallery } from '../gallery/gallery';
import { GalleryView } from '../gallery/gallery-view';
import { installEmbedBridge } from '../embed/host-bridge';
import { encodeState } from '../share/link';
import { StateStore } from '../state/store';
import type { AppState } from '../state/types';
import { el } from '../util/dom';
import { WorkerPool, poolSize } from '../worker/pool';
import { TableService } from '../table/table-service';
import { PausedStore } from '../resume/paused-store';
import { ResumeOffer } from '../resume/resume-offer';
import { Banner } from '../views/banner';
import { BoundaryView } from '../views/boundary-view';
import { ChartPanel } from '../views/chart-panel';
import { ComparisonTable } from '../views/comparison-table';
import { DiagnosticsPanel } from '../views/diagnostics-panel';
import { EmbedDialog } from '../views/embed-dialog';
import { FunctionView } from '../views/function-view';
import { Header } from '../views/header';
import { Toolbar } from '../views/toolbar';
import { ViewPanel } from '../views/view-panel';
import { registerChartParts } from '../charts/setup';
import type { AppContext } from './context';
import { exportCsv, exportJson, importJson } from './file-actions';
import { installTestHooks } from './test-hooks';
import { TrainingController } from './training-controller';
import { setupCompare } from './compare-wiring';
import { scopedErrors, validateRuns } from './validation';
import { initialState } from './initial-state';
import { PanelRegistry, panel } from './panel';
import { RunCards } from './run-cards';
import { schedulePreviews } from './schedule-previews';

/** Settings changes are validated and applied to training after this quiet period. */
const APPLY_DELAY_MS = 150;
const URL_DELAY_MS = 400;
const TABLE_INTERVAL_MS = 250;

export async function startApp(root: HTMLElement): Promise<void> {
  const banner = new Banner();
  const loading = el('p', { class: 'loading', text: 'Loading the training core…' });
  root.replaceChildren(banner.element, loading);

  let module: DescentModule;
  let catalog: Catalog;
  // Compiled once: this page's instance and every training worker's come from it.
  let compiled: WebAssembly.Module;
  try {
    compiled = await compileCore(moduleUrl(document.baseURI));
    module = await loadDescentModule(moduleUrl(document.baseURI), compiled);
    catalog = parseCatalog(module.catalog());
  } catch (error) {
    loading.remove();
    banner.show(
      'The training core (WebAssembly) could not be loaded, so nothing can be trained.',
      'error',
      [
        errorText(error),
        'This page needs a browser with WebAssembly and module workers (a current Chrome, Edge, Firefox or Safari).',
      ],
    );
    return;
  }
  registerChartParts();

  const gallery = loadGallery(module);
  for (const problem of gallery.problems) console.warn(`gallery: ${problem}`);
  const tables = new TableService(module, catalog);
  const store = new StateStore(await initialState(module, banner, gallery, tables));
  const context: AppContext = {
    store,
    catalog,
    module,
    errors: new FieldErrors(),
    gallery,
    tables,
  };

  const pool = new WorkerPool(
    poolSize(navigator.hardwareConcurrency),
    moduleUrl(document.baseURI),
    () =>
      new Worker(new URL('../worker/training.worker.ts', import.meta.url), {
        type: 'module',
        name: 'descent-training',
      }),
    (event) => {
      if (!compare.handle(event)) training.handle(event);
      requestRender();
    },
    compiled,
  );
  const training = new TrainingController(pool);
  pool.warmUp();
  // Every table read from now on reaches the workers; runs that failed for want of it
  // (a link whose file was just provided) start afresh.
  tables.registry.connect((bytes) => {
    pool.registerTable(bytes);
    training.reset(store.get());
  });
  training.sync(store.get());
  installTestHooks(training);
  const resumeOffer = new ResumeOffer({
    module,
    store,
    training,
    banner,
    paused: new PausedStore(),
  });
  const compare = setupCompare(
    context,
    pool,
    poolSize(navigator.hardwareConcurrency),
    training,
    banner,
    () => requestRender(),
  );

  // ---- panels
  let applyTimer = 0;
  const problemPanel = new ProblemPanel(context);
  const runsPanel = new RunsPanel(context);
  const runCards = new RunCards(runsPanel);
  const viewPanel = new ViewPanel(
    context,
    new FunctionView(context, () => requestRender()),
    new BoundaryView(context, training, () => requestRender()),
  );
  const chartPanel = new ChartPanel(context, () => requestRender());
  const table = new ComparisonTable(context);
  const embedDialog = new EmbedDialog();
  const validationSummary = el('div', {
    class: 'validation-summary',
    attrs: { 'aria-live': 'polite' },
  });

  // Training must see the latest settings even if the debounce has not fired yet.
  const flushSettings = () => {
    if (applyTimer === 0) return;
    window.clearTimeout(applyTimer);
    applySettings();
  };
  const actions = {
    play: () => {
      flushSettings();
      training.play(store.get());
    },
    pause: () => {
      training.pause();
      // Kept for a reload: each paused run's checkpoint and rows (resume/).
      void resumeOffer.save();
    },
    step: () => {
      flushSettings();
      training.step(store.get());
    },
    reset: () => {
      flushSettings();
      training.reset(store.get());
      void resumeOffer.discard();
    },
  };
  const toolbar = new Toolbar(training, actions);
  const files = { store, training, module, banner, catalog };
  const header = new Header({
    demos: gallery.demos,
    openDemo: (name: string) => {
      location.hash = `demo=${name}`;
    },
    openGallery: () => {
      location.hash = 'gallery';
    },
    copyLink: async () => {
      await writeUrlNow();
      await navigator.clipboard.writeText(location.href);
      return 'Link copied.';
    },
    openEmbedDialog: () => {
      void encodeState({ ...store.get(), embed: { enabled: false, hide: [], locked: false } }).then(
        (hash) => embedDialog.open(`${location.origin}${location.pathname}`, hash),
      );
    },
    exportCsv: () => exportCsv(files),
    exportJson: () => exportJson(files),
    importJson: (file: File) => void importJson(file, files),
  });
  const demoPanel = new DemoPanel(gallery);
  const demoPlots = new DemoPlots(gallery);
  const diagnosticsPanel = new DiagnosticsPanel(context, training);
  const galleryView = new GalleryView(gallery, () => {
    galleryView.hide();
    layout.hidden = false;
    void writeUrlNow();
  });

  problemPanel.element.dataset.panel = 'problem';
  runsPanel.element.dataset.panel = 'runs';
  chartPanel.element.dataset.panel = 'charts';
  table.element.dataset.panel = 'table';
  runsPanel.element.append(validationSummary);

  const openFull = el('a', {
    class: 'open-full',
    text: 'Open in Descent ↗',
    attrs: { target: '_blank', rel: 'noopener' },
  });
  const layout = el('div', { class: 'layout' }, [
    el('aside', { class: 'sidebar' }, [problemPanel.element, runsPanel.element]),
    el('div', { class: 'content' }, [
      el('div', { class: 'sticky-bar' }, [toolbar.element, openFull]),
      demoPanel.element,
      demoPlots.element,
      el('div', { class: 'top-row' }, [viewPanel.element, table.element]),
      chartPanel.element,
      diagnosticsPanel.element,
      compare.compare.element,
      compare.history.element,
    ]),
  ]);
  loading.remove();
  // One <main> holds everything but the header (the playground or the gallery, whichever is
  // shown), so every part of the page is inside a landmark. Embed mode hides the header and
  // with it the page's <h1>: the main then has its own (read by screen readers only).
  const embedHeading = el('h1', { class: 'visually-hidden embed-heading', text: 'Descent' });
  root.replaceChildren(
    header.element,
    el('main', { class: 'page-main' }, [
      embedHeading,
      banner.element,
      resumeOffer.element,
      galleryView.element,
      layout,
      embedDialog.element,
    ]),
  );

  // ---- state → views
  let renderQueued = false;
  function requestRender(): void {
    if (renderQueued) return;
    renderQueued = true;
    requestAnimationFrame(render);
  }

  const record = (id: string) => training.record(id);
  // Every panel, in drawing order (see panel.ts for the cadences).
  const panels = new PanelRegistry();
  panels.add(
    { name: 'embed', cadence: 'state', update: (state) => applyEmbed(state) },
    panel('demo', demoPanel, 'state'),
    panel('problem form', problemPanel, 'state'),
    panel('runs form', runsPanel, 'state'),
    runCards,
    panel('toolbar', toolbar),
    panel('view', viewPanel),
    panel('charts', chartPanel),
    panel('demo plots', demoPlots),
    panel('diagnostics', diagnosticsPanel),
    { name: 'compare', update: (state) => compare.update(state) },
    panel('table', table, TABLE_INTERVAL_MS),
  );

  let renderedState: AppState | null = null;
  let renderTimer = 0;

  function render(): void {
    renderQueued = false;
    const state = store.get();
    const stateChanged = state !== renderedState;
    renderedState = state;
    const wait = panels.render(state, record, stateChanged, performance.now());
    // A throttled panel (the table) skipped now gets its render when it is due.
    if (wait !== null && renderTimer === 0) {
      renderTimer = window.setTimeout(() => {
        renderTimer = 0;
        requestRender();
      }, wait);
    }
  }

  function applyEmbed(state: AppState): void {
    document.body.classList.toggle('embed', state.embed.enabled);
    // The settings a locked embed keeps editable (read by the lesson tests).
    document.body.dataset.live = state.embed.locked ? (state.embed.live ?? []).join(',') : '';
    openFull.hidden = !state.embed.enabled;
    for (const element of root.querySelectorAll<HTMLElement>('[data-panel]')) {
      element.hidden =
        state.embed.enabled && state.embed.hide.includes(element.dataset.panel as never);
    }
  }

  // ---- state → validation, training, URL (debounced: sliders emit many changes)
  function applySettings(): void {
    applyTimer = 0;
    const state = store.get();
    const results = validateRuns(module, state);
    const unplaced = context.errors.show(scopedErrors(results));
    validationSummary.replaceChildren(
      ...unplaced.map((e) =>
        el('p', { class: 'field-error', text: `${e.field ? `${e.field}: ` : ''}${e.message}` }),
      ),
    );
    runCards.previews = schedulePreviews(module, results, runCards.previews);
    training.sync(state);
    requestRender();
  }

  let urlTimer = 0;
  let lastHash = location.hash;
  async function writeUrlNow(): Promise<void> {
    window.clearTimeout(urlTimer);
    // The gallery's address (#gallery) stays while it is open.
    if (galleryView.isOpen) return;
    const state = store.get();
    const hash = `#${await encodeState(state)}`;
    if (hash !== location.hash) {
      history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
    }
    lastHash = hash;
    if (state.embed.enabled) {
      // The full page, same setup, without the embed flags (query or hash).
      const full = await encodeState({
        ...state,
        embed: { enabled: false, hide: [], locked: false },
      });
      openFull.href = `${location.pathname}#${full}`;
    }
  }

  store.subscribe(() => {
    requestRender();
    window.clearTimeout(applyTimer);
    applyTimer = window.setTimeout(applySettings, APPLY_DELAY_MS);
    window.clearTimeout(urlTimer);
    urlTimer = window.setTimeout(() => void writeUrlNow(), URL_DELAY_MS);
  });
  training.onChange(requestRender);

  // A link pasted into the address bar of an open page.
  const showGallery = (open: boolean) => {
    if (open) galleryView.show();
    else galleryView.hide();
    layout.hidden = open;
  };
  window.addEventListener('hashchange', () => {
    if (location.hash === lastHash) return;
    lastHash = location.hash;
    showGallery(location.hash === '#gallery');
    if (location.hash === '#gallery') return;
    void initialState(module, banner, gallery, tables).then((state) => {
      store.set(state);
      training.reset(state);
    });
  });

  // Space toggles training when focus is not in a control.
  document.addEventListener('keydown', (event) => {
    if (event.key !== ' ' || event.repeat) return;
    const target = event.target as HTMLElement;
    if (target.closest('input, select, textarea, button, [contenteditable], dialog')) return;
    event.preventDefault();
    if (training.isPlaying) actions.pause();
    else actions.play();
  });

  installEmbedBridge({
    store,
    record,
    isPlaying: () => training.isPlaying,
    onTrainingChange: (listener) => training.onChange(listener),
    actions,
    openHash: (hash) => {
      location.hash = hash;
    },
  });
  if (location.hash === '#gallery') showGallery(true);

  applySettings();
  render();
  // The address bar always holds the current setup, from the first paint on.
  void writeUrlNow();
  void resumeOffer.offer();
}
