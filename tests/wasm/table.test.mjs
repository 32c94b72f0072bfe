// Users' tables in the page's core (WASM in Node): the bytes cross the binding exactly (the
// SHA-256 the core computes is the file's, checked with Node's crypto; a non-UTF-8 byte is
// seen as such), the description counts what the file holds, a table run equals the
// built-in set's run bit for bit, and a sweep on a table exported for the command line
// carries the file and its hash and comes back equal to the WASM runs within 1e-6.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { createRequire } from "node:module";
import { loadDescent, nativeCli, repoRoot, runToEnd } from "./load-module.mjs";

const irisBytes = new Uint8Array(
  fs.readFileSync(
    path.join(repoRoot, "tests", "fixtures", "tables", "iris.csv"),
  ),
);
const irisSha = crypto.createHash("sha256").update(irisBytes).digest("hex");

function config(problem, seed = 3) {
  return {
    schema: 1,
    seed,
    problem,
    model: {
      hidden: [8],
      activation: "tanh",
      init: "xavier_uniform",
      loss: "cross_entropy",
    },
    optimizer: { name: "adam", lr: 0.01 },
    batch_size: 16,
    steps: 80,
    eval_every: 20,
  };
}

test("the core hashes and reads the exact bytes it is given", async () => {
  const module = await loadDescent();
  const answer = JSON.parse(module.registerTable(irisBytes));
  assert.equal(answer.ok, true);
  assert.equal(answer.sha256, irisSha);
  assert.equal(answer.rows, 150);
  // 0xE9 alone is Latin-1 "é", not UTF-8: a binding that passed text would have re-encoded it.
  const latin1 = new Uint8Array([
    ...new TextEncoder().encode("a,y\n1,0\ncaf"),
    0xe9,
    0x2c,
    0x31,
    0x0a,
  ]);
  const refused = JSON.parse(module.registerTable(latin1));
  assert.equal(refused.ok, false);
  assert.match(refused.error, /line 3: the file is not UTF-8/);

  const described = JSON.parse(
    module.describeTable(irisSha, JSON.stringify({ label: "label" })),
  );
  assert.equal(described.ok, true);
  assert.deepEqual(
    described.table.label.classes,
    ["0", "1", "2"].map((name) => ({ name, count: 50 })),
  );
  assert.equal(described.table.features, 4);
  assert.equal(described.table.error, null);
  assert.equal(described.table.preview[0].join(","), "5.1,3.5,1.4,0.2,0");
});

test("a table run in WASM is the built-in run, bit for bit", async () => {
  const module = await loadDescent();
  JSON.parse(module.registerTable(irisBytes));
  const table = runToEnd(
    module,
    config({
      kind: "table",
      sha256: irisSha,
      label: "label",
      test_fraction: 0.25,
    }),
  );
  const builtin = runToEnd(
    module,
    config({ kind: "dataset", name: "iris", test_fraction: 0.25 }),
  );
  assert.equal(table.status, "ok");
  assert.ok(table.columns.loss.length > 3);
  assert.deepEqual(table.columns, builtin.columns);
  // Another module (a fresh worker) without the table refuses the config by its hash.
  const fresh = await loadDescent();
  const result = JSON.parse(
    fresh.validate(
      JSON.stringify(
        config({ kind: "table", sha256: irisSha, label: "label" }),
      ),
    ),
  );
  assert.equal(result.ok, false);
  assert.equal(result.errors[0].field, "problem.sha256");
});

async function pageCode() {
  const require = createRequire(path.join(repoRoot, "web", "package.json"));
  const esbuild = require("esbuild");
  const out = await esbuild.build({
    stdin: {
      contents: "export * from './cli-export';\nexport * from './tar';",
      resolveDir: path.join(repoRoot, "web", "src", "compare"),
      loader: "ts",
    },
    bundle: true,
    format: "esm",
    platform: "node",
    write: false,
  });
  const file = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), "descent-table-code-")),
    "x.mjs",
  );
  fs.writeFileSync(file, out.outputFiles[0].text);
  return import(file);
}

test(
  "a sweep on a table, exported for the command line, carries the file and its hash",
  { timeout: 300_000 },
  async () => {
    assert.ok(
      fs.existsSync(nativeCli),
      `build the native CLI first (${nativeCli})`,
    );
    const code = await pageCode();
    const module = await loadDescent();
    JSON.parse(module.registerTable(irisBytes));
    const problem = {
      kind: "table",
      sha256: irisSha,
      label: "label",
      task: "auto",
      test_fraction: 0.25,
    };
    const jobs = [1, 2].map((seed) => ({
      id: `r1.p0.s${seed}`,
      config: config(problem, seed),
    }));
    const state = {
      problem: { kind: "dataset", name: "table", params: {}, start: null },
    };
    const files = code.cliExportFiles(state, jobs, "descent-sweep", {
      file: "my iris (copy).csv",
      sha256: irisSha,
      bytes: irisBytes,
    });
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "descent-table-sweep-"));
    fs.writeFileSync(path.join(work, "sweep.tar"), code.tarArchive(files));
    execFileSync("tar", ["xf", "sweep.tar"], { cwd: work });
    const folder = path.join(work, "descent-sweep");
    // The bundled file is the table, byte for byte, and its hash file checks.
    execFileSync("sha256sum", ["-c", "SHA256SUMS"], {
      cwd: path.join(folder, "table"),
    });
    assert.deepEqual(
      new Uint8Array(
        fs.readFileSync(path.join(folder, "table", "my_iris_copy_.csv")),
      ),
      irisBytes,
    );
    for (const job of jobs) {
      const out = execFileSync(nativeCli, [
        "run",
        path.join(folder, "configs", `${job.id}.json`),
      ]);
      const rows = out
        .toString()
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l))
        .filter((r) => "step" in r && !("status" in r));
      const wasm = runToEnd(module, job.config);
      assert.equal(rows.length, wasm.columns.loss.length);
      rows.forEach((row, i) => {
        for (const name of ["loss", "accuracy", "test_loss", "test_accuracy"]) {
          const a = row[name];
          const b = wasm.columns[name][i];
          assert.ok(
            Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)),
            `${job.id} ${name}[${i}]`,
          );
        }
      });
    }
    // A different file under the same name is refused by the native core.
    fs.writeFileSync(
      path.join(folder, "table", "my_iris_copy_.csv"),
      "x,label\n1,0\n2,1\n",
    );
    assert.throws(
      () =>
        execFileSync(
          nativeCli,
          ["run", path.join(folder, "configs", `${jobs[0].id}.json`)],
          {
            stdio: "pipe",
          },
        ),
      (error) => /a different file; refusing/.test(String(error.stderr)),
    );
  },
);
