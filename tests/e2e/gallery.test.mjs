// The gallery in headless Chromium: the gallery view lists every demo of the core's gallery
// (read here from the same WASM build in Node), each demo opens from its own link in a fresh
// browser context, and its metrics match a WASM-in-Node run of the demo's configs bit for bit.
// Every demo trains to at least E2E_GALLERY_STEPS steps (default 60) and pauses; the demos in
// E2E_GALLERY_FULL (default: every demo of the core, from each of its links) run
// to their conclusion, timed, in under a minute.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { loadDescent } from '../wasm/load-module.mjs';
import { guardedContext } from './guard.mjs';
import {
  browserSuite,
  collectProblems,
  out,
  waitForRunsToEnd,
  everyRunAtLeast,
} from './harness.mjs';

const suite = browserSuite({ prefix: '/gallery/sub/' });

const SHORT_STEPS = Number(process.env.E2E_GALLERY_STEPS ?? 60);
const FULL_LIMIT_MS = Number(process.env.E2E_GALLERY_FULL_MS ?? 60_000);
// The core's demos: the one list of demos, which the page lists as it is.
const core = await loadDescent();
const coreDemos = JSON.parse(core.gallery());
const fullNames = (process.env.E2E_GALLERY_FULL ?? '').split(',').filter(Boolean);

/** Demos run fully: every demo of the core, unless E2E_GALLERY_FULL names others. */
const DEFAULT_FULL = coreDemos.map((d) => d.name);

// The page's state link, `#s<version>.<base64url(deflate-raw(JSON))>`, decoded and re-encoded here
// independently of the page's code.
function decodeLink(hash) {
  const text = hash.replace(/^#?s\d+\./, '');
  const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return JSON.parse(inflateRawSync(bytes).toString('utf8'));
}

async function freshPage() {
  // guardedContext: the shared origin check (guard.mjs) fails the test on any foreign request.
  const context = await guardedContext(suite.browser, suite.server.url, {
    viewport: { width: 1440, height: 1000 },
  });
  const page = await context.newPage();
  const problems = collectProblems(page, { origin: new URL(suite.server.url).origin });
  return { context, page, problems };
}

async function trainToEnd(page, timeout) {
  await page.getByRole('button', { name: /Start/ }).click();
  await waitForRunsToEnd(page, timeout);
}

async function exportedRuns(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'JSON', exact: true }).click(),
  ]);
  return JSON.parse(await readFile(await download.path(), 'utf8')).runs;
}

/** The demos as the gallery view lists them, with their Open links (the full state). */
let cards = [];

/** A config as the core normalises it (every default filled in), for comparing configs. */
function normalised(config) {
  const result = JSON.parse(core.validate(JSON.stringify(config)));
  assert.ok(result.ok, JSON.stringify(result.errors));
  return result.config;
}

test('the gallery view lists every demo of the core with its claim and paper', async () => {
  const { context, page, problems } = await freshPage();
  await page.goto(`${suite.server.url}#gallery`);
  await page.waitForSelector('.demo-card', { timeout: 60_000 });
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.demo-open')].every((a) =>
      /^#s\d+\./.test(a.getAttribute('href') ?? ''),
    ),
  );
  cards = await page.$$eval('.demo-card', (list) =>
    list.map((c) => ({
      name: c.getAttribute('data-demo-card'),
      title: c.querySelector('.demo-title')?.textContent,
      claim: c.querySelector('.demo-claim')?.textContent,
      paper: c.querySelector('.citation')?.textContent,
      hrefs: [...c.querySelectorAll('.demo-open')].map((a) => a.getAttribute('href')),
    })),
  );
  assert.ok(cards.length >= 7, `only ${cards.length} demos listed`);
  // Every core demo is listed, in the core's order, with its own words and paper, and
  // nothing else (the page has no demos of its own).
  assert.deepEqual(
    cards.map((c) => c.name),
    coreDemos.map((d) => d.name),
  );
  for (const [i, demo] of coreDemos.entries()) {
    assert.equal(cards[i].title, demo.title);
    assert.equal(cards[i].claim, demo.claim);
    assert.ok(cards[i].paper.includes(demo.paper.title), `${demo.name}: paper not cited`);
  }
  for (const card of cards) assert.ok(card.paper.length > 10, `${card.name}: no paper`);
  await page.screenshot({ path: join(out, 'gallery.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('sgd_stability_batch opens as one page: its four batch sizes on one chart', async () => {
  const card = cards.find((c) => c.name === 'sgd_stability_batch');
  assert.ok(card, 'sgd_stability_batch is not listed');
  assert.equal(card.hrefs.length, 1, 'one link, not one per batch size');
  const state = decodeLink(card.hrefs[0]);
  // The first run's batch size (0: full) is the page's; the others are the runs' own.
  assert.equal(state.batchSize, 0);
  assert.deepEqual(
    state.runs.map((r) => r.batchSize),
    [undefined, 32, 8, 2],
  );
  const { context, page, problems } = await freshPage();
  await page.goto(`${suite.server.url}#demo=sgd_stability_batch`);
  await page.waitForSelector('.demo-panel .demo-claim', { timeout: 60_000 });
  assert.equal(await page.locator('.run-card').count(), 4);
  // The three runs with their own batch size show it on their card, editable.
  const own = await page.$$eval('.run-card .own-batch input[type="number"]', (inputs) =>
    inputs.map((i) => Number(i.value)),
  );
  assert.deepEqual(own, [32, 8, 2]);
  assert.deepEqual(problems, []);
  await context.close();
});

/** Trains until every run has done at least `steps` steps (or finished), then pauses. */
async function trainAtLeast(page, steps, timeout) {
  await page.getByRole('button', { name: /Start/ }).click();
  await page.waitForFunction(everyRunAtLeast, steps, { timeout });
  // Short demos may have finished already (the button then says Start again).
  const play = page.locator('.toolbar .play');
  if (/Pause/.test((await play.textContent()) ?? '')) await play.click();
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.run-card .run-status')].every((c) =>
      /paused|done|diverged|failed|invalid/.test(c.textContent ?? ''),
    ),
  );
}

