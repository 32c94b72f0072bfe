// Accessibility in headless Chromium: axe-core (web/node_modules/axe-core, injected into the
// page; the context bypasses the page's CSP for that script only) finds zero violations of any
// impact on the playground (a 2-D function and a data set), the gallery, a demo, embed mode
// and the lesson page with each of its embedded demos. No rule is disabled. Then a
// keyboard-only user adds a run, starts training and opens a demo from the gallery: no mouse.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { guardedPage } from './guard.mjs';
import { browserSuite, requireWeb } from './harness.mjs';

const suite = browserSuite({ prefix: '/a11y/' });

const axeSource = readFileSync(requireWeb.resolve('axe-core/axe.min.js'), 'utf8');

/** A page whose context lets the injected axe script past the page's CSP. */
async function openPage(path, viewport = { width: 1280, height: 900 }) {
  const page = await guardedPage(suite.browser, suite.server.url, { viewport, bypassCSP: true });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${suite.server.url}${path}`);
  return { page, errors };
}

/** Every axe violation in `frame` (a page or an iframe's frame), one line each. */
async function violations(frame) {
  await frame.addScriptTag({ content: axeSource });
  const found = await frame.evaluate(async () => {
    // Child frames are checked on their own (the lesson test injects axe into each).
    const result = await window.axe.run(document, { iframes: false, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  });
  return found.map((v) => `${v.id} (${v.impact}): ${v.nodes.join(' | ')}`);
}

async function expectClean(frame, where) {
  const found = await violations(frame);
  assert.deepEqual(found, [], `${where}: ${found.length} axe violations:\n${found.join('\n')}`);
}

test('axe: the playground on a 2-D function, after training', async () => {
  const { page, errors } = await openPage('');
  await page.waitForSelector('.run-card', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.waitForTimeout(500);
  await expectClean(page, 'playground (rosenbrock)');
  assert.deepEqual(errors, []);
  await page.close();
});

test('axe: the playground on a data set, and the gallery', async () => {
  const { page, errors } = await openPage('#demo=spiral-optimizers');
  await page.waitForSelector('.run-card', { timeout: 60_000 });
  await page.waitForTimeout(500);
  await expectClean(page, 'playground (spiral preset)');
  await page.goto(`${suite.server.url}#gallery`);
  await page.waitForSelector('.demo-card', { timeout: 60_000 });
  await expectClean(page, 'gallery');
  assert.deepEqual(errors, []);
  await page.close();
});

test('axe: a gallery demo with its plots, and embed mode', async () => {
  const { page, errors } = await openPage('#demo=edge_of_stability');
  await page.waitForSelector('.demo-panel .demo-claim', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.waitForTimeout(500);
  await expectClean(page, 'demo edge_of_stability');
  await page.close();
  const embed = await openPage('?embed=1&lock=1&hide=table#demo=momentum-valley');
  await embed.page.waitForSelector('.run-card', { timeout: 60_000 });
  await expectClean(embed.page, 'embed mode');
  assert.deepEqual([...errors, ...embed.errors], []);
  await embed.page.close();
});

test('axe: the lesson page and each embedded demo', async () => {
  const { page, errors } = await openPage('lesson.html', { width: 1100, height: 1000 });
  const iframes = await page.$$('iframe');
  assert.equal(iframes.length, 3);
  await expectClean(page, 'lesson page');
  for (const [i, handle] of iframes.entries()) {
    const frame = await handle.contentFrame();
    await frame.waitForSelector('.run-card', { timeout: 60_000 });
    await expectClean(frame, `lesson demo ${i + 1}`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

/** Presses Tab until the focused element matches `matches` (run in the page); fails after `limit`. */
async function tabTo(page, description, matches, limit = 250) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(matches)) return;
  }
  assert.fail(`${description} not reached by ${limit} presses of Tab`);
}

test('keyboard only: add a run, start training, open a demo', async () => {
  const { page, errors } = await openPage('');
  await page.waitForSelector('.run-card', { timeout: 60_000 });
  const runs = await page.locator('.run-card').count();
  const activeText = () => document.activeElement?.textContent?.trim() ?? '';
  await tabTo(
    page,
    '"+ Add run"',
    () => document.activeElement?.textContent?.trim() === '+ Add run',
  );
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('.run-card').length === n + 1, runs);
  await tabTo(page, 'Start', () => document.activeElement?.classList.contains('play') ?? false);
  assert.match(await page.evaluate(activeText), /Start/);
  await page.keyboard.press('Enter');
  // Every run, the added one included, trains: its status shows steps beyond 0.
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('.run-card .run-status')].every((c) =>
        /(?:[1-9]\d*)\/\d+|done/.test(c.textContent ?? ''),
      ),
    null,
    { timeout: 60_000 },
  );
  await page.keyboard.press('Enter'); // the focused button now pauses
  await tabTo(page, 'Gallery', () => document.activeElement?.textContent?.trim() === 'Gallery');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.demo-card', { timeout: 60_000 });
  await tabTo(
    page,
    'the first demo\u2019s Open link',
    () => document.activeElement?.classList.contains('demo-open') ?? false,
  );
  const demo = await page.evaluate(() =>
    document.activeElement?.closest('[data-demo-card]')?.getAttribute('data-demo-card'),
  );
  await page.keyboard.press('Enter');
  await page.waitForSelector('.demo-panel .demo-claim', { timeout: 60_000 });
  const url = new URL(page.url());
  assert.ok(url.hash.startsWith('#s2.') || url.hash === `#demo=${demo}`, url.hash);
  assert.ok(await page.isVisible('.demo-panel'), 'the demo panel is not shown');
  assert.deepEqual(errors, []);
  await page.close();
});
