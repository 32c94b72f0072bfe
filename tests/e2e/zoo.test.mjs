// The optimizer zoo in the page (headless Chromium, the built web/dist): through the real
// picker (typing in its search box, then choosing), one optimizer from every family in the
// catalog is picked, trained on Rosenbrock, and shows its paper, cost and metrics; the
// particle cloud of CBO is drawn and toggled; a functions-only optimizer is marked
// unavailable with its reason on a data set. The families and their members come from the
// core's catalog, so new entries need no change here. Screenshots go to $E2E_OUT.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { guardedPage } from './guard.mjs';
import { loadDescent } from '../wasm/load-module.mjs';
import { browserSuite, collectProblems, out, waitForRunsToEnd } from './harness.mjs';

const suite = browserSuite({ prefix: '/zoo/' });

const catalog = JSON.parse((await loadDescent()).catalog());

function citation(entry) {
  const c = entry.citation;
  return `${c.title} — ${c.authors} (${c.year}${c.venue ? `, ${c.venue}` : ''})`;
}

/** A page with one run (the last default one); collects console errors. */
async function openOneRun() {
  // The shared origin guard fails the test on any request that leaves the page's origin.
  const page = await guardedPage(suite.browser, suite.server.url, {
    viewport: { width: 1440, height: 1000 },
  });
  const problems = collectProblems(page);
  await page.goto(suite.server.url);
  await page.waitForSelector('.run-card', { timeout: 30_000 });
  for (let cards = (await page.$$('.run-card')).length; cards > 1; cards--) {
    // Keep the last default run (Adam, lr 0.05): its lr carries over to each pick.
    await page.locator('.run-card').first().getByRole('button', { name: 'Delete' }).click();
    // Wait for the re-render before counting again, or a second click deletes the last card.
    await page.waitForFunction(
      (n) => document.querySelectorAll('.run-card').length === n,
      cards - 1,
    );
  }
  return { page, problems };
}

/** Types a query into the picker's search box, then chooses `name` in the filtered list. */
async function pick(page, query, name) {
  const search = page.getByLabel('Search optimizers by name, title or paper');
  await search.fill(query);
  const select = page.locator('.run-card select.optimizer-select');
  const listed = await select.locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(listed.includes(name), `"${query}" should list ${name}; listed ${listed.join(', ')}`);
  assert.ok(listed.length < catalog.optimizers.length, `"${query}" filtered nothing`);
  await select.selectOption(name);
  // The card is rebuilt for the new optimizer: wait for that, not for the old select's value.
  await page.waitForSelector(`.run-card .optimizer-picker[data-optimizer="${name}"]`);
}

async function waitForEnd(page, timeout = 30_000) {
  await waitForRunsToEnd(page, timeout);
}

test('one optimizer from every family: picked by search, cited, trained with metrics', async () => {
  const { page, problems } = await openOneRun();
  const families = new Map();
  for (const o of catalog.optimizers) {
    // The first member that can run on Rosenbrock (every optimizer can on a 2-D function).
    if (!families.has(o.family)) families.set(o.family, o);
  }
  assert.ok(families.size >= 5, `families: ${[...families.keys()].join(', ')}`);
  for (const [family, entry] of families) {
    // Search by the paper's first author and year, as a reader would.
    const query = `${entry.citation.authors.split(',')[0]} ${entry.citation.year}`;
    await pick(page, query, entry.name);
    const card = page.locator('.run-card');
    assert.equal(await card.locator('.optimizer-citation cite').textContent(), citation(entry));
    assert.equal(await card.locator('.optimizer-mechanism').textContent(), entry.description);
    assert.match((await card.locator('.optimizer-cost').textContent()) ?? '', /^Cost per step: /);
    await page.getByRole('button', { name: /Start/ }).click();
    await waitForEnd(page);
    const row = await page.$$eval('.comparison tbody tr', (rows) =>
      [...rows[0].children].map((c) => c.textContent?.trim() ?? ''),
    );
    assert.match(
      row[1] ?? '',
      /done|diverged at step \d+/,
      `${family}/${entry.name}: ${row.join(' | ')}`,
    );
    assert.match(row[2] ?? '', /\d/, `${family}/${entry.name}: no final loss: ${row.join(' | ')}`);
    console.log(`     ${family}: ${entry.name} via "${query}" -> ${row[1]}, loss ${row[2]}`);
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
  }
  await pick(page, 'adam', 'adam');
  // The picture for the README: a search by author lists that author's optimizers.
  await page.getByLabel('Search optimizers by name, title or paper').fill('Kingma');
  await page.locator('.run-card').screenshot({ path: join(out, 'zoo-picker.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('CBO: the particle cloud is drawn each step and the toggle hides it', async () => {
  const cbo = catalog.optimizers.find((o) => o.name === 'cbo');
  if (!cbo) return;
  const { page, problems } = await openOneRun();
  // Rastrigin: many local minima, the classic case for a consensus of particles.
  await page.getByLabel('Function', { exact: true }).selectOption('rastrigin');
  await pick(page, 'consensus', 'cbo');
  const canvas = page.locator('canvas.plane-canvas[data-particles]');
  for (let i = 0; i < 4; i++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.waitForTimeout(150);
  }
  await page.waitForFunction(
    () =>
      Number(document.querySelector('canvas.plane-canvas[data-particles]')?.dataset.particles) > 0,
  );
  const shown = Number(await canvas.getAttribute('data-particles'));
  const particles = cbo.params.find((p) => p.name === 'particles').default;
  // Particles outside the map are not drawn; nearly all of the default cloud is on it.
  assert.ok(shown > particles * 0.8 && shown <= particles, `drawn ${shown} of ${particles}`);
  const withCloud = await canvas.screenshot({ path: join(out, 'zoo-cbo-particles.png') });
  await page.getByRole('checkbox', { name: 'show particles' }).uncheck();
  await page.waitForFunction(
    () => document.querySelector('canvas.plane-canvas[data-particles]')?.dataset.particles === '0',
  );
  const without = await canvas.screenshot();
  assert.ok(!withCloud.equals(without), 'hiding the particles did not change the picture');
  await page.getByRole('checkbox', { name: 'show particles' }).check();
  await page.getByRole('button', { name: /Start/ }).click();
  await waitForEnd(page);
  await page.screenshot({ path: join(out, 'zoo-cbo-run.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a functions-only optimizer is unavailable on a data set, with the reason', async () => {
  const only = catalog.optimizers.find((o) => o.functions_only);
  if (!only) return;
  const { page, problems } = await openOneRun();
  await pick(page, only.name, only.name);
  await page.getByText('Data set + network', { exact: true }).click();
  const warning = page.locator('.run-card .optimizer-unavailable');
  await page.waitForFunction(
    () => document.querySelector('.run-card .optimizer-unavailable')?.textContent,
  );
  assert.match((await warning.textContent()) ?? '', /2-D functions only/);
  // The page switches to the spiral; what it cannot run is disabled in the list, the rest not.
  const spiral = catalog.datasets.find((d) => d.name === 'spiral');
  await page.getByLabel('Search optimizers by name, title or paper').fill('');
  const options = await page
    .locator('.run-card select.optimizer-select option')
    .evaluateAll((os) => os.map((o) => [o.value, o.disabled]));
  for (const [name, disabled] of options) {
    const entry = catalog.optimizers.find((o) => o.name === name);
    const expected =
      name !== only.name && (entry.functions_only || (entry.needs_hvp && !spiral.hvp));
    assert.equal(disabled, expected, name);
  }
  assert.deepEqual(problems, []);
  await page.close();
});
