// TensorFlow.js 4.22 as a benchmark peer (wasm or cpu backend), in Node or a browser page.
// Same workloads as the core: the architecture, activation, softmax cross-entropy loss, Adam
// (lr, betas, eps) and batch size come from the workload's config; the training data is the
// core's own (dataFor(config) -> {x, inputDim, labels, classes}). Batches are the slices of one
// random permutation, prepared once as tensors, so TF.js pays nothing per step for data.
import { calibrate, timeChunks, warm, now } from './timing.mjs';

export function tfjsEngine(tf, backend, dataFor) {
  const state = new Map();

  function glorotOrHe(activation, fanIn, fanOut) {
    const limit = activation === 'relu' ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
    return tf.randomUniform([fanIn, fanOut], -limit, limit, 'float32', 7);
  }

  function buildModel(layers, activation) {
    const vars = [];
    for (let l = 0; l + 1 < layers.length; l++) {
      vars.push(tf.variable(glorotOrHe(activation, layers[l], layers[l + 1])));
      vars.push(tf.variable(tf.zeros([layers[l + 1]])));
    }
    const act = activation === 'relu' ? tf.relu : tf.tanh;
    const forward = (x) => {
      let h = x;
      for (let i = 0; i < vars.length; i += 2) {
        h = tf.add(tf.matMul(h, vars[i]), vars[i + 1]);
        if (i + 2 < vars.length) h = act(h);
      }
      return h;
    };
    return { vars, forward };
  }

  function adamOf(config) {
    const o = config.optimizer;
    return tf.train.adam(o.lr, o.beta1, o.beta2, o.eps);
  }

  function prepareTrain(w) {
    const data = dataFor(w.config);
    const n = data.labels.length;
    const model = buildModel(w.layers, w.config.model.activation);
    const optimizer = adamOf(w.config);
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = (i * 7919 + 13) % (i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const batches = [];
    for (let b = 0; b + w.batch <= n; b += w.batch) {
      const xb = new Float32Array(w.batch * data.inputDim);
      const yb = new Int32Array(w.batch);
      for (let k = 0; k < w.batch; k++) {
        const i = order[b + k];
        xb.set(data.x.subarray(i * data.inputDim, (i + 1) * data.inputDim), k * data.inputDim);
        yb[k] = data.labels[i];
      }
      batches.push({
        x: tf.tensor2d(xb, [w.batch, data.inputDim]),
        y: tf.oneHot(tf.tensor1d(yb, 'int32'), data.classes).toFloat(),
      });
    }
    let next = 0;
    const call = (steps) => {
      for (let s = 0; s < steps; s++) {
        const batch = batches[next];
        next = (next + 1) % batches.length;
        optimizer.minimize(() => tf.losses.softmaxCrossEntropy(batch.y, model.forward(batch.x)), false, model.vars);
      }
      model.vars[0].dataSync(); // the backends are synchronous; this makes sure
      return steps;
    };
    return { call, model };
  }

  function prepareRosenbrock(w) {
    const [x0, y0] = w.config.problem.start;
    const x = tf.variable(tf.scalar(x0));
    const y = tf.variable(tf.scalar(y0));
    const optimizer = adamOf(w.config);
    const call = (steps) => {
      for (let s = 0; s < steps; s++) {
        optimizer.minimize(
          () => tf.add(tf.square(tf.sub(1, x)), tf.mul(100, tf.square(tf.sub(y, tf.square(x))))),
          false,
          [x, y],
        );
      }
      x.dataSync();
      return steps;
    };
    return { call };
  }

  async function prepare(w) {
    if (state.has(w.id)) return state.get(w.id);
    await tf.setBackend(backend);
    let s;
    if (w.kind === 'train' || w.kind === 'runs') {
      s = w.kind === 'train' ? prepareTrain(w) : prepareRosenbrock(w);
      s.chunk = calibrate(s.call);
      warm(s.call, s.chunk);
    } else if (w.kind === 'grid') {
      const data = dataFor(w.config);
      const layers = [data.inputDim, ...w.config.model.hidden, data.classes];
      const model = buildModel(layers, w.config.model.activation);
      s = {
        call: () => {
          const points = new Float32Array(2 * w.nx * w.ny);
          for (let iy = 0; iy < w.ny; iy++) {
            for (let ix = 0; ix < w.nx; ix++) {
              points[2 * (iy * w.nx + ix)] = -1.5 + (3 * ix) / (w.nx - 1);
              points[2 * (iy * w.nx + ix) + 1] = -1.5 + (3 * iy) / (w.ny - 1);
            }
          }
          return tf.tidy(() => tf.softmax(model.forward(tf.tensor2d(points, [w.nx * w.ny, 2]))).dataSync()).length;
        },
      };
      for (let i = 0; i < 3; i++) s.call();
    } else {
      return null; // not measured for TF.js
    }
    state.set(w.id, s);
    return s;
  }

  async function measure(w, ms) {
    const s = await prepare(w);
    if (!s) return null;
    await tf.setBackend(backend);
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
    return timeChunks(s.call, s.chunk, ms);
  }

  return { prepare, measure, close: () => Promise.resolve(state.clear()) };
}

/** Training data of a Descent config from the WASM core: what TF.js trains on. */
export function descentData(module) {
  const cache = new Map();
  return (config) => {
    const key = JSON.stringify(config.problem) + config.seed;
    if (!cache.has(key)) {
      const run = new module.Run(JSON.stringify(config));
      const d = run.trainData();
      let classes = 0;
      for (const l of d.labels) classes = Math.max(classes, l + 1);
      cache.set(key, { x: d.x, inputDim: d.inputDim, labels: d.labels, classes });
      run.delete();
    }
    return cache.get(key);
  };
}
