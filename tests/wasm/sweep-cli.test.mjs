// A sweep's command-line round trip: the page's own sweep code (bundled from web/src with
// esbuild, run in Node) exports the tar archive; GNU parallel runs its configs with the
// native `descent run`; the page's import code reads the gathered results; every job and
// every seed band must match the same jobs run by the WASM core in Node within 1e-6
// (the core's native-vs-WASM tolerance), and the bands must equal statistics computed here
// independently from the CLI's JSON Lines.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { createRequire } from "node:module";
import { loadDescent, nativeCli, repoRoot, runToEnd } from "./load-module.mjs";

const TOLERANCE = 1e-6;

async function pageCode() {
  const require = createRequire(path.join(repoRoot, "web", "package.json"));
  const esbuild = require("esbuild");
  const out = await esbuild.build({
    stdin: {
      contents: [
        "export * from './cli-export';",
        "export * from './sweep-jobs';",
        "export * from './sweep-results';",
        "export * from './tar';",
      ].join("\n"),
      resolveDir: path.join(repoRoot, "web", "src", "compare"),
      loader: "ts",
    },
    bundle: true,
    format: "esm",
    platform: "node",
    write: false,
  });
  const file = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), "descent-sweep-code-")),
    "sweep.mjs",
  );
  fs.writeFileSync(file, out.outputFiles[0].text);
  return import(file);
}

function close(a, b) {
  if (Number.isNaN(a) || Number.isNaN(b))
    return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

function assertClose(actual, expected, what) {
  assert.equal(actual.length, expected.length, `${what}: lengths`);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(
      close(actual[i], expected[i]),
      `${what}[${i}]: ${actual[i]} vs ${expected[i]}`,
    );
  }
}

const state = {
  problem: { kind: "dataset", name: "iris", params: {}, start: null },
  model: {
    hidden: [8],
    activation: "tanh",
    init: "xavier_uniform",
    loss: "cross_entropy",
    params: {},
  },
  seed: 5,
  steps: 60,
  batchSize: 16,
  evalEvery: 10,
  runs: [
    {
      id: "r1",
      name: "SGD",
      color: "#1f77b4",
      visible: true,
      optimizer: { name: "sgd", params: { lr: 0.1, momentum: 0.9 } },
      schedule: { name: "constant", params: {} },
      transforms: [],
    },
    {
      id: "r2",
      name: "SAM",
      color: "#ff7f0e",
      visible: true,
      optimizer: { name: "sam", params: { lr: 0.1 } },
      schedule: { name: "constant", params: {} },
      transforms: [],
    },
  ],
  view: {
    logY: true,
    logX: false,
    smoothing: 0,
    selectedRun: null,
    targetLoss: null,
  },
  embed: { enabled: false, hide: [], locked: false },
  sweep: {
    axes: [{ param: "optimizer.lr", lo: 0.01, hi: 0.3, count: 2, log: true }],
    mode: "grid",
    samples: 4,
    sampleSeed: 1,
    seeds: 3,
    seedStreams: "init",
    budget: "gradients",
    budgetAmount: 60,
    select: "final",
    band: "minmax",
  },
};

