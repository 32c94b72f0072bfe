// The <descent-demo> element (web/src/embed/descent-demo.ts, built to dist/descent-demo.js) on
// a host page of the site's origin, in headless Chromium: it creates the sandboxed embed
// iframe from its attributes, refuses bad attributes with a message and an `error` event,
// and its methods drive the demo: play() makes `metrics` events arrive, pause() stops them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guardedPage } from './guard.mjs';
import { browserSuite } from './harness.mjs';

const suite = browserSuite({ prefix: '/course/', needs: 'descent-demo.js' });

// A teacher's page: the script from the built site, one good element and two bad ones; every
// event any of them fires is recorded (listeners attach before the script defines the element).
const HOST = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>host</title></head><body>
<main>
<descent-demo id="lesson" demo="edge_of_stability" live="optimizer.lr" hide="presets,table" height="600"></descent-demo>
<descent-demo id="bad-demo" demo="../evil"></descent-demo>
<descent-demo id="bad-live" demo="edge_of_stability" live="optimizer.lr;alert(1)"></descent-demo>
</main>
<script>
  window.events = [];
  for (const el of document.querySelectorAll('descent-demo')) {
    for (const type of ['ready', 'metrics', 'state', 'error']) {
      el.addEventListener(type, (e) => window.events.push({ id: el.id, type, detail: e.detail }));
    }
  }
