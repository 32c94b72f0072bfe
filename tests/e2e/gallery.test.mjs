// The gallery in headless Chromium: the gallery view lists every demo of the core's gallery
// (read here from the same WASM build in Node), and every demo opens from each of its links in
// a fresh browser context, trains to its conclusion in under a minute (timed), trains exactly
// the core's configs for that link, and exports metrics equal to a WASM-in-Node run of those
// configs bit for bit, every column and row. E2E_GALLERY_FULL=name,name: only those demos
// (default: every demo of the core). Each link is trained once here; firefox.test.mjs checks
// Firefox against WASM in Node the same way, so the two engines agree by transitivity.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { loadDescent } from '../wasm/load-module.mjs';
import { guardedContext } from './guard.mjs';
import { browserSuite, collectProblems, out, waitForRunsToEnd } from './harness.mjs';
import { assertDemoConfigs, assertSameAsNode, demoLinkConfigs } from './node-run.mjs';

const suite = browserSuite({ prefix: '/gallery/sub/' });

const FULL_LIMIT_MS = Number(process.env.E2E_GALLERY_FULL_MS ?? 60_000);
// The core's demos: the one list of demos, which the page lists as it is.
const core = await loadDescent();
const coreDemos = JSON.parse(core.gallery());
const fullNames = (process.env.E2E_GALLERY_FULL ?? '').split(',').filter(Boolean);

/** The demos trained: every demo of the core, unless E2E_GALLERY_FULL names others. */
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

test('every demo, from each of its links, runs to its conclusion in under a minute and matches WASM in Node bit for bit', async () => {
  assert.ok(cards.length > 0, 'the gallery test found no demos');
  const names = fullNames.length > 0 ? fullNames : DEFAULT_FULL;
  const chosen = cards.filter((c) => names.includes(c.name));
  assert.ok(chosen.length >= Math.min(2, names.length), `not listed: ${names.join(', ')}`);
  for (const card of chosen) {
    const source = coreDemos.find((d) => d.name === decodeLink(card.hrefs[0]).demo);
    assert.ok(source, `${card.name}: the link names no demo of the core`);
    assert.equal(card.hrefs.length, source.share.groups.length, `${card.name}: one link a group`);
    for (const [i, href] of card.hrefs.entries()) {
      const name = card.hrefs.length > 1 ? `${card.name}-${i + 1}` : card.name;
      const { context, page, problems } = await freshPage();
      await page.goto(`${suite.server.url}${href}`);
      await page.waitForSelector('.demo-panel .demo-claim', { timeout: 60_000 });
      assert.equal(await page.textContent('.demo-panel .demo-claim'), card.claim, name);
      const started = Date.now();
      await trainToEnd(page, FULL_LIMIT_MS + 60_000);
      const ms = Date.now() - started;
      assert.ok(ms < FULL_LIMIT_MS, `${name} took ${ms} ms`);
      await page.waitForTimeout(600);
      await page.screenshot({ path: join(out, `demo-${name}.png`), fullPage: true });
      const runs = await exportedRuns(page);
      // The page trains the core's configs for this link, and its metrics are the core's, bit
      // for bit, as a WASM run in Node of each config to the same step gives them.
      assertDemoConfigs(core, runs, demoLinkConfigs(source, i), name);
      for (const [r, run] of runs.entries()) {
        assertSameAsNode(core, run, `${name} run ${r}`, { ended: true });
      }
      console.log(`     ${name}: to the end in ${ms} ms, ${runs.length} runs identical`);
      assert.deepEqual(problems, [], name);
      await context.close();
    }
  }
});
