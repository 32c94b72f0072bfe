// The same numbers in two engines: Debian's Firefox ESR (SpiderMonkey, driven by puppeteer-core
// over WebDriver BiDi) and Chromium (V8, playwright-core). This is the documented Firefox
// subset of the browser tests: the page loads under its CSP and trains; every link fixture
// (tests/fixtures/links/) retrains in both engines to the recorded metrics bit for bit; every
// gallery demo opens from its link in both and its metric columns equal each other's and a
// WASM run in Node's, bit for bit. Demos run to their end, except the long ones in
// PREFIX_ONLY, which train at least E2E_CROSS_STEPS (default 300) steps in each engine and
// are compared over the rows both engines logged (the rows are logged at fixed steps).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { trainLink } from '../fixtures/links/record.mjs';
import { loadDescent } from '../wasm/load-module.mjs';
import { guardedPage, guardedPuppeteerPage } from './guard.mjs';
import { browserSuite, linkFixtures, out, everyRunAtLeast } from './harness.mjs';

const suite = browserSuite({ prefix: '/engines/', browsers: ['chromium', 'firefox'] });
const PREFIX_STEPS = Number(process.env.E2E_CROSS_STEPS ?? 300);
/** Demos that take tens of seconds per engine: compared over a prefix of their steps. */
const PREFIX_ONLY = ['grokking_modular', 'softmax_collapse'];
/** E2E_CROSS_ONLY=name,name: only those demos (for a quick local run; CI runs every demo). */
const ONLY = (process.env.E2E_CROSS_ONLY ?? '').split(',').filter(Boolean);
const fixtures = linkFixtures();
const core = await loadDescent();

// ---- Firefox pages (puppeteer): the export is read from the Blob the page hands to
// URL.createObjectURL, since BiDi has no download events; the download itself is skipped.
function captureExports() {
  const blobs = [];
  Object.defineProperty(window, '__descentExports', { value: blobs });
  const create = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (object) => {
    if (object instanceof Blob) blobs.push(object);
    return create(object);
  };
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    if (!this.download) click.call(this);
  };
}

async function firefoxPage(path) {
  const page = await guardedPuppeteerPage(suite.firefox, suite.server.url, {
    viewport: { width: 1280, height: 900 },
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  await page.evaluateOnNewDocument(captureExports);
  await page.goto(`${suite.server.url}${path}`);
  await page.waitForSelector('.run-card', { timeout: 60_000 });
  return { page, errors };
}

const statuses = () =>
  [...document.querySelectorAll('.run-card .run-status')].map((c) => c.textContent ?? '');

/** Clicks Start and waits until every run has finished, or trained `steps` steps and paused. */
async function firefoxTrain(page, steps) {
  await page.click('.toolbar .play');
  await page.waitForFunction(everyRunAtLeast, { timeout: 240_000, polling: 200 }, steps);
  if (/Pause/.test(await page.$eval('.toolbar .play', (b) => b.textContent ?? ''))) {
    await page.click('.toolbar .play');
  }
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('.run-card .run-status')].every((c) =>
        /paused|done|diverged|failed|invalid/.test(c.textContent ?? ''),
      ),
    { timeout: 30_000, polling: 100 },
  );
}

async function firefoxExport(page) {
  await page.evaluate(() => (window.__descentExports.length = 0));
  await page.evaluate(() =>
    [...document.querySelectorAll('button')].find((b) => b.textContent === 'JSON').click(),
  );
  return JSON.parse(await page.evaluate(() => window.__descentExports.at(-1).text()));
}

