// Links made by every state version still open and reproduce their recorded metrics bit for
// bit in Chromium (tests/fixtures/links/*.json; the same fixtures are replayed by the WASM
// core in Node and the native CLI in tests/wasm/links.test.mjs).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { trainLink } from '../fixtures/links/record.mjs';
import { guardedPage, launchChromium } from './guard.mjs';
import { serveStatic } from './static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const web = resolve(here, '../../web');
const { chromium } = createRequire(join(web, 'package.json'))('playwright-core');
const dist = process.env.E2E_DIST ?? join(web, 'dist');
const fixtureDir = resolve(here, '../fixtures/links');
const fixtures = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(join(fixtureDir, f), 'utf8'))]);
let server;
let browser;

before(async () => {
  assert.ok(existsSync(join(dist, 'index.html')), `${dist} is missing: run "npm run build" in web/`);
  server = await serveStatic(dist, '/');
  browser = await launchChromium(chromium);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const [file, fixture] of fixtures) {
  test(`${file}: the link opens and retrains to the recorded metrics, bit for bit`, async () => {
    const exported = await trainLink(browser, server.url, fixture.link, guardedPage);
    assert.deepEqual(
      exported.runs.map((r) => r.id),
      fixture.runs.map((r) => r.id),
    );
    exported.runs.forEach((run, i) => {
      const expected = fixture.runs[i];
      assert.deepEqual(run.config, expected.config, `${run.id}: the link decodes to the same config`);
      assert.equal(run.status, expected.status, `${run.id} status`);
      // JSON numbers print shortest-round-trip, so equal text means equal doubles.
      for (const [name, values] of Object.entries(expected.columns)) {
        assert.equal(JSON.stringify(run.columns[name]), JSON.stringify(values), `${run.id} ${name}`);
      }
    });
  });
}
