// End-to-end: the Compare panel and the history in headless Chromium. A seed sweep opened
// from a link trains in the page's workers; its bands equal the statistics of the native
// CLI's output for the same configs (1e-6); the same link reproduces the sweep bit for bit
// in a fresh browser; the finished sweep is in the history after a reload and re-opens.
// Nothing may leave the origin (the shared guard). Screenshots go to $E2E_OUT
// (default /tmp/descent-e2e).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { test } from 'node:test';
import { join } from 'node:path';
import { guardedContext } from './guard.mjs';
import { run } from './share-link.mjs';
import { browserSuite, collectProblems, out, repo, requireWeb, web } from './harness.mjs';

const suite = browserSuite({ prefix: '/' });

const cli = process.env.DESCENT_CLI ?? join(repo, 'build', 'descent');
const TOLERANCE = 1e-6;

async function bundleLinkEncoder() {
  const bundle = await requireWeb('esbuild').build({
    entryPoints: [join(web, 'src', 'share', 'link.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
  });
  const file = join(mkdtempSync(join(os.tmpdir(), 'descent-link-')), 'link.mjs');
  writeFileSync(file, bundle.outputFiles[0].text);
  return file;
}
// The page's own link encoder, bundled for Node.
const { encodeState } = await import(await bundleLinkEncoder());

// Two optimizers on iris, the learning rate swept over two values, three seeds, at an equal
// gradient-evaluation budget: 12 short runs.
const sweepState = {
  problem: { kind: 'dataset', name: 'iris', params: {}, start: null },
  model: {
    hidden: [8],
    activation: 'tanh',
    init: 'xavier_uniform',
    loss: 'cross_entropy',
    params: {},
  },
  seed: 11,
  steps: 80,
  batchSize: 16,
  evalEvery: 10,
  runs: [
    run('r1', 'SGD', '#1f77b4', { name: 'sgd', params: { lr: 0.1, momentum: 0.9 } }),
    run('r2', 'Adam', '#2ca02c', { name: 'adam', params: { lr: 0.01 } }),
  ],
  view: { logY: true, logX: false, smoothing: 0, selectedRun: null, targetLoss: 0.5 },
  embed: { enabled: false, hide: [], locked: false },
  sweep: {
    axes: [{ param: 'optimizer.lr', lo: 0.003, hi: 0.1, count: 2, log: true }],
    mode: 'grid',
    samples: 4,
    sampleSeed: 1,
    seeds: 3,
    seedStreams: 'all',
    budget: 'gradients',
    budgetAmount: 80,
    select: 'final',
    band: 'std',
  },
};

async function openPage(context, url) {
  const page = await context.newPage();
  const problems = collectProblems(page);
  await page.goto(url);
  await page.waitForSelector('.run-card', { timeout: 60_000 });
  return { page, problems };
}

async function runSweep(page, total, timeout = 180_000) {
  await page.click('[data-action=sweep-run]');
  await page.waitForFunction(
    (n) =>
      document.querySelector('.sweep-progress')?.textContent?.startsWith(`${n} / ${n} runs done`),
    total,
    { timeout },
  );
}

async function sweepResults(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-action=sweep-export-json]'),
  ]);
  return JSON.parse(readFileSync(await download.path(), 'utf8'));
}

