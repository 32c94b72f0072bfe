// The Descent WASM core as a benchmark engine, in Node or in a browser page. `module` is an
// instantiated createDescentModule(); `spawnWorker(config)` (for the parallel workload) starts
// a worker that runs parallel-worker.mjs with the same build and resolves to
// { go(ms) -> Promise<{steps, seconds}>, close() }.
import { calibrate, timeChunks, warm, now } from './timing.mjs';

export function descentEngine(module, spawnWorker) {
  const state = new Map();

  const newRun = (config) => {
    const run = new module.Run(JSON.stringify(config));
    if (!run.ok()) throw new Error(run.error());
    return run;
  };

  async function prepare(w) {
    if (state.has(w.id)) return state.get(w.id);
    let s;
    if (w.kind === 'train') {
      s = { run: newRun(w.config) };
      s.call = (n) => {
        if (s.run.status() !== 'running') {
          s.run.delete();
          s.run = newRun(w.config);
        }
        const done = s.run.step(n);
        s.run.takeMetrics();
        return done;
      };
      s.chunk = calibrate(s.call);
      warm(s.call, s.chunk);
    } else if (w.kind === 'runs') {
      // One call = `runs` fresh runs of `steps` steps each; the loop over steps is in the core.
      s = {};
      s.call = () => {
        let steps = 0;
        let t = 0;
        for (let r = 0; r < w.runs; r++) {
          const run = newRun({ ...w.config, seed: w.config.seed + r, steps: w.steps });
          const t0 = now();
          steps += run.step(w.steps);
          t += now() - t0;
          run.takeMetrics();
          run.delete();
        }
        return { steps, seconds: t / 1000 };
      };
      s.call();
    } else if (w.kind === 'grid') {
      s = { run: newRun(w.config) };
      s.run.step(w.after);
      s.run.takeMetrics();
      s.sink = 0;
      s.call = () => {
        const grid = s.run.grid(-1.5, 1.5, -1.5, 1.5, w.nx, w.ny);
        s.sink += grid[grid.length >> 1]; // keeps the result alive
        return grid.length;
      };
      for (let i = 0; i < 5; i++) s.call();
    } else if (w.kind === 'parallel') {
      s = { workers: await Promise.all(Array.from({ length: w.workers }, () => spawnWorker(w.config))) };
    } else {
      throw new Error(`unknown workload kind ${w.kind}`);
    }
    state.set(w.id, s);
    return s;
  }

  /** One measurement of about `ms`: { steps, seconds } (train, runs, parallel) or { ms } (grid). */
  async function measure(w, ms) {
    const s = await prepare(w);
    if (w.kind === 'train') return timeChunks(s.call, s.chunk, ms);
    if (w.kind === 'runs') {
      let steps = 0;
      let seconds = 0;
      const t0 = now();
      while (now() - t0 < ms) {
        const r = s.call();
        steps += r.steps;
        seconds += r.seconds;
      }
      return { steps, seconds };
    }
    if (w.kind === 'grid') {
      const times = [];
      const t0 = now();
      while (now() - t0 < ms || times.length < 3) {
        const t = now();
        s.call();
        times.push(now() - t);
      }
      times.sort((a, b) => a - b);
      return { ms: times[times.length >> 1] };
    }
    // parallel: all workers run for the same wall window; throughput is the sum of rates.
    const results = await Promise.all(s.workers.map((worker) => worker.go(ms)));
    const rate = results.reduce((sum, r) => sum + r.steps / r.seconds, 0);
    return { steps: rate, seconds: 1 };
  }

  function heapBytes() {
    return module.HEAP8.length;
  }

  function close() {
    for (const s of state.values()) {
      if (s.run) s.run.delete();
      if (s.workers) for (const worker of s.workers) worker.close();
    }
    state.clear();
    return Promise.resolve();
  }

  return { prepare, measure, heapBytes, close };
}
