// Resuming paused runs across a reload, in headless Chromium: two runs of a comparison train
// on the spiral, are paused mid-way and kept in IndexedDB (checkpoint + rows); after a reload
// the page offers to resume them, and the resumed runs trained to the end export the same
// numbers, bit for bit, as the same link trained without a pause. A damaged checkpoint is
// refused by field and the run starts afresh. Screenshot of the prompt: $E2E_OUT/resume-prompt.png.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { browserSuite, out } from './harness.mjs';
import { baseState, linkOf, run } from './share-link.mjs';

const suite = browserSuite({ prefix: '/resume/' });
const STEPS = 20_000;
const link = linkOf(
  baseState({
    problem: { kind: 'dataset', name: 'spiral', params: {}, start: null },
    steps: STEPS,
    evalEvery: 50,
    runs: [
      run('r1', 'Momentum', '#ff7f0e', { name: 'sgd', params: { lr: 0.05, momentum: 0.9 } }),
      run('r2', 'Adam', '#2ca02c', { name: 'adam', params: { lr: 0.01 } }),
    ],
  }),
);
const options = { viewport: { width: 1280, height: 900 }, acceptDownloads: true };

const start = (page) => page.getByRole('button', { name: /Start/ }).click();

async function trainToEnd(page) {
  await start(page);
  await page.waitForFunction(
    () => {
      const cells = [...document.querySelectorAll('.comparison .status')];
      return cells.length === 2 && cells.every((c) => /done/.test(c.textContent ?? ''));
    },
    null,
    { timeout: 180_000 },
  );
}

/** The JSON export's runs: id → every column as the page exports it. */
async function exported(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'JSON', exact: true }).click(),
  ]);
  const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
  return Object.fromEntries(file.runs.map((r) => [r.id, r.columns]));
}

/** The paused runs the page kept: [run id, step] per stored record. */
const kept = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('descent-paused', 1);
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const all = open.result.transaction('runs').objectStore('runs').getAll();
          all.onsuccess = () => {
            open.result.close();
            resolve(all.result.map((r) => [r.runId, r.step]));
          };
        };
      }),
  );

/** Trains mid-way and pauses; waits until both runs are kept. Returns their steps. */
async function pauseMidway(page) {
  await page.waitForSelector('.run-card', { timeout: 60_000 });
  await start(page);
  await page.waitForFunction(
    () => Number(document.querySelector('.toolbar progress')?.value) > 0.02,
  );
  await page.getByRole('button', { name: /Pause/ }).click();
  let runs = [];
  for (let i = 0; i < 100 && runs.length < 2; i++) {
    await page.waitForTimeout(100);
    runs = await kept(page).catch(() => []);
  }
  assert.equal(runs.length, 2, 'both paused runs are kept');
  return runs;
}

test('paused runs resume after a reload and continue bit for bit', async () => {
  const { page, problems } = await suite.open(`#${link}`, options);
  const paused = await pauseMidway(page);
  for (const [id, step] of paused) {
    assert.ok(step > 0 && step < STEPS, `${id} paused at ${step}, inside the run`);
  }

  await page.reload();
  const prompt = page.getByRole('region', { name: 'Resume paused training?' });
  await prompt.waitFor({ timeout: 60_000 });
  const text = await prompt.textContent();
  for (const [, step] of paused) assert.match(text, new RegExp(`at step ${step} of ${STEPS}`));
  await page.screenshot({ path: join(out, 'resume-prompt.png') });
  await prompt.getByRole('button', { name: 'Resume paused runs' }).click();
  await page.getByText('Resumed 2 paused runs. Press Start to continue training.').waitFor();
  const statuses = await page.locator('.comparison .status').allTextContents();
  assert.deepEqual(
    statuses,
    paused.map(([, step]) => `paused · ${step}/${STEPS}`),
    'the resumed runs stand where they were paused',
  );
  await trainToEnd(page);
  const resumed = await exported(page);
  assert.deepEqual(problems, []);
  await page.close();

  const fresh = await suite.open(`#${link}`, options);
  await fresh.page.waitForSelector('.run-card', { timeout: 60_000 });
  await trainToEnd(fresh.page);
  const straight = await exported(fresh.page);
  assert.deepEqual(fresh.problems, []);
  await fresh.page.close();

  for (const id of ['r1', 'r2']) {
    assert.equal(resumed[id].step.length, straight[id].step.length, `${id}: rows`);
    assert.equal(resumed[id].step.at(-1), STEPS, `${id}: trained to the end`);
  }
  // Exact equality of every exported number (JSON keeps a double's every bit).
  assert.deepEqual(resumed, straight);
});

test('a damaged checkpoint is refused by field; the run starts afresh and trains', async () => {
  const { page, problems } = await suite.open(`#${link}`, options);
  await pauseMidway(page);
  // Damage one run's checkpoint as a broken disk or another program might.
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('descent-paused', 1);
        open.onsuccess = () => {
          const store = open.result.transaction('runs', 'readwrite').objectStore('runs');
          const get = store.get('r2');
          get.onsuccess = () => {
            const put = store.put({
              ...get.result,
              checkpoint: get.result.checkpoint.slice(0, 40),
            });
            put.onsuccess = () => {
              open.result.close();
              resolve();
            };
            put.onerror = () => reject(new Error(String(put.error)));
          };
        };
      }),
  );
  await page.reload();
  const prompt = page.getByRole('region', { name: 'Resume paused training?' });
  await prompt.getByRole('button', { name: 'Resume paused runs' }).click({ timeout: 60_000 });
  const warning = page.locator('.banner-warning', { hasText: 'could not be resumed' });
  await warning.waitFor();
  assert.match(await warning.textContent(), /Adam: checkpoint/);
  await page.getByText('Resumed 1 paused run.').waitFor();
  // The comparison table renders on a throttle: wait for the refused run's row to catch up
  // (a run left standing at its paused step fails the assertion below after the wait).
  await page
    .waitForFunction(
      () => {
        const cells = [...document.querySelectorAll('.comparison .status')];
        return cells.length === 2 && !/paused · [1-9]/.test(cells[1].textContent ?? '');
      },
      null,
      { timeout: 10_000 },
    )
    .catch(() => undefined);
  const statuses = await page.locator('.comparison .status').allTextContents();
  assert.match(statuses[0], /^paused · \d+\/20000$/);
  assert.doesNotMatch(statuses[1], /paused · [1-9]/, 'the refused run starts from step 0');
  await trainToEnd(page);
  assert.deepEqual(problems, []);
  await page.close();
});
