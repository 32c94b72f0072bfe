// What every end-to-end file sets up the same way: the built page (web/dist, or $E2E_DIST)
// served by the static server at a path of the file's choosing, a headless browser (Debian's
// Chromium through playwright-core, or Firefox ESR through puppeteer-core), both closed after
// the file; guarded pages whose page errors (and console errors) are collected. Use:
//   const suite = browserSuite({ prefix: '/sub/', needs: 'index.html' });
//   const { page, problems } = await suite.open('#s2....', { viewport: { ... } });
// The origin guard (guard.mjs) checks every page opened here.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { guardedPage, launchChromium, launchFirefox } from './guard.mjs';
import { serveStatic } from './static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '../..');
export const web = join(repo, 'web');
/** `require` resolving from web/ (playwright-core, puppeteer-core, esbuild, axe-core). */
export const requireWeb = createRequire(join(web, 'package.json'));
/** Screenshots and other artifacts. */
export const out = process.env.E2E_OUT ?? '/tmp/descent-e2e';
/** E2E_DIST: test another build of the page (default: web/dist). */
export const dist = process.env.E2E_DIST ?? join(web, 'dist');

/** The shipped link fixtures (tests/fixtures/links/*.json) as [file name, fixture]. */
export function linkFixtures() {
  const dir = join(repo, 'tests', 'fixtures', 'links');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8'))]);
}

/**
 * Page errors (and, with `console`, console errors) of a page, one line each; with `origin`,
 * also every request outside it (data: and blob: stay inside).
 */
export function collectProblems(page, { console = true, origin = null } = {}) {
  const problems = [];
  if (console) {
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  }
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  if (origin) {
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
        problems.push(`outside request: ${url}`);
      }
    });
  }
  return problems;
}

/**
 * Runs in the page (pass it to waitForFunction with `n`): whether every run card says its run
 * ended or reached step `n`.
 */
export function everyRunAtLeast(n) {
  return [...document.querySelectorAll('.run-card .run-status')].every((c) => {
    const text = c.textContent ?? '';
    const at = /(\d+)\/\d+/.exec(text);
    return /done|diverged|failed|invalid/.test(text) || (at !== null && Number(at[1]) >= n);
  });
}

/** Waits until every run in the comparison table has ended (done, diverged, failed, invalid). */
export function waitForRunsToEnd(page, timeout = 60_000) {
  return page.waitForFunction(
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

/**
 * Registers before/after hooks that serve `dist` at `prefix` and launch the browsers named in
 * `browsers` ('chromium', 'firefox'). `needs`: the built file whose absence stops the suite
 * with the command to run. `chromiumArgs`: extra flags. The returned object's fields are set
 * once the hooks ran.
 */
export function browserSuite({
  prefix = '/',
  needs = 'index.html',
  browsers = ['chromium'],
  chromiumArgs = [],
} = {}) {
  const suite = {
    server: null,
    browser: null,
    firefox: null,
    /** A guarded Chromium page at `path` (relative to the served prefix), problems collected. */
    async open(path = '', { console = true, ...contextOptions } = {}) {
      const page = await guardedPage(suite.browser, suite.server.url, contextOptions);
      const problems = collectProblems(page, { console });
      await page.goto(`${suite.server.url}${path}`);
      return { page, problems };
    },
  };
  before(async () => {
    assert.ok(existsSync(join(dist, needs)), `${dist}/${needs} is missing: npm run build in web/`);
    await mkdir(out, { recursive: true });
    suite.server = await serveStatic(dist, prefix);
    if (browsers.includes('chromium')) {
      suite.browser = await launchChromium(requireWeb('playwright-core').chromium, chromiumArgs);
    }
    if (browsers.includes('firefox'))
      suite.firefox = await launchFirefox(requireWeb('puppeteer-core'));
  });
  after(async () => {
    await suite.browser?.close();
    await suite.firefox?.close();
    await suite.server?.close();
  });
  return suite;
}
