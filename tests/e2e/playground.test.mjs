// End-to-end tests of the built page (web/dist) in Debian's headless Chromium via
// playwright-core, run by node's test runner (`node --test tests/e2e/`). Serves dist at a sub-path (to prove relative URLs), then checks: the core
// loads under the CSP, nothing is requested outside the origin, three optimizers train on
// Rosenbrock and on the spiral, a bad link shows a banner, and embed mode hides chrome.
// Screenshots go to $E2E_OUT (default /tmp/descent-e2e).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { guardedContext, guardedPage } from './guard.mjs';
import { browserSuite, collectProblems, out, waitForRunsToEnd } from './harness.mjs';

const suite = browserSuite({ prefix: '/some/sub/path/' });

// Training on the main thread would block it for seconds; this bound catches that while
// tolerating slow frames on a loaded CI machine (measured values are printed either way).
const LONG_TASK_LIMIT_MS = Number(process.env.E2E_LONG_TASK_MS ?? 1000);

/** Fails with the message unless the condition holds. */
function check(condition, message) {
  assert.ok(condition, message);
}

async function openPage(path) {
  // guardedPage: the shared origin check (guard.mjs) fails the test on any foreign request.
  const page = await guardedPage(suite.browser, suite.server.url, {
    viewport: { width: 1440, height: 1000 },
  });
  const problems = collectProblems(page, { origin: new URL(suite.server.url).origin });
  // The core's code should be fetched and compiled once; the workers get the compiled module.
  const wasmRequests = [];
  page.on('request', (r) => /\.wasm$/.test(new URL(r.url()).pathname) && wasmRequests.push(r.url()));
  await page.addInitScript(() => {
    // Long tasks (> 50 ms) on the main thread, to check that training stays off it.
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(Math.round(entry.duration));
    }).observe({ type: 'longtask', buffered: true });
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(`${suite.server.url}${path}`);
  return { page, problems, wasmRequests };
}

async function trainToEnd(page, timeout = 60_000) {
  await page.evaluate(() => (window.__longTasks = []));
  await page.getByRole('button', { name: /Start/ }).click();
  await waitForRunsToEnd(page, timeout);
  const long = await page.evaluate(() => window.__longTasks);
  console.log(
    `     main-thread long tasks while training: ${long.length ? long.join(', ') + ' ms' : 'none'}`,
  );
  // A generous bound: CI shares two cores with other jobs and Chromium paints canvases in
  // software here (no GPU), so frames are several times slower than on a desktop.
  check(
    long.every((ms) => ms < LONG_TASK_LIMIT_MS),
    `main thread blocked: ${long.join(', ')} ms`,
  );
}

function tableRows(page) {
  return page.$$eval('.comparison tbody tr', (rows) =>
    rows.map((r) => [...r.children].map((c) => c.textContent?.trim() ?? '')),
  );
}

test('Rosenbrock: three optimizers train to the end', async () => {
  const { page, problems, wasmRequests } = await openPage('');
  await page.waitForSelector('.run-card', { timeout: 30_000 });
  check((await page.$$('.run-card')).length === 3, 'expected 3 default runs');
  await trainToEnd(page);
  const rows = await tableRows(page);
  check(rows.length === 3, `expected 3 table rows, got ${rows.length}`);
  for (const row of rows) check(/\d/.test(row[2] ?? ''), `no final loss in ${row.join(' | ')}`);
  check((await page.evaluate(() => location.hash)).startsWith('#s2.'), 'state not in the URL');
  assert.deepEqual(
    wasmRequests.map((url) => new URL(url).pathname),
    ['/some/sub/path/wasm/descent.wasm'],
  );
  await page.screenshot({ path: join(out, 'rosenbrock.png'), fullPage: true });
  check(problems.length === 0, problems.join('\n'));
  await page.close();
});

