// Charts as figures, in headless Chromium on the built page: on a data set the minibatch loss
// is charted at every step and the automatic cadence gives the training loss ~170 points;
// the data table (the chart's text alternative) follows the core's records; a box drag zooms
// and a double-click resets; the hover lists every run; PNG export honours the chosen pixel
// ratio; the data + script bundle holds the drawn points and its matplotlib script redraws
// them (where Debian's python3-matplotlib is installed); the 2-D map, the Compare panel's
// charts (seed bands, sweep curve, heat maps, parallel coordinates) and a data set's decision
// boundary have a data table and export too.
// Images go to $E2E_OUT (default /tmp/descent-e2e).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { guardedPage } from './guard.mjs';
import { baseState, linkOf } from './share-link.mjs';
import { browserSuite, out } from './harness.mjs';

const suite = browserSuite({ prefix: '/figures/' });

const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

async function open(state) {
  const page = await guardedPage(suite.browser, suite.server.url, {
    viewport: { width: 1440, height: 1100 },
    acceptDownloads: true,
  });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  await page.goto(`${suite.server.url}#${linkOf(state)}`);
  await page.waitForSelector('.run-card', { timeout: 30_000 });
  return { page, problems };
}

async function trainToEnd(page) {
  await page.getByRole('button', { name: /Start/ }).click();
  await page.waitForFunction(
    () => {
      const cells = [...document.querySelectorAll('.comparison .status')];
      return cells.length > 0 && cells.every((c) => /done|diverged/.test(c.textContent ?? ''));
    },
    null,
    { timeout: 90_000 },
  );
}

/** Opens a chart's data table; its rows as [line, points, first, last, lowest, highest]. */
async function dataTable(page, chart) {
  const box = page.locator(`figure[data-chart="${chart}"]`);
  const details = box.locator('details.chart-data');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  // The table is filled when the details open (a toggle event): wait for its rows.
  await box.locator('.chart-data-table tbody tr').first().waitFor({ timeout: 30_000 });
  return box
    .locator('.chart-data-table tbody tr')
    .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')));
}

function untar(bytes) {
  const files = new Map();
  let offset = 0;
  while (offset + 512 <= bytes.length) {
    const header = bytes.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start, length) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12), 8);
    files.set(field(0, 100), bytes.subarray(offset + 512, offset + 512 + size).toString('utf8'));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

const pngSize = (bytes) => {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
};

async function download(page, click) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

/**
 * A plane view's exports at PNG scale 2: checks the PNG is twice the canvas's content box
 * (the plane is drawn over it, no border), returns the data bundle's files, its name and
 * the lines of its field.csv.
 */
async function planeExports(page, view, canvasLocator) {
  const canvas = await canvasLocator.evaluate((c) => ({
    width: c.clientWidth,
    height: c.clientHeight,
  }));
  await page.selectOption('select.figure-scale', '2');
  const png = await download(page, () => view.getByRole('button', { name: /as PNG/ }).click());
  assert.deepEqual(pngSize(png.bytes), {
    width: Math.round(canvas.width * 2),
    height: Math.round(canvas.height * 2),
  });
  const bundle = await download(page, () =>
    view.getByRole('button', { name: /data and a matplotlib script/ }).click(),
  );
  const files = untar(bundle.bytes);
  const name = bundle.name.replace(/\.tar$/, '');
  return { files, name, field: files.get(`${name}/field.csv`).trim().split('\r\n') };
}

/** Unpacks a bundle and runs its plot.py headless; returns the PNG's size. */
function redraw(files, name) {
  const dir = mkdtempSync(join(tmpdir(), 'descent-bundle-'));
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const png = join(out, `${name}-matplotlib.png`);
  const result = spawnSync(PYTHON, [join(dir, name, 'plot.py'), png], {
    encoding: 'utf8',
    env: { ...process.env, MPLBACKEND: 'Agg' },
    timeout: 120_000,
  });
  assert.equal(result.status, 0, result.stderr);
  return pngSize(readFileSync(png));
}

const hasMatplotlib =
  spawnSync(PYTHON, ['-c', 'import matplotlib'], { encoding: 'utf8' }).status === 0;

const spiral = baseState({
  problem: { kind: 'dataset', name: 'spiral', params: {}, start: null },
  evalEvery: 0,
  runs: baseState()
    .runs.slice(0, 3)
    .map((r, i) =>
      i === 2
        ? { ...r, optimizer: { name: 'adam', params: { lr: 0.01 } } }
        : {
            ...r,
            optimizer: { name: 'sgd', params: { lr: 0.1, ...(i === 1 ? { momentum: 0.9 } : {}) } },
          },
    ),
});

