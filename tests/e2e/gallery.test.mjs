// The gallery in headless Chromium: the gallery view lists every demo of the core's gallery
// (read here from the same WASM build in Node), each demo opens from its own link in a fresh
// browser context, and its metrics match a WASM-in-Node run of the demo's configs bit for bit.
// Every demo runs to a short fixed step count (E2E_GALLERY_STEPS, default 60); the demos in
// E2E_GALLERY_FULL (default: three of them) run to their conclusion, timed, in under a minute.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { loadDescent, runToEnd } from '../wasm/load-module.mjs';
import { guardedContext } from './guard.mjs';
import { serveStatic } from './static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const web = resolve(here, '../../web');
const require = createRequire(join(web, 'package.json'));
const { chromium } = require('playwright-core');

const out = process.env.E2E_OUT ?? '/tmp/descent-e2e';
const dist = process.env.E2E_DIST ?? join(web, 'dist');
const SHORT_STEPS = Number(process.env.E2E_GALLERY_STEPS ?? 60);
const FULL_LIMIT_MS = Number(process.env.E2E_GALLERY_FULL_MS ?? 60_000);
// A core without the gallery binding has nothing to test here (the skip names why).
const core = await loadDescent();
const skip = typeof core.gallery === 'function' ? false : 'this core build has no gallery()';
let server;
let browser;
let demos = [];
let fullNames = [];

before(async () => {
  if (skip) return;
  assert.ok(existsSync(join(dist, 'index.html')), `${dist} is missing: npm run build`);
  await mkdir(out, { recursive: true });
  const gallery = JSON.parse(core.gallery());
  demos = Array.isArray(gallery) ? gallery : gallery.demos;
  fullNames = (process.env.E2E_GALLERY_FULL ?? '').split(',').filter(Boolean);
  if (fullNames.length === 0)
    fullNames = DEFAULT_FULL.filter((n) => demos.some((d) => d.name === n));
  server = await serveStatic(dist, '/gallery/sub/');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Demos run fully by default: cheap ones that still reach their conclusion. */
const DEFAULT_FULL = ['too-high-lr', 'momentum-valley', 'edge-of-stability'];

// The page's state link, `#s1.<base64url(deflate-raw(JSON))>`, decoded and re-encoded here
// independently of the page's code.
function decodeLink(hash) {
  const text = hash.replace(/^#?s1\./, '');
  const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return JSON.parse(inflateRawSync(bytes).toString('utf8'));
}
function encodeLink(state) {
  const b64 = deflateRawSync(Buffer.from(JSON.stringify(state), 'utf8')).toString('base64');
  return `#s1.${b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

async function freshPage() {
  // The shared origin guard (guard.mjs) fails the test on any request outside the origin.
  const context = await guardedContext(browser, server.url, {
    viewport: { width: 1440, height: 1000 },
  });
  const page = await context.newPage();
  const problems = [];
  const origin = new URL(server.url).origin;
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      problems.push(`outside request: ${url}`);
    }
  });
  return { context, page, problems };
}

async function trainToEnd(page, timeout) {
  await page.getByRole('button', { name: /Start/ }).click();
  await page.waitForFunction(
    () => {
      const cells = [...document.querySelectorAll('.comparison .status')];
      return (
        cells.length > 0 &&
        cells.every((c) => /done|diverged|failed|invalid/.test(c.textContent ?? ''))
      );
    },
    null,
    { timeout },
  );
}

async function exportedRuns(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'JSON', exact: true }).click(),
  ]);
  return JSON.parse(await readFile(await download.path(), 'utf8')).runs;
}

/** The demo links as the gallery view shows them (its Open links hold the full state). */
let links = new Map();

test(
  'the gallery view lists every demo of the core with its claim and paper',
  { skip },
  async () => {
    const { context, page, problems } = await freshPage();
    await page.goto(`${server.url}#gallery`);
    await page.waitForSelector('.demo-card', { timeout: 60_000 });
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.demo-open')].every((a) =>
        a.getAttribute('href')?.startsWith('#s1.'),
      ),
    );
    const cards = await page.$$eval('.demo-card', (cards) =>
      cards.map((c) => ({
        name: c.getAttribute('data-demo-card'),
        title: c.querySelector('.demo-title')?.textContent,
        claim: c.querySelector('.demo-claim')?.textContent,
        paper: c.querySelector('.citation')?.textContent,
        href: c.querySelector('.demo-open')?.getAttribute('href'),
      })),
    );
    assert.deepEqual(
      cards.map((c) => c.name),
      demos.map((d) => d.name),
    );
    for (const [i, card] of cards.entries()) {
      assert.equal(card.title, demos[i].title);
      assert.equal(card.claim, demos[i].claim);
      assert.ok(card.paper.includes(demos[i].paper.title), `${card.name}: paper not cited`);
      links.set(card.name, card.href);
    }
    await page.screenshot({ path: join(out, 'gallery.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  },
);

test(
  'each demo opens from its link in a fresh browser and matches WASM in Node bit for bit',
  { skip },
  async () => {
    assert.ok(links.size > 0, 'the gallery test found no links');
    for (const demo of demos) {
      const state = decodeLink(links.get(demo.name));
      assert.equal(state.demo, demo.name);
      const steps = Math.min(state.steps, SHORT_STEPS);
      const short = encodeLink({ ...state, steps });
      const { context, page, problems } = await freshPage();
      await page.goto(`${server.url}${short}`);
      await page.waitForSelector('.demo-panel .demo-claim', { timeout: 60_000 });
      assert.equal(await page.textContent('.demo-panel .demo-claim'), demo.claim);
      const started = Date.now();
      await trainToEnd(page, 120_000);
      const ms = Date.now() - started;
      const runs = await exportedRuns(page);
      assert.equal(runs.length, demo.runs.length, `${demo.name}: run count`);
      for (const [i, run] of runs.entries()) {
        const source = demo.runs[i].config ?? demo.runs[i];
        const expected = runToEnd(core, { ...source, steps });
        for (const [name, values] of Object.entries(expected.columns)) {
          const asJson = values.map((v) => (Number.isFinite(v) ? v : null));
          assert.deepEqual(
            run.columns[name],
            asJson,
            `${demo.name} run ${i}: column ${name} differs`,
          );
        }
        assert.equal(run.status, expected.status === 'diverged' ? 'diverged' : 'ok');
      }
      console.log(`     ${demo.name}: ${steps} steps in ${ms} ms, ${runs.length} runs identical`);
      assert.deepEqual(problems, [], demo.name);
      await context.close();
    }
  },
);

test('some demos run to their conclusion in under a minute', { skip }, async () => {
  assert.ok(fullNames.length > 0, 'no demo chosen to run fully');
  for (const name of fullNames) {
    const { context, page, problems } = await freshPage();
    await page.goto(`${server.url}${links.get(name)}`);
    await page.waitForSelector('.run-card', { timeout: 60_000 });
    const started = Date.now();
    await trainToEnd(page, FULL_LIMIT_MS + 60_000);
    const ms = Date.now() - started;
    console.log(`     ${name}: to the end in ${ms} ms`);
    assert.ok(ms < FULL_LIMIT_MS, `${name} took ${ms} ms`);
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(out, `demo-${name}.png`), fullPage: true });
    assert.deepEqual(problems, [], name);
    await context.close();
  }
});