/** A WASM run in Node of `config` up to `steps` steps: its metric columns. */
function nodeRun(config, steps) {
  const run = new core.Run(JSON.stringify(config));
  assert.ok(run.ok(), run.error());
  const columns = {};
  const take = () => {
    for (const [name, values] of Object.entries(run.takeMetrics())) {
      (columns[name] ??= []).push(...values);
    }
  };
  take();
  while (run.status() === 'running' && run.currentStep() < steps) {
    run.step(Math.min(100, steps - run.currentStep()));
    take();
  }
  const status = run.status();
  run.delete();
  return { columns, status };
}

test('each demo opens from its link in a fresh browser and matches WASM in Node bit for bit', async () => {
  assert.ok(cards.length > 0, 'the gallery test found no demos');
  for (const card of cards) {
    const state = decodeLink(card.hrefs[0]);
    const source = coreDemos.find((d) => d.name === state.demo);
    const { context, page, problems } = await freshPage();
    await page.goto(`${suite.server.url}${card.hrefs[0]}`);
    await page.waitForSelector('.demo-panel .demo-claim', { timeout: 60_000 });
    assert.equal(await page.textContent('.demo-panel .demo-claim'), card.claim);
    const started = Date.now();
    await trainAtLeast(page, SHORT_STEPS, 120_000);
    const ms = Date.now() - started;
    const runs = await exportedRuns(page);
    for (const [i, run] of runs.entries()) {
      // The page trains the demo's own configs (the core's, when the core defines the demo)...
      if (source && card.hrefs.length === 1) {
        assert.deepEqual(
          normalised(run.config),
          normalised(source.runs[i].config ?? source.runs[i]),
          `${card.name} run ${i}: config differs from the core's demo`,
        );
      }
      // ...and its metrics are the core's, bit for bit, as a WASM run in Node to the same
      // step gives them (rows are logged at fixed steps, so the last logged step is enough).
      const steps = run.columns.step.at(-1);
      const expected = nodeRun(run.config, steps);
      assert.ok(run.columns.step.length > 1, `${card.name} run ${i}: no rows`);
      for (const [name, values] of Object.entries(expected.columns)) {
        const asJson = values.map((v) => (Number.isFinite(v) ? v : null));
        assert.deepEqual(run.columns[name], asJson, `${card.name} run ${i}: ${name} differs`);
      }
    }
    console.log(
      `     ${card.name}: ≥ ${SHORT_STEPS} steps in ${ms} ms, ${runs.length} runs identical`,
    );
    assert.deepEqual(problems, [], card.name);
    await context.close();
  }
});

test('every demo runs to its conclusion in under a minute, from each of its links', async () => {
  const names = fullNames.length > 0 ? fullNames : DEFAULT_FULL;
  const chosen = cards.filter((c) => names.includes(c.name));
  assert.ok(chosen.length >= Math.min(2, names.length), `not listed: ${names.join(', ')}`);
  for (const card of chosen) {
    for (const [i, href] of card.hrefs.entries()) {
      const { context, page, problems } = await freshPage();
      await page.goto(`${suite.server.url}${href}`);
      await page.waitForSelector('.run-card', { timeout: 60_000 });
      const started = Date.now();
      await trainToEnd(page, FULL_LIMIT_MS + 60_000);
      const ms = Date.now() - started;
      const name = card.hrefs.length > 1 ? `${card.name}-${i + 1}` : card.name;
      console.log(`     ${name}: to the end in ${ms} ms`);
      assert.ok(ms < FULL_LIMIT_MS, `${name} took ${ms} ms`);
      await page.waitForTimeout(600);
      await page.screenshot({ path: join(out, `demo-${name}.png`), fullPage: true });
      assert.deepEqual(problems, [], name);
      await context.close();
    }
  }
});