test('Spiral preset: networks train, boundary is drawn', async () => {
  const { page, problems } = await openPage('');
  await page.waitForSelector('.run-card', { timeout: 30_000 });
  await page.getByLabel('Load a demo from the gallery').selectOption('spiral_optimizers');
  await page.waitForFunction(() =>
    document.querySelector('.demo-panel')?.textContent?.includes('spirals'),
  );
  await trainToEnd(page, 120_000);
  const rows = await tableRows(page);
  check(rows.length === 3, 'expected 3 runs');
  for (const row of rows) check(/%/.test(row[4] ?? ''), `no accuracy in ${row.join(' | ')}`);
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(out, 'spiral.png'), fullPage: true });
  check(problems.length === 0, problems.join('\n'));
  await page.close();
});

test('Too-high learning rate: one run diverges, the others finish', async () => {
  const { page, problems } = await openPage('');
  await page.waitForSelector('.run-card', { timeout: 30_000 });
  await page.getByLabel('Load a demo from the gallery').selectOption('gd_stability_threshold');
  await trainToEnd(page);
  const statuses = (await tableRows(page)).map((row) => row[1]);
  check(statuses.filter((s) => /diverged at step \d+/.test(s)).length === 1, statuses.join(' | '));
  check(statuses.filter((s) => /done/.test(s)).length === 2, statuses.join(' | '));
  await page.screenshot({ path: join(out, 'too-high-lr.png') });
  check(problems.length === 0, problems.join('\n'));
  await page.close();
});

test('Export CSV and JSON, import the JSON back', async () => {
  const { page, problems } = await openPage('');
  await page.waitForSelector('.run-card', { timeout: 30_000 });
  await trainToEnd(page);
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'CSV', exact: true }).click(),
  ]);
  const csvText = await readFile(await csv.path(), 'utf8');
  check(csvText.startsWith('run_id,run_name,step,loss,'), `CSV header: ${csvText.slice(0, 80)}`);
  check(
    csvText.trim().split('\r\n').length === 1 + 3 * 501,
    'CSV rows: expected 3 runs x 501 rows',
  );
  const [json] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'JSON', exact: true }).click(),
  ]);
  const jsonPath = await json.path();
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await page.setInputFiles('input[type=file]', jsonPath);
  await page.waitForSelector('.banner-info', { timeout: 10_000 });
  check(
    /Imported 3 runs/.test((await page.textContent('.banner-info')) ?? ''),
    'no import confirmation',
  );
  const rows = await tableRows(page);
  check(
    rows.every((row) => /\d/.test(row[2] ?? '')),
    `imported losses missing: ${rows.join(' / ')}`,
  );
  check(problems.length === 0, problems.join('\n'));
  await page.close();
});

test('Works offline once loaded', async () => {
  const { page, problems } = await openPage('');
  await page.waitForSelector('.run-card', { timeout: 30_000 });
  // The workers load the core at start-up (warm-up); give them a moment, then cut the network.
  await page.waitForTimeout(3000);
  await page.context().setOffline(true);
  // An old preset id: it opens whichever gallery demo now stands for it.
  await page.evaluate(() => (location.hash = 'demo=momentum-valley'));
  await page.waitForSelector('.demo-panel:not([hidden])');
  await trainToEnd(page);
  const statuses = (await tableRows(page)).map((row) => row[1]);
  check(
    statuses.every((s) => /done/.test(s)),
    statuses.join(' | '),
  );
  check(problems.length === 0, problems.join('\n'));
  await page.close();
});