</script>
<script type="module" src="./descent-demo.js"></script>
</body></html>`;

async function openHost() {
  const page = await guardedPage(suite.browser, suite.server.url, {
    viewport: { width: 1100, height: 900 },
  });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  await page.route(`${suite.server.url}host.html`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: HOST }),
  );
  await page.goto(`${suite.server.url}host.html`);
  return { page, problems };
}

const metricsOf = (page) =>
  page.evaluate(() =>
    window.events
      .filter((e) => e.id === 'lesson' && e.type === 'metrics')
      .map((e) => ({ playing: e.detail.playing, steps: e.detail.runs.map((r) => r.step) })),
  );

test('descent-demo: creates the sandboxed embed; play() brings metrics events, pause() stops them', async () => {
  const { page, problems } = await openHost();
  const frameHandle = await page.waitForSelector('#lesson > iframe');
  const attributes = await frameHandle.evaluate((f) => ({
    sandbox: f.getAttribute('sandbox'),
    src: f.src,
    height: f.style.height,
  }));
  const src = new URL(attributes.src);
  assert.equal(src.origin + src.pathname, `${suite.server.url}index.html`);
  assert.equal(src.hash, '#demo=edge_of_stability');
  assert.equal(src.searchParams.get('embed'), '1');
  assert.equal(src.searchParams.get('lock'), '1');
  assert.equal(src.searchParams.get('live'), 'optimizer.lr');
  assert.equal(src.searchParams.get('hide'), 'presets,table');
  assert.equal(src.searchParams.get('frame'), 'lesson');
  assert.equal(src.searchParams.get('origin'), new URL(suite.server.url).origin);
  assert.deepEqual(attributes.sandbox.split(' ').sort(), [
    'allow-downloads',
    'allow-same-origin',
    'allow-scripts',
  ]);
  assert.equal(attributes.height, '600px');

  // The embed announces itself; the demo's live setting is the only editable one.
  await page.waitForFunction(
    () => window.events.some((e) => e.id === 'lesson' && e.type === 'ready'),
    null,
    { timeout: 60_000 },
  );
  const frame = await frameHandle.contentFrame();
  await frame.waitForSelector('.run-card', { timeout: 60_000 });
  const live = await frame.evaluate(() => document.body.dataset.live ?? '');
  assert.equal(live, 'optimizer.lr');

  // Nothing trains before play().
  await page.waitForTimeout(800);
  assert.ok(
    (await metricsOf(page)).every((m) => !m.playing && m.steps.every((s) => s === 0)),
    'metrics of training before play()',
  );

  await page.evaluate(() => document.getElementById('lesson').play());
  await page.waitForFunction(
    () =>
      window.events.filter(
        (e) => e.type === 'metrics' && e.detail.playing && e.detail.runs.some((r) => r.step > 0),
      ).length >= 2,
    null,
    { timeout: 60_000 },
  );
  const playing = (await metricsOf(page)).filter((m) => m.playing);
  const first = playing[0].steps[0];
  const last = playing[playing.length - 1].steps[0];
  assert.ok(last > first, `steps did not advance while playing: ${first} -> ${last}`);

  await page.evaluate(() => document.getElementById('lesson').pause());
  await page.waitForFunction(
    () => {
      const m = window.events.filter((e) => e.id === 'lesson' && e.type === 'metrics');
      return m.length > 0 && m[m.length - 1].detail.playing === false;
    },
    null,
    { timeout: 10_000 },
  );
  await page.waitForTimeout(300);
  const pausedCount = (await metricsOf(page)).length;
  const pausedSteps = (await metricsOf(page)).at(-1).steps;
  await page.waitForTimeout(1500);
  const after = await metricsOf(page);
  assert.equal(after.length, pausedCount, 'metrics events kept arriving after pause()');
  assert.deepEqual(after.at(-1).steps, pausedSteps);
  const runStatuses = await frame.$$eval('.run-card .run-status', (c) =>
    c.map((x) => x.textContent),
  );
  assert.ok(
    runStatuses.every((s) => /paused|done|diverged/.test(s ?? '')),
    JSON.stringify(runStatuses),
  );

  // step(): one more step of every run, reported by a metrics event.
  await page.evaluate(() => document.getElementById('lesson').step());
  await page.waitForFunction(
    (before) => {
      const m = window.events.filter((e) => e.id === 'lesson' && e.type === 'metrics');
      const steps = m.at(-1).detail.runs.map((r) => r.step);
      return steps.length === before.length && steps.every((s, i) => s === before[i] + 1);
    },
    pausedSteps,
    { timeout: 10_000 },
  );

  // reset(): back to step 0.
  await page.evaluate(() => document.getElementById('lesson').reset());
  await page.waitForFunction(
    () => {
      const m = window.events.filter((e) => e.id === 'lesson' && e.type === 'metrics');
      return m.length > 0 && m.at(-1).detail.runs.every((r) => r.step === 0);
    },
    null,
    { timeout: 10_000 },
  );
  assert.deepEqual(problems, []);
  await page.close();
});

test('descent-demo: bad attributes frame nothing and say which attribute is wrong', async () => {
  const { page, problems } = await openHost();
  await page.waitForSelector('#bad-live [role="alert"]');
  const shown = await page.evaluate(() =>
    ['bad-demo', 'bad-live'].map((id) => {
      const el = document.getElementById(id);
      return { frames: el.querySelectorAll('iframe').length, text: el.textContent };
    }),
  );
  assert.equal(shown[0].frames, 0);
  assert.match(shown[0].text, /demo: expected a gallery demo name/);
  assert.equal(shown[1].frames, 0);
  assert.match(shown[1].text, /live: expected up to 32 setting paths/);
  const errors = await page.evaluate(() =>
    window.events.filter((e) => e.type === 'error').map((e) => [e.id, e.detail.message]),
  );
  assert.deepEqual(errors.map((e) => e[0]).sort(), ['bad-demo', 'bad-live']);

  // Fixing the attribute frames the demo; breaking it again removes the frame.
  await page.evaluate(() =>
    document.getElementById('bad-demo').setAttribute('demo', 'too-high-lr'),
  );
  await page.waitForSelector('#bad-demo > iframe');
  await page.evaluate(() => document.getElementById('bad-demo').setAttribute('height', '12'));
  await page.waitForSelector('#bad-demo [role="alert"]');
  assert.equal(await page.locator('#bad-demo iframe').count(), 0);
  assert.match(await page.locator('#bad-demo').textContent(), /height: expected a whole number/);
  assert.deepEqual(problems, []);
  await page.close();
});