test(
  "a sweep exported for GNU parallel comes back equal to WASM runs",
  { timeout: 600_000 },
  async () => {
    assert.ok(
      fs.existsSync(nativeCli),
      `build the native CLI first (${nativeCli})`,
    );
    const code = await pageCode();
    const module = await loadDescent();
    const catalog = JSON.parse(module.catalog());
    const jobs = code.sweepJobs(catalog, state, state.sweep);
    assert.equal(jobs.length, 2 * 2 * 3);
    // SAM costs two gradients per step: half the steps at an equal budget.
    assert.equal(jobs.find((j) => j.runId === "r2").config.steps, 30);
    assert.equal(jobs.find((j) => j.runId === "r1").config.steps, 60);

    const work = fs.mkdtempSync(path.join(os.tmpdir(), "descent-sweep-"));
    fs.writeFileSync(
      path.join(work, "sweep.tar"),
      code.tarArchive(code.cliExportFiles(state, jobs)),
    );
    execFileSync("tar", ["xf", "sweep.tar"], { cwd: work });
    const folder = path.join(work, "descent-sweep");
    execFileSync("sh", ["run-parallel.sh"], {
      cwd: folder,
      env: { ...process.env, DESCENT: nativeCli, JOBS: "2" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const text = fs.readFileSync(path.join(folder, "results.jsonl"), "utf8");
    const parsed = code.parseCliResults(text, new Set(jobs.map((j) => j.id)));
    assert.ok(parsed.ok, parsed.message);
    assert.equal(parsed.results.size, jobs.length);

    const wasm = new Map();
    for (const job of jobs) {
      const r = runToEnd(module, job.config);
      const columns = Object.fromEntries(
        code.SWEEP_COLUMNS.map((n) => [n, Float64Array.from(r.columns[n])]),
      );
      wasm.set(job.id, {
        status: r.status,
        message: r.message,
        computeMs: 0,
        columns,
      });
      const cli = parsed.results.get(job.id);
      assert.equal(cli.status, r.status, `${job.id} status`);
      for (const n of code.SWEEP_COLUMNS)
        assertClose(cli.columns[n], columns[n], `${job.id}.${n}`);
    }

    // Bands and the tuned choice: the page's code on CLI results vs on WASM results.
    const cells = code.cellsOf(jobs);
    const cliStats = cells.map((c) =>
      code.cellStats(c, (id) => parsed.results.get(id), state.sweep, null),
    );
    const wasmStats = cells.map((c) =>
      code.cellStats(c, (id) => wasm.get(id), state.sweep, null),
    );
    const cliWin = code.winners(cliStats);
    const wasmWin = code.winners(wasmStats);
    for (const run of state.runs) {
      assert.deepEqual(
        cliWin.get(run.id).cell.point,
        wasmWin.get(run.id).cell.point,
        `${run.id}: same winning lr`,
      );
    }
    for (const cell of cells) {
      const a = code.cellBand(
        cell,
        (id) => parsed.results.get(id),
        state.sweep,
      );
      const b = code.cellBand(cell, (id) => wasm.get(id), state.sweep);
      for (const key of ["x", "mean", "std", "min", "max"])
        assertClose(
          a[key],
          b[key],
          `${cell.runId}.p${cell.pointIndex} band ${key}`,
        );
      // Independently: mean/min/max per logged step straight from the JSON Lines files.
      const perStep = new Map();
      for (const job of cell.jobs) {
        for (const line of fs
          .readFileSync(path.join(folder, "results", `${job.id}.jsonl`), "utf8")
          .split("\n")) {
          if (!line.trim()) continue;
          const row = JSON.parse(line);
          if (row.status !== undefined || row.loss === undefined) continue;
          const x = row.step * job.evalsPerStep;
          (perStep.get(x) ?? perStep.set(x, []).get(x)).push(row.loss);
        }
      }
      const xs = [...perStep.keys()].sort((p, q) => p - q);
      assert.deepEqual(a.x, xs);
      xs.forEach((x, i) => {
        const ys = perStep.get(x);
        const mean = ys.reduce((s, y) => s + y, 0) / ys.length;
        assert.ok(close(a.mean[i], mean), `mean at ${x}`);
        assert.equal(a.min[i], Math.min(...ys));
        assert.equal(a.max[i], Math.max(...ys));
        const sd = Math.sqrt(
          ys.reduce((s, y) => s + (y - mean) ** 2, 0) / (ys.length - 1),
        );
        assert.ok(close(a.std[i], sd), `std at ${x}`);
      });
    }
    // Seeds vary the initial weights only: the three repetitions differ.
    const first = cells[0];
    const losses = first.jobs.map(
      (j) => parsed.results.get(j.id).columns.loss[0],
    );
    assert.equal(
      new Set(losses).size,
      3,
      "each seed starts from other weights",
    );
    fs.rmSync(work, { recursive: true, force: true });
  },
);
