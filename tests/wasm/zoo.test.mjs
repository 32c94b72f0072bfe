// Every optimizer in the catalog runs in the page's core (WASM in Node) with its default
// hyperparameters: 50 steps on a network and on a 2-D function where it is allowed, finite
// metrics, no divergence and a lower loss at the end than at the start. The catalog's
// availability flags (functions_only, needs_hvp, each problem's hvp) must say exactly what
// the core accepts, since the page greys out optimizers from those flags alone. And the
// particle clouds of CBO and ES (Run.particles) are the clouds behind the reported point.
// New catalog entries are picked up with no change here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadDescent } from "./load-module.mjs";

const descent = await loadDescent();
const catalog = JSON.parse(descent.catalog());
const STEPS = 50;

// The model problem for step sizes (largest curvature 1, condition number 10).
const quadratic = { kind: "function", name: "quadratic" };
// A small full-batch network, so every optimizer sees the same deterministic objective.
const spiral = {
  kind: "dataset",
  name: "spiral",
  n: 200,
  noise: 0.1,
  test_fraction: 0.25,
};
const model = {
  hidden: [16],
  activation: "tanh",
  init: "xavier_uniform",
  loss: "cross_entropy",
};

function config(problem, optimizer, extra = {}) {
  const base = { schema: 1, seed: 3, problem, optimizer, steps: STEPS };
  if (problem.kind === "dataset")
    Object.assign(base, { model, batch_size: 0, eval_every: 10 });
  return { ...base, ...extra };
}

/** The page's rule (web/src/core/catalog.ts optimizerAvailability), from the flags alone. */
function allowed(entry, problem) {
  if (entry.functions_only && problem.kind !== "function") return false;
  if (entry.networks_only && problem.kind === "function") return false;
  const list =
    problem.kind === "function" ? catalog.functions : catalog.datasets;
  const problemEntry = list.find((p) => p.name === problem.name);
  return !(entry.needs_hvp && !problemEntry.hvp);
}

function train(cfg) {
  const run = new descent.Run(JSON.stringify(cfg));
  try {
    if (!run.ok()) return { ok: false, error: run.error() };
    const loss = [];
    const rows = {};
    const take = () => {
      for (const [name, values] of Object.entries(run.takeMetrics()))
        (rows[name] ??= []).push(...values);
    };
    take();
    while (run.status() === "running") {
      run.step(10);
      take();
    }
    loss.push(...rows.loss);
    return {
      ok: true,
      status: run.status(),
      message: run.message(),
      rows,
      loss,
    };
  } finally {
    run.delete();
  }
}

test("the catalog flags every optimizer and problem for the picker", () => {
  assert.ok(catalog.optimizers.length >= 50);
  for (const o of catalog.optimizers) {
    assert.equal(typeof o.functions_only, "boolean", o.name);
    assert.equal(typeof o.needs_hvp, "boolean", o.name);
    assert.equal(typeof o.networks_only, "boolean", o.name);
    assert.ok(
      o.family && o.description && o.citation.title && o.citation.year > 1900,
      o.name,
    );
    assert.ok(o.cost.gradients >= 0 && o.cost.hvps >= 0, o.name);
    if (o.needs_hvp)
      assert.ok(o.cost.hvps > 0, `${o.name} needs HVPs and says how many`);
  }
  for (const p of [...catalog.functions, ...catalog.datasets])
    assert.equal(typeof p.hvp, "boolean");
});

for (const { label, problem } of [
  { label: "2-D function (quadratic)", problem: quadratic },
  { label: "network (spiral, 16 tanh units)", problem: spiral },
]) {
  test(`every optimizer at its defaults on a ${label}: runs where allowed, refused where not`, () => {
    const failures = [];
    let ran = 0;
    for (const entry of catalog.optimizers) {
      const result = train(config(problem, { name: entry.name }));
      if (!allowed(entry, problem)) {
        // Refused by the core too, with the optimizer named, never half-run.
        if (result.ok)
          failures.push(
            `${entry.name}: the catalog says unavailable, the core ran it`,
          );
        else if (!/"optimizer\.name"/.test(result.error))
          failures.push(
            `${entry.name}: refused without naming optimizer.name: ${result.error}`,
          );
        continue;
      }
      ran++;
      if (!result.ok) {
        failures.push(`${entry.name}: refused: ${result.error}`);
        continue;
      }
      const { rows, loss } = result;
      if (result.status !== "ok") {
        failures.push(`${entry.name}: ${result.status}: ${result.message}`);
        continue;
      }
      for (const column of ["loss", "grad_norm", "update_norm", "param_norm"]) {
        const bad = rows[column].slice(1).filter((v) => !Number.isFinite(v));
        if (bad.length > 0)
          failures.push(`${entry.name}: ${column} not finite`);
      }
      const first = loss[0];
      const last = loss.at(-1);
      if (!(last < first))
        failures.push(`${entry.name}: loss ${first} -> ${last}, no decrease`);
    }
    assert.ok(ran > 0);
    assert.deepEqual(failures, []);
  });
}

