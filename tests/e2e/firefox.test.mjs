// The same numbers in a second engine: Debian's Firefox ESR (SpiderMonkey, driven by
// puppeteer-core over WebDriver BiDi). This is the documented Firefox subset of the browser
// tests: the page loads under its CSP and trains; every link fixture (tests/fixtures/links/)
// retrains in Firefox to the recorded metrics bit for bit (links.test.mjs does the same in
// Chromium); every gallery demo opens from its first link in Firefox, trains the core's configs
// and gives metric columns equal to a WASM run in Node's, bit for bit. Chromium is not run here:
// gallery.test.mjs asserts Chromium ≡ WASM in Node for every demo link, so Firefox ≡ Chromium
// follows by transitivity. Demos run to their end, except the long ones in PREFIX_ONLY, which
// train at least E2E_CROSS_STEPS (default 300) steps and are compared over the rows Firefox
// logged (the rows are logged at fixed steps).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadDescent } from '../wasm/load-module.mjs';
import { guardedPuppeteerPage } from './guard.mjs';
import { browserSuite, linkFixtures, out, everyRunAtLeast } from './harness.mjs';
import { assertDemoConfigs, assertSameAsNode, demoLinkConfigs } from './node-run.mjs';

const suite = browserSuite({ prefix: '/engines/', browsers: ['firefox'] });
const PREFIX_STEPS = Number(process.env.E2E_CROSS_STEPS ?? 300);
/** Demos that take tens of seconds in Firefox (and again in Node): compared over a prefix. */
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
  test(`${file}: Firefox retrains the link to the recorded metrics, bit for bit`, async () => {
    const { page, errors } = await firefoxPage(`#${fixture.link}`);
    await firefoxTrain(page, Infinity);
    const runs = (await firefoxExport(page)).runs;
    assert.deepEqual(errors, []);
    await page.close();
    assert.deepEqual(
      runs.map((r) => r.id),
      fixture.runs.map((r) => r.id),
    );
    runs.forEach((run, i) => {
      const expected = fixture.runs[i];
      assert.deepEqual(run.config, expected.config, `${run.id}: config`);
      assert.equal(run.status, expected.status, `${run.id}: status`);
      for (const [name, values] of Object.entries(expected.columns)) {
        assert.equal(
          JSON.stringify(run.columns[name]),
          JSON.stringify(values),
          `${run.id}: ${name}`,
        );
      }
    });
  });
}

test('every gallery demo: Firefox trains the demo configs and agrees with WASM in Node bit for bit', async () => {
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
  const coreDemos = JSON.parse(core.gallery());
  for (const { name } of coreDemos) {
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
    const runs = (await firefoxExport(ff.page)).runs;
    assert.deepEqual(ff.errors, [], `Firefox ${card.name}`);
    await ff.page.close();
    const ffMs = Date.now() - started;
    // The first link holds the demo's first group of runs (gallery.test.mjs checks every link).
    const source = coreDemos.find((d) => d.name === card.name);
    assertDemoConfigs(core, runs, demoLinkConfigs(source, 0), `Firefox ${card.name}`);
    for (const [i, run] of runs.entries()) {
      // Every row Firefox logged; where it stopped at the end, the status too.
      const ended = steps === Infinity;
      assertSameAsNode(core, run, `Firefox ${card.name} run ${i}`, { ended });
    }
    const rows = runs.map((r) => r.columns.step.at(-1)).join('/');
    console.log(
      `     ${card.name}: ${runs.length} runs to step ${rows} identical (Firefox ${ffMs} ms, with Node ${Date.now() - started} ms)`,
    );
  }
});