test('data set: dense curves, data tables, zoom, hover, PNG and the matplotlib bundle', async () => {
  const { page, problems } = await open(spiral);
  await trainToEnd(page);
  assert.equal(await page.locator('figure[data-chart="batch-loss"]').isVisible(), true);

  // Every step of the minibatch loss (raw line under its EMA), and 168 evaluations
  // (0, 3, ..., 498, 500) of the training loss under the automatic cadence.
  const batch = await dataTable(page, 'batch-loss');
  assert.deepEqual(
    batch.map((r) => [r[0], r[1]]),
    [
      ['SGD (raw)', '500'],
      ['Momentum (raw)', '500'],
      ['Adam (raw)', '500'],
    ],
  );
  assert.ok(
    batch.every((r) => /at 1$/.test(r[2]) && /at 500$/.test(r[3])),
    JSON.stringify(batch),
  );
  const loss = await dataTable(page, 'loss');
  assert.deepEqual(
    loss.map((r) => [r[0], r[1]]),
    [
      ['SGD', '168'],
      ['Momentum', '168'],
      ['Adam', '168'],
    ],
  );
  // The table's last loss is the comparison table's final loss (both the core's last row).
  const finals = await page.$$eval('.comparison tbody tr', (rows) =>
    rows.map((r) => r.children[2]?.textContent?.trim() ?? ''),
  );
  const lastLoss = loss.map((r) => Number(r[3].split(' at ')[0]));
  finals.forEach((text, i) =>
    assert.ok(
      Math.abs(Number(text) - lastLoss[i]) <= 1e-3 * Math.abs(lastLoss[i]),
      `${text} vs ${lastLoss[i]}`,
    ),
  );

  // Hover: every run's value at that step.
  const canvas = page.locator('figure[data-chart="loss"] canvas');
  await canvas.scrollIntoViewIfNeeded();
  const area = await canvas.boundingBox();
  await page.mouse.move(area.x + area.width * 0.5, area.y + area.height * 0.5);
  await page.waitForTimeout(200);
  const hover = await page.evaluate(() =>
    window.__descentTest.chart('figure[data-chart="loss"] canvas'),
  );
  assert.match(hover.tooltip[0], /^step \d+$/);
  assert.deepEqual(
    hover.tooltip.slice(1).map((l) => l.split(':')[0]),
    ['SGD', 'Momentum', 'Adam'],
  );

  // Zoom: drag a box over the middle third; a double-click resets to the whole run.
  const full = await page.evaluate(() =>
    window.__descentTest.chart('figure[data-chart="loss"] canvas'),
  );
  await page.mouse.move(area.x + area.width * 0.35, area.y + area.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(area.x + area.width * 0.55, area.y + area.height * 0.6, { steps: 5 });
  await page.mouse.up();
  const zoomed = await page.evaluate(() =>
    window.__descentTest.chart('figure[data-chart="loss"] canvas'),
  );
  assert.ok(zoomed.xMin > full.xMin && zoomed.xMax < full.xMax, JSON.stringify({ full, zoomed }));
  await page.screenshot({ path: join(out, 'charts-zoomed.png') });
  await canvas.dblclick();
  const reset = await page.evaluate(() =>
    window.__descentTest.chart('figure[data-chart="loss"] canvas'),
  );
  assert.deepEqual([reset.xMin, reset.xMax], [full.xMin, full.xMax]);

  // PNG at 3x: three device pixels per CSS pixel of the chart.
  await page.selectOption('select.figure-scale', '3');
  const box = page.locator('figure[data-chart="loss"]');
  const png = await download(page, () => box.getByRole('button', { name: /as PNG/ }).click());
  assert.equal(png.name, 'training-loss@3x.png');
  const size = pngSize(png.bytes);
  assert.equal(size.width, Math.round(area.width * 3));
  assert.equal(size.height, Math.round(area.height * 3));

  // The bundle: data.csv has every drawn point (3 runs x 168), plot.py redraws it.
  const bundle = await download(page, () =>
    box.getByRole('button', { name: /data and a matplotlib script/ }).click(),
  );
  assert.equal(bundle.name, 'training-loss.tar');
  const files = untar(bundle.bytes);
  assert.deepEqual([...files.keys()].sort(), [
    'training-loss/README.txt',
    'training-loss/data.csv',
    'training-loss/plot.py',
  ]);
  const csv = files.get('training-loss/data.csv').trim().split('\r\n');
  assert.equal(csv.length, 1 + 3 * 168);
  assert.match(files.get('training-loss/plot.py'), /LOG_Y = True/);
  if (hasMatplotlib) assert.deepEqual(redraw(files, 'training-loss'), { width: 1280, height: 800 });
  else console.log('     (python3-matplotlib not installed: the script was not run)');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the 2-D map: PNG at the chosen ratio, and a bundle with the core grid', async () => {
  const { page, problems } = await open(baseState());
  await trainToEnd(page);
  const view = page.locator('.plane-view:has(canvas[aria-label^="Map of"])');
  const { files, name, field } = await planeExports(
    page,
    view,
    view.getByRole('img', { name: /^Map of/ }),
  );
  assert.equal(field.length, 1 + 160 * 160);
  const data = files.get(`${name}/data.csv`).trim().split('\r\n');
  // Three trajectories of 501 points, the start and the minimum.
  assert.equal(data.length, 1 + 3 * 501 + 1 + 1);
  // The table lists the trajectories.
  await view.locator('details.chart-data summary').click();
  await view.locator('.chart-data-table tbody tr').first().waitFor({ timeout: 30_000 });
  const rows = await view.locator('.chart-data-table tbody tr th').allTextContents();
  assert.deepEqual(rows, ['SGD', 'Momentum', 'Adam']);
  if (hasMatplotlib) assert.deepEqual(redraw(files, name), { width: 1000, height: 1000 });
  assert.deepEqual(problems, []);
  await page.close();
});

// A sweep on iris: two SGD runs over the learning rate and the momentum, one seed.
const sweepOn = (mode) =>
  baseState({
    problem: { kind: 'dataset', name: 'iris', params: {}, start: null },
    model: {
      hidden: [8],
      activation: 'tanh',
      init: 'xavier_uniform',
      loss: 'cross_entropy',
      params: {},
    },
    seed: 11,
    steps: 60,
    batchSize: 16,
    evalEvery: 10,
    runs: baseState()
      .runs.slice(0, 2)
      .map((r) => ({ ...r, optimizer: { name: 'sgd', params: { lr: 0.1, momentum: 0.5 } } })),
    sweep: {
      axes: [
        { param: 'optimizer.lr', lo: 0.01, hi: 0.1, count: 2, log: true },
        { param: 'optimizer.momentum', lo: 0, hi: 0.9, count: 2, log: false },
      ],
      mode,
      samples: 3,
      sampleSeed: 1,
      seeds: 1,
      seedStreams: 'all',
      budget: 'steps',
      budgetAmount: 60,
      select: 'final',
      band: 'std',
    },
  });

async function runSweep(page, total) {
  await page.click('[data-action=sweep-run]');
  await page.waitForFunction(
    (n) =>
      document.querySelector('.sweep-progress')?.textContent?.startsWith(`${n} / ${n} runs done`),
    total,
    { timeout: 180_000 },
  );
}

/** A figure's buttons and its data table's rows (header cells first). */
async function figureOf(page, box) {
  await box.scrollIntoViewIfNeeded();
  const buttons = await box.locator('.figure-buttons button').allTextContents();
  const details = box.locator('details.chart-data');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  await box.locator('.chart-data-table').waitFor({ timeout: 30_000 });
  const rows = await box
    .locator('.chart-data-table tr')
    .evaluateAll((trs) => trs.map((r) => [...r.children].map((c) => c.textContent ?? '')));
  return { buttons, rows };
}

test('the compare charts: seed bands, sweep curve and heat maps have tables and exports', async () => {
  const { page, problems } = await open(sweepOn('grid'));
  await runSweep(page, 8);
  for (const chart of ['bands', 'sweep']) {
    const box = page.locator(`figure[data-chart="${chart}"]`);
    const { buttons, rows } = await figureOf(page, box);
    assert.deepEqual(buttons, ['PNG', 'Data + script'], chart);
    // A row per run (the band edges are guides, not data).
    assert.deepEqual(
      rows.slice(1).map((r) => r[0].replace(/ \(n=\d+\)$/, '')),
      ['SGD', 'Momentum'],
      chart,
    );
  }
  // The sweep curve's bundle: the two means and their min/max edges, 2 values each.
  const curve = page.locator('figure[data-chart="sweep"]');
  const bundle = await download(page, () =>
    curve.getByRole('button', { name: /data and a matplotlib script/ }).click(),
  );
  const curveCsv = untar(bundle.bytes).get('loss-against-the-swept-value/data.csv');
  assert.equal(curveCsv.trim().split('\r\n').length, 1 + 2 * 3 * 2);

  // Heat maps: one per run, its table the 2 x 2 grid, its bundle's data.csv the grid.
  const maps = page.locator('[data-chart="heatmap"] figure.heatmap');
  assert.equal(await maps.count(), 2);
  const heat = maps.first();
  const { buttons, rows } = await figureOf(page, heat);
  assert.deepEqual(buttons, ['PNG', 'Data + script']);
  assert.deepEqual(rows.length, 1 + 2);
  assert.deepEqual(rows[0].slice(1), ['0.01', '0.1']);
  const cells = rows.slice(1).flatMap((r) => r.slice(1).map(Number));
  assert.ok(
    cells.every((v) => v > 0 && Number.isFinite(v)),
    JSON.stringify(rows),
  );
  const heatBundle = await download(page, () =>
    heat.getByRole('button', { name: /data and a matplotlib script/ }).click(),
  );
  assert.equal(heatBundle.name, 'heat-map-sgd.tar');
  const heatFiles = untar(heatBundle.bytes);
  const grid = heatFiles.get('heat-map-sgd/data.csv').trim().split('\r\n');
  assert.equal(grid[0], 'x,y,value');
  assert.equal(grid.length, 1 + 4);
  // The table shows the bundle's numbers (rows: momentum 0 then 0.9; columns: lr).
  grid.slice(1).forEach((line, k) => {
    const value = Number(line.split(',')[2]);
    assert.ok(Math.abs(value - cells[k]) <= 1e-4 * value, `${line} vs ${cells[k]}`);
  });
  await page.selectOption('select.figure-scale', '2');
  const png = await download(page, () => heat.getByRole('button', { name: /as PNG/ }).click());
  assert.deepEqual(pngSize(png.bytes), { width: 2 * 28 * 2, height: 2 * 28 * 2 });
  if (hasMatplotlib)
    assert.deepEqual(redraw(heatFiles, 'heat-map-sgd'), { width: 1280, height: 800 });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the compare charts: parallel coordinates have a table and exports', async () => {
  const { page, problems } = await open(sweepOn('random'));
  await runSweep(page, 6);
  const box = page.locator('[data-chart="parallel"]');
  const { buttons, rows } = await figureOf(page, box);
  assert.deepEqual(buttons, ['PNG', 'Data + script']);
  assert.deepEqual(rows[0], ['Line', 'optimizer.lr', 'optimizer.momentum', 'final loss']);
  assert.equal(rows.length, 1 + 6);
  const bundle = await download(page, () =>
    box.getByRole('button', { name: /data and a matplotlib script/ }).click(),
  );
  const files = untar(bundle.bytes);
  assert.equal(files.get('parallel-coordinates/data.csv').trim().split('\r\n').length, 1 + 6 * 3);
  if (hasMatplotlib)
    assert.deepEqual(redraw(files, 'parallel-coordinates'), { width: 1280, height: 800 });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the data set boundary view: a table of the points, PNG and the core grid', async () => {
  const { page, problems } = await open(spiral);
  await trainToEnd(page);
  const view = page.locator('.plane-view:has(canvas[aria-label*="ecision boundary"])');
  await page.waitForFunction(() =>
    /over \d+ training points/.test(
      document
        .querySelector('canvas[aria-label*="ecision boundary"]')
        ?.getAttribute('aria-label') ?? '',
    ),
  );
  const { buttons, rows } = await figureOf(page, view);
  assert.deepEqual(buttons, ['PNG', 'Data + script']);
  const classes = rows.slice(1).map((r) => r[0]);
  assert.ok(
    classes.length >= 2 && classes.every((c, k) => c === `class ${k}`),
    JSON.stringify(rows),
  );
  const total = rows.slice(1).reduce((sum, r) => sum + Number(r[1]), 0);
  const label = await view.locator('canvas').getAttribute('aria-label');
  assert.equal(total, Number(/over (\d+) training points/.exec(label)[1]));
  const { files, name, field } = await planeExports(page, view, view.locator('canvas'));
  assert.equal(field[0], ['x', 'y', ...classes.map((_, k) => `p${k}`)].join(','));
  assert.equal(field.length, 1 + 72 * 72);
  // Each cell's class probabilities sum to one (the core's softmax).
  for (const line of field.slice(1, 50)) {
    const p = line.split(',').slice(2).map(Number);
    assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-5, line);
  }
  const data = files.get(`${name}/data.csv`).trim().split('\r\n');
  assert.equal(data.length, 1 + total);
  if (hasMatplotlib) assert.deepEqual(redraw(files, name), { width: 1000, height: 1000 });
  assert.deepEqual(problems, []);
  await page.close();
});
