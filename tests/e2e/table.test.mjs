// Users' tables in the built page (web/dist), in headless Chromium: a CSV dropped on the
// problem panel is previewed with the core's class counts, trains with the decision-boundary
// view (two features), and its copied link reproduces the metrics bit for bit in a fresh
// browser context (the file travels inside the link). A larger file travels as its SHA-256:
// the link asks for the file, refuses a different one with a message and trains nothing,
// then reproduces bit for bit with the right one.
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { guardedPage } from './guard.mjs';
import { browserSuite, out, waitForRunsToEnd } from './harness.mjs';

const suite = browserSuite({ prefix: '/' });

// Screenshots (docs/table-upload.png is the first test's) go to $E2E_OUT.

/** Two interleaved half-moons as text, `rows` rows, `digits` decimals (deterministic). */
function moonsCsv(rows, digits, extra = 0) {
  const lines = ['x1,x2,side'];
  for (let i = 0; i < rows; i++) {
    const t = (Math.PI * (i % 97)) / 96;
    const upper = i % 2 === 0;
    const x = upper ? Math.cos(t) : 1 - Math.cos(t);
    const y = upper ? Math.sin(t) : 0.5 - Math.sin(t);
    const wobble = (((i * 7919) % 101) / 101 - 0.5) * 0.2 + extra;
    lines.push(
      `${(x + wobble).toFixed(digits)},${(y - wobble).toFixed(digits)},${upper ? 'upper' : 'lower'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function openDataSets(page) {
  await page.goto(suite.server.url);
  await page.getByText('Data set + network').click();
  await page.getByTestId('table-drop').first().waitFor();
}

/** Drops `text` as a file on the drop zone, as a file manager would (a DataTransfer). */
async function dropFile(page, name, text) {
  const transfer = await page.evaluateHandle(
    ([fileName, content]) => {
      const data = new DataTransfer();
      data.items.add(new File([content], fileName, { type: 'text/csv' }));
      return data;
    },
    [name, text],
  );
  await page.getByTestId('table-drop').first().dispatchEvent('drop', { dataTransfer: transfer });
}

async function trainAndExport(page) {
  await page.getByRole('button', { name: /Start/ }).click();
  await waitForRunsToEnd(page, 120_000);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'JSON', exact: true }).click(),
  ]);
  return JSON.parse(await readFile(await download.path(), 'utf8'));
}

async function copiedLink(page) {
  await page.getByRole('button', { name: /Copy link/ }).click();
  await page.waitForFunction(() => location.hash.startsWith('#s2.'));
  return page.evaluate(() => navigator.clipboard.readText());
}

function assertSameRuns(actual, expected) {
  assert.deepEqual(
    actual.runs.map((r) => r.id),
    expected.runs.map((r) => r.id),
  );
  actual.runs.forEach((run, i) => {
    const want = expected.runs[i];
    assert.deepEqual(run.config, want.config, `${run.id}: same config`);
    assert.equal(run.status, want.status, `${run.id} status`);
    assert.ok(run.columns.loss.length > 2, `${run.id} trained`);
    for (const [name, values] of Object.entries(want.columns)) {
      // Equal JSON text is equal doubles (shortest round-trip printing).
      assert.equal(JSON.stringify(run.columns[name]), JSON.stringify(values), `${run.id} ${name}`);
    }
  });
}

const clipboard = { permissions: ['clipboard-read', 'clipboard-write'] };

test('a dropped CSV trains, and its link reproduces it bit for bit in a fresh context', async () => {
  const page = await guardedPage(suite.browser, suite.server.url, {
    viewport: { width: 1280, height: 900 },
    ...clipboard,
  });
  await openDataSets(page);
  await dropFile(page, 'moons.csv', moonsCsv(160, 3));
  // The preview and the class balance, counted by the core.
  await page.getByTestId('table-preview').waitFor();
  assert.equal(await page.getByTestId('table-preview').locator('th').first().textContent(), 'x1');
  const summary = await page.getByTestId('label-summary').textContent();
  assert.match(summary ?? '', /lower80/);
  assert.match(summary ?? '', /upper80/);
  assert.match(await page.locator('.table-summary').textContent(), /160 rows.*inside the link/);
  // Two features: the decision-boundary view.
  await page.getByRole('heading', { name: 'Decision boundary' }).waitFor();
  const trained = await trainAndExport(page);
  await mkdir(out, { recursive: true });
  await page.screenshot({ path: join(out, 'table-upload.png') });
  assert.equal(trained.runs[0].config.problem.kind, 'table');
  assert.equal(trained.runs[0].config.problem.label, 'side');
  const link = await copiedLink(page);
  await page.close();

  const fresh = await guardedPage(suite.browser, suite.server.url, {
    viewport: { width: 1280, height: 900 },
  });
  await fresh.goto(link);
  await fresh.getByTestId('table-preview').waitFor();
  assertSameRuns(await trainAndExport(fresh), trained);
  await fresh.close();
});

test('a large table travels as its SHA-256: another file is refused, the right one reproduces', async () => {
  const text = moonsCsv(3000, 9); // about 90 kB of decimals: too large to deflate into a link
  const page = await guardedPage(suite.browser, suite.server.url, {
    viewport: { width: 1280, height: 900 },
    ...clipboard,
  });
  await openDataSets(page);
  await dropFile(page, 'big-moons.csv', text);
  await page.getByTestId('table-preview').waitFor();
  assert.match(
    await page.locator('.table-summary').textContent(),
    /3000 rows.*names it by this hash/,
  );
  const trained = await trainAndExport(page);
  const link = await copiedLink(page);
  assert.ok(link.length < 4000, `the link holds only the hash (${link.length} characters)`);
  await page.close();

  const fresh = await guardedPage(suite.browser, suite.server.url, {
    viewport: { width: 1280, height: 900 },
  });
  await fresh.goto(link);
  await fresh.locator('.table-missing').waitFor();
  assert.match(await fresh.locator('.banner').first().textContent(), /big-moons\.csv.*SHA-256/);
  // A different file (one value changed) is refused, and nothing trains.
  await dropFile(fresh, 'big-moons.csv', text.replace(/,upper\n/, ',lower\n'));
  await fresh.waitForFunction(() =>
    /is not the table this link names/.test(
      document.querySelector('.table-panel .field-error')?.textContent ?? '',
    ),
  );
  assert.equal(await fresh.getByTestId('table-preview').count(), 0);
  await fresh.getByRole('button', { name: /Start/ }).click();
  await fresh.waitForTimeout(500);
  const statuses = await fresh.locator('.comparison .status').allTextContents();
  assert.ok(
    statuses.every((s) => !/done|running/.test(s)),
    `nothing trains: ${statuses.join(', ')}`,
  );
  // The right file: the hash matches and the runs reproduce bit for bit.
  await dropFile(fresh, 'renamed.csv', text);
  await fresh.getByTestId('table-preview').waitFor();
  assertSameRuns(await trainAndExport(fresh), trained);
  await fresh.close();
});