// ---- Chromium pages (playwright).
async function chromiumTrain(path, steps) {
  const page = await guardedPage(suite.browser, suite.server.url, {
    viewport: { width: 1280, height: 900 },
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${suite.server.url}${path}`);
  await page.waitForSelector('.run-card', { timeout: 60_000 });
  await page.click('.toolbar .play');
  await page.waitForFunction(everyRunAtLeast, steps, { timeout: 240_000 });
  if (/Pause/.test((await page.textContent('.toolbar .play')) ?? '')) {
    await page.click('.toolbar .play');
  }
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.run-card .run-status')].every((c) =>
      /paused|done|diverged|failed|invalid/.test(c.textContent ?? ''),
    ),
  );
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'JSON', exact: true }).click(),
  ]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.deepEqual(errors, [], `Chromium ${path}`);
  await page.close();
  return exported.runs;
}

/** A WASM run in Node of `config` to `steps` steps: its metric columns as the export writes them. */
function nodeRun(config, steps) {
  const run = new core.Run(JSON.stringify(config));
  assert.ok(run.ok(), run.error());
  const columns = {};
  const take = () => {
    for (const [name, values] of Object.entries(run.takeMetrics())) {
      // Array.from: mapping a Float64Array in place would turn null back into 0.
      (columns[name] ??= []).push(...Array.from(values, (v) => (Number.isFinite(v) ? v : null)));
    }
  };
  take();
  while (run.status() === 'running' && run.currentStep() < steps) {
    run.step(Math.min(100, steps - run.currentStep()));
    take();
  }
  run.delete();
  return columns;
}

/** The first `rows` rows of every column, as JSON text (equal text means equal doubles). */
function prefix(columns, rows) {
  return Object.fromEntries(
    Object.entries(columns)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, values]) => [name, JSON.stringify(values.slice(0, rows))]),
  );
}

test('Firefox: the page loads under its CSP and trains the default runs', async () => {
  const { page, errors } = await firefoxPage('');
  await firefoxTrain(page, Infinity);
  const done = await page.evaluate(statuses);
  assert.ok(done.length >= 3 && done.every((s) => /done/.test(s)), done.join(' | '));
  await page.screenshot({ path: join(out, 'firefox-playground.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

for (const [file, fixture] of fixtures) {
  test(`${file}: Firefox and Chromium retrain the link to the recorded metrics, bit for bit`, async () => {
    const { page, errors } = await firefoxPage(`#${fixture.link}`);
    await firefoxTrain(page, Infinity);
    const fromFirefox = (await firefoxExport(page)).runs;
    assert.deepEqual(errors, []);
    await page.close();
    const fromChromium = (
      await trainLink(suite.browser, suite.server.url, fixture.link, guardedPage)
    ).runs;
    for (const [engine, runs] of [
      ['Firefox', fromFirefox],
      ['Chromium', fromChromium],
    ]) {
      assert.deepEqual(
        runs.map((r) => r.id),
        fixture.runs.map((r) => r.id),
      );
      runs.forEach((run, i) => {
        const expected = fixture.runs[i];
        assert.deepEqual(run.config, expected.config, `${engine} ${run.id}: config`);
        assert.equal(run.status, expected.status, `${engine} ${run.id}: status`);
        for (const [name, values] of Object.entries(expected.columns)) {
          assert.equal(
            JSON.stringify(run.columns[name]),
            JSON.stringify(values),
            `${engine} ${run.id}: ${name}`,
          );
        }
      });
    }
  });
}

test('every gallery demo: Firefox, Chromium and WASM in Node agree bit for bit', async () => {
  const { page, errors } = await firefoxPage('#gallery');
  await page.waitForSelector('.demo-card', { timeout: 60_000 });
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('.demo-open')].every((a) =>
        a.getAttribute('href')?.startsWith('#s2.'),
      ),
    { timeout: 30_000 },
  );
  const cards = await page.$$eval('.demo-card', (list) =>
    list.map((c) => ({
      name: c.getAttribute('data-demo-card'),
      href: c.querySelector('.demo-open')?.getAttribute('href'),
    })),
  );
  assert.deepEqual(errors, []);
  await page.close();
  const coreNames = JSON.parse(core.gallery()).map((d) => d.name);
  for (const name of coreNames) {
    assert.ok(
      cards.some((c) => c.name === name),
      `${name} is not listed in Firefox`,
    );
  }

  for (const card of cards.filter((c) => ONLY.length === 0 || ONLY.includes(c.name))) {
    const started = Date.now();
    const steps = PREFIX_ONLY.includes(card.name) ? PREFIX_STEPS : Infinity;
    const ff = await firefoxPage(card.href);
    await firefoxTrain(ff.page, steps);
    const fromFirefox = (await firefoxExport(ff.page)).runs;
    assert.deepEqual(ff.errors, [], `Firefox ${card.name}`);
    await ff.page.close();
    const ffMs = Date.now() - started;
    const fromChromium = await chromiumTrain(card.href, steps);
    assert.equal(fromFirefox.length, fromChromium.length, `${card.name}: run count`);
    for (const [i, run] of fromFirefox.entries()) {
      const other = fromChromium[i];
      const label = `${card.name} run ${i}`;
      assert.deepEqual(run.config, other.config, `${label}: config differs between engines`);
      if (steps === Infinity) assert.equal(run.status, other.status, `${label}: status`);
      // Where both engines stopped at the end, every row; otherwise the rows both logged.
      const rows = Math.min(run.columns.step.length, other.columns.step.length);
      assert.ok(rows > 1, `${label}: no rows`);
      if (steps === Infinity) assert.equal(run.columns.step.length, other.columns.step.length);
      assert.deepEqual(prefix(run.columns, rows), prefix(other.columns, rows), `${label}: engines`);
      const expected = nodeRun(run.config, run.columns.step.at(-1));
      const firefoxRows = run.columns.step.length;
      assert.equal(expected.step.length, firefoxRows, `${label}: rows against Node`);
      for (const [name, values] of Object.entries(expected)) {
        assert.equal(
          JSON.stringify(run.columns[name]),
          JSON.stringify(values),
          `${label}: ${name} differs from WASM in Node`,
        );
      }
    }
    const rows = fromFirefox.map((r) => r.columns.step.at(-1)).join('/');
    console.log(
      `     ${card.name}: ${fromFirefox.length} runs to step ${rows} identical (Firefox ${ffMs} ms, both ${Date.now() - started} ms)`,
    );
  }
});
