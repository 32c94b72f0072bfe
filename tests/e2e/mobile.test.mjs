// Phones and tablets in headless Chromium, with touch (hasTouch, isMobile): at 390 x 844 and
// 768 x 1024 nothing on the playground, the gallery or a demo is wider than the screen
// (document.documentElement.scrollWidth <= innerWidth; the widest offenders are named when it
// fails), a tap on the 2-D map moves the start point, and a tap on Start trains. Screenshots of
// each layout go to $E2E_OUT (default /tmp/descent-e2e).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { guardedPage } from './guard.mjs';
import { browserSuite, out } from './harness.mjs';

const suite = browserSuite({ prefix: '/m/' });

const SCREENS = [
  { name: 'phone', viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 },
  { name: 'tablet', viewport: { width: 768, height: 1024 }, deviceScaleFactor: 1 },
];

/** The state in a `#s<version>.<base64url(deflate-raw(JSON))>` link, decoded independently of the page. */
function decodeLink(hash) {
  const text = hash.replace(/^#?s\d+\./, '');
  const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return JSON.parse(inflateRawSync(bytes).toString('utf8'));
}

async function touchPage(screen) {
  const page = await guardedPage(suite.browser, suite.server.url, {
    viewport: screen.viewport,
    deviceScaleFactor: screen.deviceScaleFactor,
    isMobile: true,
    hasTouch: true,
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

/** The page's width against the screen's, and the elements that stick out past the right edge. */
function overflow(page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const offenders = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 0.5 && e.getClientRects().length > 0)
      .map((e) => {
        const classes = typeof e.className === 'string' ? e.className.trim() : '';
        return `${e.tagName.toLowerCase()}${classes ? `.${classes.replace(/\s+/g, '.')}` : ''} (right ${Math.round(e.getBoundingClientRect().right)})`;
      });
    return { scrollWidth: document.documentElement.scrollWidth, width, offenders };
  });
}

async function expectFits(page, where) {
  // Scroll through the page so lazily drawn parts have their real size.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForTimeout(300);
  const { scrollWidth, width, offenders } = await overflow(page);
  assert.ok(
    scrollWidth <= width,
    `${where}: the page is ${scrollWidth} px wide on a ${width} px screen; sticking out: ${offenders.slice(0, 8).join(', ')}`,
  );
  await page.evaluate(() => window.scrollTo(0, 0));
}

for (const screen of SCREENS) {
  const size = `${screen.viewport.width}x${screen.viewport.height}`;

  test(`${screen.name} (${size}): the playground fits, a tap on the map moves the start, a tap on Start trains`, async () => {
    const { page, errors } = await touchPage(screen);
    await page.goto(suite.server.url);
    await page.waitForSelector('.run-card', { timeout: 60_000 });
    await expectFits(page, `playground ${size}`);
    await page.screenshot({ path: join(out, `mobile-${screen.name}-playground.png`) });

    const canvas = page.getByRole('img', { name: /^Map of/ });
    await canvas.scrollIntoViewIfNeeded();
    const link = () => page.evaluate(() => location.hash);
    const before = await link();
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 100, 'the map is not shown');
    // Tap a quarter in from the bottom-right corner, far from the default start (-1.5, 2).
    await page.touchscreen.tap(box.x + box.width * 0.75, box.y + box.height * 0.75);
    await page.waitForFunction((h) => location.hash !== h, before, { timeout: 5_000 });
    const label = await canvas.getAttribute('aria-label');
    assert.ok(label?.includes('start'), label);
    // Rosenbrock's box is [-2, 2] x [-1, 3]: the tapped point is near (1, 0).
    const moved = decodeLink(await link()).problem.start;
    assert.ok(
      Math.abs(moved[0] - 1) < 0.3 && Math.abs(moved[1]) < 0.3,
      `start ${moved} is not where the finger tapped`,
    );

    await page.getByRole('button', { name: /Start/ }).tap();
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.run-card .run-status')].some((c) =>
          /[1-9]\d*\/\d+|done/.test(c.textContent ?? ''),
        ),
      null,
      { timeout: 60_000 },
    );
    await expectFits(page, `playground ${size} while training`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test(`${screen.name} (${size}): the gallery and a demo fit`, async () => {
    const { page, errors } = await touchPage(screen);
    await page.goto(`${suite.server.url}#gallery`);
    await page.waitForSelector('.demo-card', { timeout: 60_000 });
    await expectFits(page, `gallery ${size}`);
    await page.screenshot({ path: join(out, `mobile-${screen.name}-gallery.png`) });
    await page.locator('.demo-open').first().tap();
    await page.waitForSelector('.demo-panel .demo-claim', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Step', exact: true }).tap();
    await page.waitForTimeout(500);
    await expectFits(page, `demo ${size}`);
    await page.screenshot({ path: join(out, `mobile-${screen.name}-demo.png`) });
    assert.deepEqual(errors, []);
    await page.close();
  });
}
