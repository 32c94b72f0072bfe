// The benchmark's workloads, defined once: every engine (native, WASM in Node and Chromium,
// TensorFlow.js) receives these objects. `config` is a Descent run config (schema 1); TF.js
// builds the same architecture, loss, Adam settings and batch from it and trains on the data
// the core generated from that config (Run.trainData()).
//
// kinds:  train     steps/s of one run stepped in chunks (W1-W3; W4 below)
//         runs      `runs` fresh runs of `steps` steps each, stepped inside the core (W4)
//         grid      ms for one nx x ny decision-boundary grid after `after` training steps (W5)
//         parallel  W2 in `workers` workers at once: total steps/s (W6, and its 1-worker base)

const adam = { name: 'adam', lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
const longRun = { steps: 1000000, eval_every: 1000000 };

const w1 = {
  schema: 1, seed: 1,
  problem: { kind: 'dataset', name: 'spiral', n: 400, noise: 0.1, test_fraction: 0.25 },
  model: { hidden: [32, 32], activation: 'tanh', init: 'xavier_uniform', loss: 'cross_entropy' },
  optimizer: adam, batch_size: 32, ...longRun,
};
const w2 = {
  schema: 1, seed: 1,
  problem: { kind: 'dataset', name: 'digits' },
  model: { hidden: [128, 128], activation: 'relu', init: 'he_uniform', loss: 'cross_entropy' },
  optimizer: adam, batch_size: 64, ...longRun,
};
const w3 = {
  schema: 1, seed: 1,
  problem: { kind: 'dataset', name: 'gaussian_classes', n: 2000, dim: 784, classes: 10, noise: 1, test_fraction: 0.2 },
  model: { hidden: [128], activation: 'relu', init: 'he_uniform', loss: 'cross_entropy' },
  optimizer: adam, batch_size: 64, ...longRun,
};
const w4 = {
  schema: 1, seed: 1,
  problem: { kind: 'function', name: 'rosenbrock', start: [-1.5, 2.0] },
  optimizer: { ...adam, lr: 0.01 }, steps: 10000,
};

export const workloads = [
  { id: 'W1', title: 'spiral 2-32-32-2 tanh, batch 32', kind: 'train', config: w1, layers: [2, 32, 32, 2], batch: 32 },
  { id: 'W2', title: 'digits 64-128-128-10 relu, batch 64', kind: 'train', config: w2, layers: [64, 128, 128, 10], batch: 64 },
  { id: 'W3', title: 'synthetic 784-128-10 relu, batch 64', kind: 'train', config: w3, layers: [784, 128, 10], batch: 64 },
  { id: 'W4', title: 'Rosenbrock, 20 runs x 10,000 Adam steps', kind: 'runs', config: w4, runs: 20, steps: 10000 },
  { id: 'W5', title: "200x200 decision grid through W1's model", kind: 'grid', config: { ...w1 }, after: 200, nx: 200, ny: 200 },
  { id: 'W6-1', title: 'W2 in 1 worker (base of W6)', kind: 'parallel', config: w2, workers: 1 },
  { id: 'W6', title: 'W2 in 4 workers at once', kind: 'parallel', config: w2, workers: 4 },
];

export const byId = Object.fromEntries(workloads.map((w) => [w.id, w]));

/** Matrix FLOPs of one training step (forward, weight gradients, input gradients of every
 * layer but the first): 2 * batch * (3 * sum(in * out) - in0 * out0). Adam is not counted.
 * 784-128-10 at batch 64: 26.2 MFLOP; 2-64-64-1: 1.63 MFLOP. */
export function flopsPerStep(layers, batch) {
  let sum = 0;
  for (let l = 0; l + 1 < layers.length; l++) sum += layers[l] * layers[l + 1];
  return 2 * batch * (3 * sum - layers[0] * layers[1]);
}
