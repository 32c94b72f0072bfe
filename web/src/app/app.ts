// Assembles the page: loads the core, decides the initial state (link, else defaults), builds
// the panels and wires state → forms/URL/training and training → charts. Side effects live
// here and in the views; everything it calls into is small and mostly pure.
import { byName, parseCatalog } from '../core/catalog';
import type { Catalog, DescentModule } from '../core/descent-module';
import { errorText, loadDescentModule, moduleUrl } from '../core/load-module';
import { FieldErrors } from '../forms/field-errors';
import { ProblemPanel } from '../forms/problem-panel';
import { RunsPanel } from '../forms/runs-panel';
import { parseDemoHash } from '../gallery/demo-link';
import { DemoPanel } from '../gallery/demo-panel';
import { DemoPlots } from '../gallery/demo-plots';
import { loadGallery, type Gallery } from '../gallery/gallery';
import { GalleryView } from '../gallery/gallery-view';
import { installEmbedBridge } from '../embed/host-bridge';
import { parseEmbedQuery } from '../share/embed-query';
import { decodeState, encodeState } from '../share/link';
import { defaultState } from '../state/defaults';
import { StateStore } from '../state/store';
import type { AppState } from '../state/types';
import { el } from '../util/dom';
import { timed } from '../util/timing';
import { WorkerPool, poolSize } from '../worker/pool';
import { TableService } from '../table/table-service';
import { Banner } from '../views/banner';
import { BoundaryView } from '../views/boundary-view';
import { ChartPanel } from '../views/chart-panel';
import { ComparisonTable } from '../views/comparison-table';
import { DiagnosticsPanel } from '../views/diagnostics-panel';
import { EmbedDialog } from '../views/embed-dialog';
import { FunctionView } from '../views/function-view';
import { Header } from '../views/header';
import { statusText } from '../views/run-status';
import { Toolbar } from '../views/toolbar';
import { registerChartParts } from '../charts/setup';
import type { AppContext } from './context';
import { exportCsv, exportJson, importJson } from './file-actions';
import { installTestHooks } from './test-hooks';
import { TrainingController } from './training-controller';
import { setupCompare } from './compare-wiring';
import { scopedErrors, validateRuns, type RunValidation } from './validation';

/** Settings changes are validated and applied to training after this quiet period. */
const APPLY_DELAY_MS = 150;
const URL_DELAY_MS = 400;
const TABLE_INTERVAL_MS = 250;

function withEmbedQuery(state: AppState): AppState {
  const query = parseEmbedQuery(location.search);
  return { ...state, embed: { ...state.embed, ...query } };
}

/** The link's state if it is readable and the core accepts every run; else defaults + why. */
async function initialState(
  module: DescentModule,
  banner: Banner,
  gallery: Gallery,
  tables: TableService,
): Promise<AppState> {
  // `#demo=<name>` (and old `#preset=<id>`) open a gallery demo; `#gallery` keeps the state.
  const short = parseDemoHash(location.hash, gallery);
  if (short.kind === 'error') {
    banner.show(`${short.message} Showing the default setup instead.`);
    return withEmbedQuery(defaultState());
  }
  if (short.kind === 'gallery') return withEmbedQuery(defaultState());
  const decoded =
    short.kind === 'demo'
      ? { kind: 'ok' as const, state: short.state }
      : await decodeState(location.hash);
  if (decoded.kind === 'error') {
    banner.show(`${decoded.message} Showing the default setup instead.`);
    return withEmbedQuery(defaultState());
  }
  if (decoded.kind === 'empty') return withEmbedQuery(defaultState());
  // A link on a user's table: the table inside the link, or kept in this browser, or asked
  // for (the Problem panel checks the file against the link's SHA-256 before anything trains).
  const table = decoded.state.problem.table;
  if (table) {
    const ensured = await tables.ensure(table);
    if (ensured.kind === 'error') {
      banner.show(`${ensured.message}. Showing the default setup instead.`, 'error');
      return withEmbedQuery(defaultState());
    }
    if (ensured.kind === 'missing') {
      banner.show(
        `This link trains on the table “${table.file}”, named by its SHA-256. Choose that file in the Problem panel to continue.`,
        'info',
      );
      return withEmbedQuery(decoded.state);
    }
    tables.syncEntry(table, decoded.state.problem.params.test_fraction);
  }
  const problems = validateRuns(module, decoded.state).flatMap((result) => {
    const run = decoded.state.runs.find((r) => r.id === result.runId);
    return result.errors.map(
      (e) => `${run?.name ?? result.runId}: ${e.field ? `${e.field}: ` : ''}${e.message}`,
    );
  });
  if (problems.length > 0) {
    banner.show(
      'This link’s settings were refused by the training core. Showing the default setup instead.',
      'error',
      problems,
    );
    return withEmbedQuery(defaultState());
  }
  return withEmbedQuery(decoded.state);
}

