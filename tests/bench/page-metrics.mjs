// The page under training load, in headless Chromium (the real app from web/dist):
// a four-run comparison (the lr_schedules demo: four Adam runs on digits) is started and
// requestAnimationFrame timestamps are recorded while it trains (until every run is done, at
// most windowMs). Reports frames per second
// (mean and 5th percentile of 1/frame interval), the longest frame, and the time from the
// click on Start to the first metrics in the comparison table ("first chart data").
// Benchmark figures, not pass/fail.
import { createServer } from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

function serveDir(dir) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png' };
  const server = createServer((req, res) => {
    let file = path.normalize(path.join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (file.startsWith(dir) && fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!file.startsWith(dir) || !fs.existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

export async function measurePage(browser, dist, { demo = 'lr_schedules', windowMs = 5000 } = {}) {
  const server = await serveDir(path.resolve(dist));
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForSelector('.run-card', { timeout: 60000 }).catch((e) => {
      throw new Error(`${e.message.split('\n')[0]}; page errors: ${errors.join('; ') || 'none'}`);
    });
    await page.getByLabel('Load a demo from the gallery').selectOption(demo);
    await page.waitForFunction(() => document.querySelectorAll('.run-card').length >= 3);
    while ((await page.locator('.run-card').count()) < 4) {
      const n = await page.locator('.run-card').count();
      await page.locator('.run-card').nth(n - 1).getByRole('button', { name: 'Duplicate' }).click();
      await page.waitForFunction((k) => document.querySelectorAll('.run-card').length === k + 1, n);
    }
    const runs = await page.locator('.run-card').count();
    await page.waitForTimeout(500);
    await page.evaluate((ms) => {
      const m = (window.__pageBench = { frames: [], clickAt: null, firstDataAt: null, windowMs: ms });
      const start = [...document.querySelectorAll('button')].find((b) => /Start/.test(b.textContent ?? ''));
      start.addEventListener('click', () => {
        m.clickAt = performance.now();
        const hasData = () =>
          [...document.querySelectorAll('.comparison tbody tr')].some((tr) => /\d/.test(tr.querySelectorAll('td')[1]?.textContent ?? ''));
        const observer = new MutationObserver(() => {
          if (m.firstDataAt === null && hasData()) {
            m.firstDataAt = performance.now();
            observer.disconnect();
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        // Frames until every run has finished (or the window ends): the page under load.
        const finished = () => {
          const cells = [...document.querySelectorAll('.comparison .status')];
          return cells.length > 0 && cells.every((c) => /done|diverged|failed|invalid/.test(c.textContent ?? ''));
        };
        const frame = (t) => {
          m.frames.push(t);
          if (t - m.clickAt < m.windowMs && !(m.frames.length > 2 && finished())) requestAnimationFrame(frame);
          else m.endedAt = t;
        };
        requestAnimationFrame(frame);
      }, { capture: true });
    }, windowMs);
    await page.getByRole('button', { name: /Start/ }).click();
    await page.waitForFunction(() => {
      const m = window.__pageBench;
      return m.endedAt !== undefined;
    }, null, { timeout: windowMs + 30000 });
    const m = await page.evaluate(() => {
      const b = window.__pageBench;
      const statuses = [...document.querySelectorAll('.comparison .status')].map((s) => s.textContent);
      return { frames: b.frames, clickAt: b.clickAt, firstDataAt: b.firstDataAt, endedAt: b.endedAt, statuses };
    });
    await page.close();
    const intervals = [];
    for (let i = 1; i < m.frames.length; i++) intervals.push(m.frames[i] - m.frames[i - 1]);
    intervals.sort((a, b) => a - b);
    const elapsed = m.frames[m.frames.length - 1] - m.frames[0];
    return {
      preset: demo, runs, windowMs, measuredMs: m.endedAt - m.clickAt,
      fps: ((m.frames.length - 1) * 1000) / elapsed,
      fpsP5: 1000 / intervals[Math.floor(intervals.length * 0.95)],
      longestFrameMs: intervals[intervals.length - 1],
      firstDataMs: m.firstDataAt === null ? null : m.firstDataAt - m.clickAt,
      statusesAtEnd: m.statuses,
    };
  } finally {
    await new Promise((ok) => server.close(ok));
  }
}
