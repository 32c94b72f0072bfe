// What every end-to-end file sets up the same way: the built page (web/dist, or $E2E_DIST)
// served by the static server at a path of the file's choosing, a headless browser (Debian's
// Chromium through playwright-core, or Firefox ESR through puppeteer-core), both closed after
// the file; guarded pages whose page errors (and console errors) are collected. Use:
//   const suite = browserSuite({ prefix: '/sub/', needs: 'index.html' });
//   const { page, problems } = await suite.open('#s2....', { viewport: { ... } });
// The origin guard (guard.mjs) checks every page opened here.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
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

/** Page errors (and, with `console`, console errors) of a page, one line each. */
export function collectProblems(page, { console = true } = {}) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  if (console) {
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  }
  return problems;
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