test('Forms: core validation errors, run actions, and the link reproduces the setup', async () => {
  const { page, problems } = await openPage('');
  await page.waitForSelector('.run-card', { timeout: 30_000 });
  // An out-of-range learning rate: the core's message appears next to that field.
  const lr = page.locator('.run-card').first().locator('.param', { hasText: 'lr' }).first();
  await lr.locator('input[type=number]').fill('100');
  await lr.locator('input[type=number]').press('Tab');
  await page.waitForFunction(() =>
    /optimizer\.lr/.test(document.querySelector('.run-card .field-error')?.textContent ?? ''),
  );
  await lr.locator('input[type=number]').fill('0.002');
  await lr.locator('input[type=number]').press('Tab');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.run-card .field-error')].every((e) => e.textContent === ''),
  );
  // Duplicate, rename, delete.
  await page.locator('.run-card').nth(2).getByRole('button', { name: 'Duplicate' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.run-card').length === 4);
  await page.locator('.run-card').nth(3).getByLabel('Run name').fill('Adam copy, renamed');
  await page.locator('.run-card').nth(0).getByRole('button', { name: 'Delete' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.run-card').length === 3);
  // The URL now holds this setup: a fresh page opened on it shows the same runs.
  await page.waitForTimeout(800);
  const url = page.url();
  const names = await page.$$eval('.run-name', (inputs) => inputs.map((i) => i.value));
  const second = await openPage(
    url.slice(url.indexOf('/some/sub/path/') + '/some/sub/path/'.length),
  );
  await second.page.waitForSelector('.run-card', { timeout: 30_000 });
  const reopened = await second.page.$$eval('.run-name', (inputs) => inputs.map((i) => i.value));
  check(JSON.stringify(reopened) === JSON.stringify(names), `${reopened} vs ${names}`);
  check(names.includes('Adam copy, renamed'), names.join(', '));
  check(
    problems.length === 0 && second.problems.length === 0,
    [...problems, ...second.problems].join('\n'),
  );
  await second.page.close();
  await page.close();
});

async function exportedRuns(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'JSON', exact: true }).click(),
  ]);
  return JSON.parse(await readFile(await download.path(), 'utf8')).runs;
}

test('A copied share link reproduces the same metrics, bit for bit', async () => {
  const { page, problems } = await openPage('');
  await page.waitForSelector('.run-card', { timeout: 30_000 });
  await page.getByLabel('Load a demo from the gallery').selectOption('spiral_optimizers');
  await page.waitForFunction(() =>
    document.querySelector('.demo-panel')?.textContent?.includes('spirals'),
  );
  await trainToEnd(page, 120_000);
  const original = await exportedRuns(page);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(suite.server.url).origin,
  });
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.waitForFunction(() => /copied/i.test(document.body.textContent ?? ''));
  const url = await page.evaluate(() => navigator.clipboard.readText());
  check(url === page.url() && url.includes('#s2.'), `copied link: ${url}`);
  // A fresh page (a new browser context: nothing shared) opened on the link.
  const context = await guardedContext(suite.browser, suite.server.url, {
    viewport: { width: 1440, height: 1000 },
  });
  const fresh = await context.newPage();
  const freshProblems = [];
  fresh.on('pageerror', (e) => freshProblems.push(`page error: ${e.message}`));
  await fresh.goto(url);
  await fresh.waitForSelector('.run-card', { timeout: 30_000 });
  await trainToEnd(fresh, 120_000);
  const replayed = await exportedRuns(fresh);
  check(original.length === 3 && replayed.length === 3, 'three runs on both pages');
  for (let i = 0; i < original.length; i++) {
    check(original[i].status === 'ok', `run ${i} finished`);
    const a = original[i].columns;
    const b = replayed[i].columns;
    check(a.loss.length > 10, `run ${i} has metrics`);
    for (const name of Object.keys(a)) {
      check(JSON.stringify(a[name]) === JSON.stringify(b[name]), `run ${i} column ${name} differs`);
    }
  }
  check(
    problems.length === 0 && freshProblems.length === 0,
    [...problems, ...freshProblems].join('\n'),
  );
  await context.close();
  await page.close();
});

test('A malformed link shows a banner and falls back to defaults', async () => {
  const { page } = await openPage('#s1.this-is-not-a-state');
  await page.waitForSelector('.banner-error', { timeout: 30_000 });
  const text = await page.textContent('.banner-error');
  check(/link/i.test(text ?? ''), `banner text: ${text}`);
  await page.waitForSelector('.run-card');
  check((await page.$$('.run-card')).length === 3, 'defaults not loaded');
  await page.close();
});

test('Embed mode hides the header and locks settings', async () => {
  const { page, problems } = await openPage('?embed=1&hide=table&lock=1');
  await page.waitForSelector('.run-card', { timeout: 30_000 });
  check(!(await page.isVisible('.app-header')), 'header visible in embed mode');
  check(!(await page.isVisible('.table-panel')), 'table not hidden');
  check(await page.isDisabled('.run-card select'), 'settings not locked');
  await page.screenshot({ path: join(out, 'embed.png') });
  check(problems.length === 0, problems.join('\n'));
  await page.close();
});
