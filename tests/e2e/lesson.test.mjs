// The example lesson page (web/lesson.html) in headless Chromium: three embedded demos run
// independently, the host page's own buttons start and pause the first through the
// postMessage API and receive its metrics, locked settings cannot be edited, and the embed
// refuses malformed messages. Screenshots go to $E2E_OUT (default /tmp/descent-e2e).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { guardedPage } from './guard.mjs';
import { browserSuite, collectProblems, out } from './harness.mjs';

const suite = browserSuite({ prefix: '/lessons/here/', needs: 'lesson.html' });

async function openLesson() {
  // guardedPage: the shared origin check (guard.mjs) fails the test on any foreign request.
  const page = await guardedPage(suite.browser, suite.server.url, {
    viewport: { width: 1100, height: 1000 },
  });
  const problems = collectProblems(page, { origin: new URL(suite.server.url).origin });
  await page.goto(`${suite.server.url}lesson.html`);
  return { page, problems };
}

/** The embedded page of an iframe, once its runs are shown. */
async function frameOf(page, selector) {
  const handle = await page.waitForSelector(selector);
  const frame = await handle.contentFrame();
  await frame.waitForSelector('.run-card', { timeout: 60_000 });
  return frame;
}

/** Each run's status text in an embed (run cards; the table is hidden in the lesson). */
function statuses(frame) {
  return frame.$$eval('.run-card .run-status', (cells) => cells.map((c) => c.textContent ?? ''));
}

/** Rows of the host's metrics table: [run, status, step, loss, train acc, test acc]. */
function hostRows(page) {
  return page.$$eval('#host-metrics tbody tr', (rows) =>
    rows.map((r) => [...r.children].map((c) => c.textContent ?? '')),
  );
}

test('lesson: three embeds run independently; the host drives one and gets its metrics', async () => {
  const { page, problems } = await openLesson();
  const [first, second, third] = await Promise.all(
    ['#demo-1 iframe', '#demo-2', '#demo-3'].map((s) => frameOf(page, s)),
  );
  await page.waitForFunction(
    () => document.getElementById('host-status')?.textContent === 'demo ready',
  );

  // Locked: every setting in the embeds is read-only unless the demo keeps it live.
  for (const frame of [first, second, third]) {
    const { editable, locked, live } = await frame.evaluate(() => {
      const live = (document.body.dataset.live ?? '').split(',').filter(Boolean);
      const controls = [...document.querySelectorAll('.sidebar input, .sidebar select')];
      // Showing or hiding a run's lines is a view choice, not a setting: it stays usable.
      const editable = controls.filter(
        (c) => !c.disabled && !c.readOnly && !c.id.startsWith('visible-'),
      );
      return {
        editable: editable.map((c) => c.closest('[data-field]')?.dataset.field ?? c.outerHTML),
        locked: controls.length - editable.length,
        live,
      };
    });
    assert.ok(locked > 0, 'an embed shows no locked controls');
    for (const field of editable) assert.ok(live.includes(field), `${field} is editable`);
  }
  const nameInput = first.locator('.run-card input[type="text"]').first();
  assert.equal(await nameInput.isEditable(), false, 'a locked run name can be edited');

  // The host's Start button trains demo 1 only.
  await page.click('#host-play');
  await page.waitForFunction(
    () => {
      const rows = [...document.querySelectorAll('#host-metrics tbody tr')];
      return rows.length > 0 && rows.every((r) => Number(r.children[2]?.textContent) > 0);
    },
    null,
    { timeout: 60_000 },
  );
  const running = await hostRows(page);
  assert.ok(
    running.every((r) => /\d/.test(r[3])),
    `no loss received: ${JSON.stringify(running)}`,
  );
  for (const frame of [second, third]) {
    assert.ok(
      (await statuses(frame)).every((s) => /not started/.test(s)),
      'another embed started',
    );
  }

  // Pause: the demo stops, says so, and its step count stays put.
  await page.click('#host-pause');
  await page.waitForFunction(
    () => document.getElementById('host-status')?.textContent === 'paused or finished',
    null,
    { timeout: 10_000 },
  );
  await page.waitForTimeout(400);
  const paused = (await hostRows(page)).map((r) => r[2]);
  await page.waitForTimeout(1500);
  const later = (await hostRows(page)).map((r) => r[2]);
  assert.deepEqual(later, paused, 'demo 1 kept training after the host paused it');
  assert.ok(
    (await statuses(first)).every((s) => /paused|done/.test(s)),
    'demo 1 not paused',
  );

  // Demo 2 runs from its own button while demo 1 stays paused.
  await second.getByRole('button', { name: /Start/ }).click();
  await second.waitForFunction(
    () =>
      [...document.querySelectorAll('.run-card .run-status')].every((c) =>
        /done|diverged/.test(c.textContent ?? ''),
      ),
    null,
    { timeout: 60_000 },
  );
  assert.deepEqual(
    (await hostRows(page)).map((r) => r[2]),
    paused,
    'demo 1 moved with demo 2',
  );
  assert.ok(
    (await statuses(third)).every((s) => /not started/.test(s)),
    'demo 3 started',
  );

  await page.screenshot({ path: join(out, 'lesson.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('lesson: the embed refuses malformed or foreign messages', async () => {
  const { page, problems } = await openLesson();
  const first = await frameOf(page, '#demo-1 iframe');
  const replies = await page.evaluate(async () => {
    // demo 1 is a <descent-demo> element: its iframe is its child.
    const frame = document.querySelector('#demo-1 iframe');
    const got = [];
    const listener = (e) => {
      if (e.source === frame.contentWindow && e.data?.type === 'error') got.push(e.data.message);
    };
    window.addEventListener('message', listener);
    for (const message of [
      { descent: 2, type: 'play' },
      { descent: 1, type: 'play', code: 'alert(1)' },
      { descent: 1, type: 'set-state', link: '#s1.AAAA' },
      { descent: 1, type: 'set-demo', demo: '<img src=x onerror=alert(1)>' },
      'play',
    ]) {
      frame.contentWindow.postMessage(message, location.origin);
    }
    await new Promise((ok) => setTimeout(ok, 1500));
    window.removeEventListener('message', listener);
    return got;
  });
  assert.equal(replies.length, 5, `expected 5 refusals, got ${JSON.stringify(replies)}`);
  // None of them started training or changed the demo.
  assert.ok((await statuses(first)).every((s) => /not started/.test(s)));
  assert.equal(await first.$('img'), null);
  assert.deepEqual(problems, []);
  await page.close();
});