export async function startApp(root: HTMLElement): Promise<void> {
  const banner = new Banner();
  const loading = el('p', { class: 'loading', text: 'Loading the training core…' });
  root.replaceChildren(banner.element, loading);

  let module: DescentModule;
  let catalog: Catalog;
  try {
    module = await loadDescentModule(moduleUrl(document.baseURI));
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
  const functionView = new FunctionView(context, () => requestRender());
  const boundaryView = new BoundaryView(context, training, () => requestRender());
  const chartPanel = new ChartPanel(context, () => requestRender());
  const table = new ComparisonTable(context);
  const embedDialog = new EmbedDialog();
  const validationSummary = el('div', {
    class: 'validation-summary',
    attrs: { 'aria-live': 'polite' },
  });
  const viewNote = el('p', { class: 'hint' });
  const viewHeading = el('h2', { text: 'Landscape' });

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
    pause: () => training.pause(),
    step: () => {
      flushSettings();
      training.step(store.get());
    },
    reset: () => {
      flushSettings();
      training.reset(store.get());
    },
  };
  const toolbar = new Toolbar(training, actions);
  const files = { store, training, module, banner };
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

  const viewPanel = el(
    'section',
    {
      class: 'panel view-panel',
      attrs: { 'data-panel': 'view', 'aria-label': 'Landscape or decision boundary' },
    },
    [viewHeading, functionView.element, boundaryView.element, viewNote],
  );
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
      el('div', { class: 'top-row' }, [viewPanel, table.element]),
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
  let previews = new Map<string, { key: string; values: Float64Array | null }>();

  let renderedState: AppState | null = null;
  let tableUpdatedAt = 0;
  let tableTimer = 0;

  function render(): void {
    renderQueued = false;
    const state = store.get();
    // Forms only change with the state; training progress alone must not touch them.
    const stateChanged = state !== renderedState;
    renderedState = state;
    if (stateChanged) {
      applyEmbed(state);
      demoPanel.update(state);
      timed('forms', () => {
        problemPanel.update(state);
        runsPanel.update(state);
      });
    }
    for (const run of state.runs) {
      const card = runsPanel.card(run.id);
      if (!card) continue;
      const status = statusText(training.record(run.id));
      card.setStatus(status.text, status.kind);
      card.setRecord(training.record(run.id));
      const preview = previews.get(run.id);
      card.setSchedulePreview(preview?.key ?? '', preview?.values ?? null, run.color);
    }
    toolbar.update(state, record);
    const isFunction = state.problem.kind === 'function';
    const plane = !isFunction && Boolean(byName(catalog.datasets, state.problem.name)?.plane);
    functionView.element.hidden = !isFunction;
    boundaryView.element.hidden = !plane;
    // Without a picture to show, the panel would only hold a note: give the space to the table.
    const showView =
      (isFunction || plane) && !(state.embed.enabled && state.embed.hide.includes('view'));
    if (viewPanel.hidden === showView) viewPanel.hidden = !showView;
    viewHeading.textContent = isFunction ? 'Landscape' : plane ? 'Decision boundary' : 'Data set';
    viewNote.textContent = isFunction
      ? 'Colour: log f. ★ minimum, ○ start, lines: each run’s path. Tap or click the map (or focus it and use the arrow keys) to move the start.'
      : plane
        ? ''
        : 'This data set has more than two input features, so there is no picture of the boundary: follow the charts and the table.';
    if (isFunction) timed('function view', () => functionView.draw(state, record));
    else if (plane) timed('boundary view', () => boundaryView.draw(state, record));
    timed('charts', () => chartPanel.update(state, record));
    timed('demo plots', () => demoPlots.update(state, record));
    timed('diagnostics', () => diagnosticsPanel.update(state, record));
    timed('compare', () => compare.update(state));
    // The table is text for reading, not animation: a few updates a second is plenty, and
    // rebuilding it at frame rate costs layout on the main thread.
    const now = performance.now();
    if (stateChanged || now - tableUpdatedAt >= TABLE_INTERVAL_MS) {
      tableUpdatedAt = now;
      timed('table', () => table.update(state, record));
    } else if (tableTimer === 0) {
      tableTimer = window.setTimeout(() => {
        tableTimer = 0;
        requestRender();
      }, TABLE_INTERVAL_MS);
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
    previews = schedulePreviews(module, results, previews);
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
}

function schedulePreviews(
  module: DescentModule,
  results: readonly RunValidation[],
  previous: Map<string, { key: string; values: Float64Array | null }>,
): Map<string, { key: string; values: Float64Array | null }> {
  const next = new Map<string, { key: string; values: Float64Array | null }>();
  for (const result of results) {
    const key = result.normalized ?? 'invalid';
    const old = previous.get(result.runId);
    if (old && old.key === key) {
      next.set(result.runId, old);
      continue;
    }
    let values: Float64Array | null = null;
    if (result.normalized) {
      try {
        values = new Float64Array(module.schedulePreview(result.normalized));
      } catch {
        values = null;
      }
    }
    next.set(result.runId, { key, values });
  }
  return next;
}
