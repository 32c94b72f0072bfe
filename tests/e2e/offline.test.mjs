// Offline use in headless Chromium: the built page registers its service worker (dist/sw.js),
// which caches every file of the build. Then the network goes away (the context goes offline
// and the server is shut down): a reload still opens the page and trains, a new tab opens a
// demo and the lesson page. A new build (a different version in sw.js) replaces the cache.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { guardedContext, launchChromium } from './guard.mjs';
import { serveStatic } from './static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const web = resolve(here, '../../web');
const { chromium } = createRequire(join(web, 'package.json'))('playwright-core');
const dist = process.env.E2E_DIST ?? join(web, 'dist');
let browser;
let copy;

before(async () => {
  assert.ok(existsSync(join(dist, 'sw.js')), `${dist}/sw.js is missing: npm run build`);
  // A private copy of the site: the second test changes its sw.js as a new build would.
  copy = mkdtempSync(join(tmpdir(), 'descent-offline-'));
  cpSync(dist, copy, { recursive: true });
  browser = await launchChromium(chromium);
});

after(async () => {
  await browser?.close();
  if (copy) rmSync(copy, { recursive: true, force: true });
});

/** The manifest written into a built sw.js. */
function manifestOf(root) {
  const source = readFileSync(join(root, 'sw.js'), 'utf8');
  const match = /const MANIFEST = (\{.*?\});\n/s.exec(source);
  assert.ok(match, 'no manifest in sw.js');
  return JSON.parse(match[1]);
}

/** Opens the page, waits until the service worker controls it and has cached the build. */
async function openControlled(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('.run-card', { timeout: 60_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: 30_000,
  });
  return { page, errors };
}

function cacheState(page) {
  return page.evaluate(async () => {
    const names = await caches.keys();
    const sizes = await Promise.all(
      names.map(async (n) => (await (await caches.open(n)).keys()).length),
    );
    return names.map((name, i) => ({ name, entries: sizes[i] }));
  });
}

async function trains(page) {
  await page.getByRole('button', { name: /Start/ }).click();
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('.run-card .run-status')].every((c) =>
        /done/.test(c.textContent ?? ''),
      ),
    null,
    { timeout: 60_000 },
  );
}

test('after one visit, the page reloads, trains and opens new tabs with no network', async () => {
  const manifest = manifestOf(copy);
  assert.ok(
    manifest.files.some((f) => f.url === 'wasm/descent.wasm'),
    'the core is not cached',
  );
  assert.ok(
    manifest.files.some((f) => f.url === 'lesson.html'),
    'the lesson is not cached',
  );
  const server = await serveStatic(copy, '/offline/');
  const context = await guardedContext(browser, server.url, {
    viewport: { width: 1280, height: 900 },
  });
  const { page, errors } = await openControlled(context, server.url);
  assert.deepEqual(await cacheState(page), [
    { name: `descent-${manifest.version}`, entries: manifest.files.length },
  ]);

  // No network at all: the browser is offline and the server is gone.
  await context.setOffline(true);
  await server.close();
  await page.reload();
  await page.waitForSelector('.run-card', { timeout: 60_000 });
  await trains(page);

  const tab = await context.newPage();
  tab.on('pageerror', (e) => errors.push(e.message));
  await tab.goto(`${server.url}#demo=momentum-valley`);
  await tab.waitForSelector('.demo-panel .demo-claim, .run-card', { timeout: 60_000 });
  await trains(tab);
  await tab.goto(`${server.url}lesson.html`);
  const frame = await (await tab.waitForSelector('#demo-2')).contentFrame();
  await frame.waitForSelector('.run-card', { timeout: 60_000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a new build (a new sw.js version) replaces the cached files', async () => {
  const server = await serveStatic(copy, '/offline/');
  const context = await guardedContext(browser, server.url, {
    viewport: { width: 1280, height: 900 },
  });
  const old = manifestOf(copy);
  const { page } = await openControlled(context, server.url);
  assert.deepEqual(
    (await cacheState(page)).map((c) => c.name),
    [`descent-${old.version}`],
  );
  // What a rebuild with one changed file produces: the same worker with another version.
  const source = readFileSync(join(copy, 'sw.js'), 'utf8');
  const next = 'feedfacefeedface';
  writeFileSync(
    join(copy, 'sw.js'),
    source.replace(`"version":"${old.version}"`, `"version":"${next}"`),
  );
  assert.equal(manifestOf(copy).version, next);
  await page.reload();
  await page.waitForFunction(
    async (name) => {
      const names = await caches.keys();
      return names.length === 1 && names[0] === name;
    },
    `descent-${next}`,
    { timeout: 30_000, polling: 250 },
  );
  await context.close();
  await server.close();
});
