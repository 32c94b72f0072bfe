// Links made by every state version still open and reproduce their recorded metrics bit for
// bit in Chromium (tests/fixtures/links/*.json; the same fixtures are replayed by the WASM
// core in Node and the native CLI in tests/wasm/links.test.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trainLink } from '../fixtures/links/record.mjs';
import { guardedPage } from './guard.mjs';
import { browserSuite, linkFixtures } from './harness.mjs';

const suite = browserSuite({ prefix: '/' });

const fixtures = linkFixtures();

for (const [file, fixture] of fixtures) {
  test(`${file}: the link opens and retrains to the recorded metrics, bit for bit`, async () => {
    const exported = await trainLink(suite.browser, suite.server.url, fixture.link, guardedPage);
    assert.deepEqual(
      exported.runs.map((r) => r.id),
      fixture.runs.map((r) => r.id),
    );
    exported.runs.forEach((run, i) => {
      const expected = fixture.runs[i];
      assert.deepEqual(
        run.config,
        expected.config,
        `${run.id}: the link decodes to the same config`,
      );
      assert.equal(run.status, expected.status, `${run.id} status`);
      // JSON numbers print shortest-round-trip, so equal text means equal doubles.
      for (const [name, values] of Object.entries(expected.columns)) {
        assert.equal(
          JSON.stringify(run.columns[name]),
          JSON.stringify(values),
          `${run.id} ${name}`,
        );
      }
    });
  });
}