function close(a, b) {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

test(
  'a seed sweep: bands match the CLI, the link reproduces it, the history keeps it',
  { timeout: 900_000 },
  async () => {
    assert.ok(existsSync(cli), `build the native CLI first (${cli})`);
    const url = `${suite.server.url}#${await encodeState(sweepState)}`;
    const context = await guardedContext(suite.browser, suite.server.url, {
      viewport: { width: 1440, height: 1000 },
    });
    const { page, problems } = await openPage(context, url);
    await runSweep(page, 12);
    const rows = await page.$$eval('.sweep-table tbody tr', (trs) =>
      trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')),
    );
    assert.equal(rows.length, 2, 'one row per optimizer');
    assert.ok(
      rows.every((r) => / ± /.test(r[2])),
      `mean ± std in ${JSON.stringify(rows)}`,
    );
    await page.locator('.compare-panel').screenshot({ path: join(out, 'compare-bands.png') });

    const first = await sweepResults(page);
    assert.equal(first.jobs.length, 12);
    assert.ok(
      first.jobs.every((j) => j.status === 'ok'),
      'every job finished',
    );
    // The winners' bands against the native CLI on the same configs.
    const work = mkdtempSync(join(os.tmpdir(), 'descent-e2e-sweep-'));
    for (const winner of first.winners) {
      const jobs = first.jobs.filter(
        (j) =>
          j.id.startsWith(`${winner.runId}.`) &&
          JSON.stringify(j.config.optimizer.lr) === JSON.stringify(winner.point['optimizer.lr']),
      );
      assert.equal(jobs.length, 3, `${winner.runId}: three seeds`);
      const perX = new Map();
      for (const job of jobs) {
        const path = join(work, `${job.id}.json`);
        writeFileSync(path, JSON.stringify(job.config));
        const lines = execFileSync(cli, ['run', path], { encoding: 'utf8' }).trim().split('\n');
        const rowsOut = lines.map((l) => JSON.parse(l)).filter((r) => r.status === undefined);
        // Every job's own metrics: native against the page's WASM.
        rowsOut.forEach((r, i) =>
          assert.ok(close(r.loss, job.columns.loss[i]), `${job.id} loss[${i}]`),
        );
        const perStep = job.config.optimizer.name === 'sam' ? 2 : 1;
        for (const r of rowsOut)
          (perX.get(r.step * perStep) ?? perX.set(r.step * perStep, []).get(r.step * perStep)).push(
            r.loss,
          );
      }
      const xs = [...perX.keys()].sort((a, b) => a - b);
      assert.deepEqual(winner.band.x, xs);
      xs.forEach((x, i) => {
        const ys = perX.get(x);
        const mean = ys.reduce((s, y) => s + y, 0) / ys.length;
        const std = Math.sqrt(ys.reduce((s, y) => s + (y - mean) ** 2, 0) / (ys.length - 1));
        assert.ok(close(winner.band.mean[i], mean), `${winner.runId} mean at ${x}`);
        assert.ok(close(winner.band.std[i], std), `${winner.runId} std at ${x}`);
        assert.ok(close(winner.band.min[i], Math.min(...ys)), `${winner.runId} min at ${x}`);
        assert.ok(close(winner.band.max[i], Math.max(...ys)), `${winner.runId} max at ${x}`);
        assert.ok(close(winner.edges.lower[i], mean - std), 'mean - std edge');
      });
    }

    // The address bar holds the sweep: a fresh browser context reproduces it bit for bit.
    const link = page.url();
    const other = await guardedContext(suite.browser, suite.server.url, {
      viewport: { width: 1440, height: 1000 },
    });
    const replay = await openPage(other, link);
    await runSweep(replay.page, 12);
    const second = await sweepResults(replay.page);
    assert.equal(JSON.stringify(second.jobs), JSON.stringify(first.jobs), 'same link, same sweep');
    assert.equal(JSON.stringify(second.winners), JSON.stringify(first.winners));
    await other.close();

    // The history survives a reload and re-opens the sweep.
    await page.waitForSelector('.history-item', { timeout: 10_000 });
    await page.reload();
    await page.waitForSelector('.history-item', { timeout: 60_000 });
    const names = await page.$$eval('.history-item .history-name', (e) =>
      e.map((x) => x.textContent),
    );
    assert.ok(
      names.some((n) => /^Sweep: SGD, Adam on iris, 3 seeds/.test(n ?? '')),
      names.join(' | '),
    );
    await page.locator('.history-item').first().locator('[data-action=open]').click();
    await page.waitForFunction(() =>
      document.querySelector('.sweep-progress')?.textContent?.startsWith('12 / 12 runs done'),
    );
    const reopened = await sweepResults(page);
    assert.equal(
      JSON.stringify(reopened.winners),
      JSON.stringify(first.winners),
      're-opened sweep',
    );
    await page.locator('.history-panel').screenshot({ path: join(out, 'compare-history.png') });
    assert.deepEqual(problems, []);
    assert.deepEqual(replay.problems, []);
    await context.close();
  },
);