/** f at a point, from the core's own function (a 1 x 1 grid). */
function valueAt(problem, x, y) {
  return descent.functionGrid(JSON.stringify(problem), x, x, y, y, 1, 1)[0];
}

test("CBO: the particles behind each step have the reported point as their consensus", () => {
  const problem = { kind: "function", name: "rosenbrock", start: [-1.5, 2] };
  const alpha = 30;
  const n = 37;
  const run = new descent.Run(
    JSON.stringify(
      config(problem, { name: "cbo", particles: n, alpha }, { steps: 30 }),
    ),
  );
  try {
    assert.ok(run.ok(), run.error());
    run.takeMetrics();
    assert.equal(run.particles().length, 0, "no cloud before the first step");
    for (let t = 1; t <= 30; t++) {
      run.step(1);
      const { x, y } = run.takeMetrics();
      const cloud = run.particles();
      assert.ok(cloud instanceof Float32Array);
      assert.equal(cloud.length, 2 * n);
      // Pinnau et al. 2017, Eq. 1: v = sum x_i exp(-alpha f(x_i)) / sum exp(-alpha f(x_i)).
      const f = [];
      for (let i = 0; i < n; i++)
        f.push(valueAt(problem, cloud[2 * i], cloud[2 * i + 1]));
      const fmin = Math.min(...f);
      let w = 0;
      let vx = 0;
      let vy = 0;
      for (let i = 0; i < n; i++) {
        const wi = Math.exp(-alpha * (f[i] - fmin));
        w += wi;
        vx += wi * cloud[2 * i];
        vy += wi * cloud[2 * i + 1];
      }
      assert.ok(
        Math.abs(vx / w - x[0]) < 1e-5,
        `step ${t}: x ${vx / w} vs ${x[0]}`,
      );
      assert.ok(
        Math.abs(vy / w - y[0]) < 1e-5,
        `step ${t}: y ${vy / w} vs ${y[0]}`,
      );
    }
  } finally {
    run.delete();
  }
});

test("ES: the particles are the 2 x pairs mirrored samples around the point of the step", () => {
  const problem = { kind: "function", name: "booth" };
  const pairs = 7;
  const sigma = 0.3;
  const run = new descent.Run(
    JSON.stringify(
      config(problem, { name: "es", pairs, sigma }, { steps: 20 }),
    ),
  );
  try {
    assert.ok(run.ok(), run.error());
    let { x, y } = run.takeMetrics();
    let before = [x[0], y[0]];
    for (let t = 1; t <= 20; t++) {
      run.step(1);
      const cloud = run.particles();
      assert.equal(cloud.length, 2 * 2 * pairs);
      let mx = 0;
      let my = 0;
      let spread = 0;
      for (let i = 0; i < 2 * pairs; i++) {
        mx += cloud[2 * i] / (2 * pairs);
        my += cloud[2 * i + 1] / (2 * pairs);
        spread +=
          Math.hypot(cloud[2 * i] - before[0], cloud[2 * i + 1] - before[1]) /
          (2 * pairs);
      }
      assert.ok(
        Math.abs(mx - before[0]) < 1e-5 && Math.abs(my - before[1]) < 1e-5,
        `step ${t}`,
      );
      assert.ok(
        spread > 0.3 * sigma && spread < 3 * sigma,
        `step ${t}: spread ${spread}`,
      );
      ({ x, y } = run.takeMetrics());
      before = [x[0], y[0]];
    }
  } finally {
    run.delete();
  }
});

test("single-point optimizers and networks have no particles", () => {
  for (const cfg of [
    config(quadratic, { name: "adam" }),
    config(spiral, { name: "sgd" }),
  ]) {
    const run = new descent.Run(JSON.stringify(cfg));
    run.step(3);
    assert.equal(run.particles().length, 0);
    run.delete();
  }
});
