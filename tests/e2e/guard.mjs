// The shared privacy check of every end-to-end test: nothing may leave the page's origin.
// Every browser context an e2e file opens goes through guardedContext() (or guardedPage());
// each request to another origin is aborted and recorded, and an afterEach hook installed by
// importing this module fails the test that made it. Use:
//   import { guardedPage } from './guard.mjs';
//   const page = await guardedPage(browser, server.url, { viewport: ... });
// Firefox (puppeteer-core over WebDriver BiDi) has its own: guardedPuppeteerPage(browser, url).
import assert from 'node:assert/strict';
import { afterEach } from 'node:test';

const foreign = [];

/** data:, blob: and about: stay inside the page; everything else must share the origin. */
export function isOwnRequest(url, origin) {
  if (/^(data|blob|about):/.test(url)) return true;
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

/** A new browser context whose requests outside `serverUrl`'s origin are blocked and counted. */
export async function guardedContext(browser, serverUrl, options = {}) {
  const origin = new URL(serverUrl).origin;
  const context = await browser.newContext(options);
  const recorded = new WeakSet();
  const record = (request) => {
    if (recorded.has(request)) return;
    recorded.add(request);
    foreign.push(request.url());
  };
  // Requests that reach the network layer are aborted and recorded here. (Those the CSP
  // blocks never get this far: they show as failed requests, not as traffic.)
  await context.route(
    (url) => !isOwnRequest(url.href, origin),
    (route) => {
      record(route.request());
      return route.abort('blockedbyclient');
    },
  );
  // Anything the router does not intercept (e.g. some worker requests) but that got an
  // answer from another origin is recorded too.
  context.on('response', (response) => {
    if (!isOwnRequest(response.url(), origin)) record(response.request());
  });
  return context;
}

/** A page in its own guarded context (closing the page closes the context). */
export async function guardedPage(browser, serverUrl, options = {}) {
  const context = await guardedContext(browser, serverUrl, options);
  const page = await context.newPage();
  page.on('close', () => context.close().catch(() => undefined));
  return page;
}

/**
 * A puppeteer page (Firefox over WebDriver BiDi) in its own browser context, with the same
 * check: requests outside `serverUrl`'s origin are intercepted, aborted and recorded.
 * Closing the page closes the context.
 */
export async function guardedPuppeteerPage(browser, serverUrl, { viewport } = {}) {
  const origin = new URL(serverUrl).origin;
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  if (viewport) await page.setViewport(viewport);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.isInterceptResolutionHandled()) return;
    if (isOwnRequest(request.url(), origin)) {
      void request.continue().catch(() => undefined);
    } else {
      foreign.push(request.url());
      void request.abort('blockedbyclient').catch(() => undefined);
    }
  });
  page.on('close', () => context.close().catch(() => undefined));
  return page;
}

/** Debian's Firefox ESR through puppeteer-core and WebDriver BiDi (no browser download). */
export function launchFirefox(puppeteer) {
  return puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
    headless: true,
    extraPrefsFirefox: {
      // No update checks, telemetry or remote settings: the guard would see them as traffic
      // of the page's context otherwise, and CI has no network anyway.
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'network.captive-portal-service.enabled': false,
    },
  });
}

/** Requests blocked so far (and forgets them): for tests that provoke one on purpose. */
export function takeForeignRequests() {
  return foreign.splice(0, foreign.length);
}

afterEach(() => {
  const seen = takeForeignRequests();
  assert.deepEqual(seen, [], `requests left the page's origin: ${seen.join(', ')}`);
});

/** Debian's Chromium through playwright-core, with the flags every e2e file uses. */
export function launchChromium(chromium, extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
