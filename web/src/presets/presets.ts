// Ready-made comparisons, each with a one-paragraph explanation of what to look for.
// Presets name catalog entries; `firstKnown` picks the first name the catalog has, so a
// preset survives small renames in the core (and validation reports anything else).
import type { Catalog, CatalogEntry, Citation } from '../core/descent-module';
import { DEFAULT_EMBED, DEFAULT_MODEL, DEFAULT_VIEW } from '../state/defaults';
import { RUN_PALETTE } from '../state/palette';
import type { AppState, NamedConfig, ParamValues, ProblemState, RunSpec } from '../state/types';

export interface Preset {
  id: string;
  title: string;
  explanation: string;
  /** The paper the comparison comes from. */
  paper: Citation;
  /** Settings a locked embed keeps editable (config field paths). */
  live: string[];
  build(catalog: Catalog): AppState;
}

function firstKnown(entries: readonly CatalogEntry[], names: string[]): string {
  return names.find((n) => entries.some((e) => e.name === n)) ?? names[0]!;
}

interface RunDraft {
  name: string;
  optimizer: NamedConfig;
  schedule?: NamedConfig;
  transforms?: NamedConfig[];
}

function runs(drafts: RunDraft[]): RunSpec[] {
  return drafts.map((d, i) => ({
    id: `r${i + 1}`,
    name: d.name,
    color: RUN_PALETTE[i % RUN_PALETTE.length]!,
    visible: true,
    optimizer: d.optimizer,
    schedule: d.schedule ?? { name: 'constant', params: {} },
    transforms: d.transforms ?? [],
  }));
}

function state(parts: {
  problem: ProblemState;
  runs: RunSpec[];
  steps: number;
  model?: AppState['model'];
  batchSize?: number;
  evalEvery?: number;
  view?: Partial<AppState['view']>;
}): AppState {
  return {
    problem: parts.problem,
    model: parts.model ?? structuredClone(DEFAULT_MODEL),
    seed: 7,
    steps: parts.steps,
    batchSize: parts.batchSize ?? 32,
    evalEvery: parts.evalEvery ?? 50,
    runs: parts.runs,
    view: { ...DEFAULT_VIEW, ...parts.view },
    embed: { ...DEFAULT_EMBED, hide: [] },
  };
}

const opt = (name: string, params: ParamValues = {}): NamedConfig => ({ name, params });
const fn = (
  name: string,
  params: ParamValues = {},
  start: [number, number] | null = null,
): ProblemState => ({
  kind: 'function',
  name,
  params,
  start,
});
const data = (name: string, params: ParamValues = {}): ProblemState => ({
  kind: 'dataset',
  name,
  params,
  start: null,
});

export const PRESETS: Preset[] = [
  {
    id: 'momentum-valley',
    paper: {
      title: 'Why Momentum Really Works',
      authors: 'Gabriel Goh',
      year: 2017,
      venue: 'Distill',
    },
    live: ['optimizer.lr', 'optimizer.momentum', 'problem.condition_number'],
    title: 'Momentum in a narrow valley',
    explanation:
      'An ill-conditioned quadratic (condition number 50): steep across the valley, flat along it. Gradient descent with a small step crawls along the floor; with a large step it zig-zags across the valley and still crawls. Momentum builds up speed along the floor while the oscillations across it cancel out (Goh, “Why Momentum Really Works”, Distill 2017).',
    build: (c) =>
      state({
        problem: fn(firstKnown(c.functions, ['quadratic']), { condition_number: 50, angle: 20 }),
        steps: 150,
        runs: runs([
          { name: 'GD, small step', optimizer: opt('sgd', { lr: 0.2, momentum: 0 }) },
          { name: 'GD, large step', optimizer: opt('sgd', { lr: 1.8, momentum: 0 }) },
          { name: 'Momentum 0.9', optimizer: opt('sgd', { lr: 0.2, momentum: 0.9 }) },
          {
            name: 'Nesterov 0.9',
            optimizer: opt('sgd', { lr: 0.2, momentum: 0.9, nesterov: true }),
          },
        ]),
      }),
  },
  {
    id: 'rosenbrock-adam-sgd',
    paper: {
      title: 'Adam: A Method for Stochastic Optimization',
      authors: 'Diederik P. Kingma, Jimmy Ba',
      year: 2015,
      venue: 'ICLR 2015',
    },
    live: ['optimizer.lr'],
    title: 'Adam vs SGD on Rosenbrock',
    explanation:
      'Rosenbrock’s banana-shaped valley has its minimum at (1, 1), at the end of a long curved floor. SGD needs a small step to survive the steep walls and then follows the floor slowly; momentum accumulates speed along the floor; Adam rescales each coordinate by its gradient history and moves along the valley at a nearly constant pace.',
    build: (c) =>
      state({
        problem: fn(firstKnown(c.functions, ['rosenbrock'])),
        steps: 2000,
        runs: runs([
          { name: 'SGD', optimizer: opt('sgd', { lr: 0.001 }) },
          { name: 'Momentum', optimizer: opt('sgd', { lr: 0.001, momentum: 0.9 }) },
          { name: 'Adam', optimizer: opt('adam', { lr: 0.02 }) },
        ]),
      }),
  },
  {
    id: 'spiral-optimizers',
    paper: {
      title: 'Learning to Tell Two Spirals Apart',
      authors: 'Kevin J. Lang, Michael J. Witbrock',
      year: 1988,
      venue: 'Proceedings of the 1988 Connectionist Models Summer School',
    },
    live: ['optimizer.lr'],
    title: 'Optimizers on the two spirals',
    explanation:
      'A small tanh network learns to separate two interleaved spirals. Compare how fast each optimizer bends the decision boundary (select a run in the boundary view), and whether the test accuracy follows the training accuracy.',
    build: (c) =>
      state({
        problem: data(firstKnown(c.datasets, ['spiral', 'spirals']), {
          n: 400,
          noise: 0.1,
          test_fraction: 0.25,
        }),
        model: {
          hidden: [16, 16],
          activation: 'tanh',
          init: 'xavier_uniform',
          loss: 'cross_entropy',
          params: {},
        },
        steps: 2000,
        batchSize: 32,
        evalEvery: 50,
        runs: runs([
          {
            name: 'SGD + Nesterov',
            optimizer: opt('sgd', { lr: 0.1, momentum: 0.9, nesterov: true }),
          },
          { name: 'Adam', optimizer: opt('adam', { lr: 0.01 }) },
          {
            name: 'RMSprop',
            optimizer: opt(firstKnown(c.optimizers, ['rmsprop', 'adagrad']), { lr: 0.01 }),
          },
        ]),
      }),
  },
  {
    id: 'digits-schedules',
    paper: {
      title: 'SGDR: Stochastic Gradient Descent with Warm Restarts',
      authors: 'Ilya Loshchilov, Frank Hutter',
      year: 2017,
      venue: 'ICLR 2017',
    },
    live: ['optimizer.lr'],
    title: 'Learning-rate schedules on digits',
    explanation:
      'The same network and optimizer on the 8×8 handwritten digits, with three learning-rate schedules: constant, cosine decay after a warm-up, and step decay. The schedule previews in the runs show each learning rate over time. Watch how warm-up slows the start, how the decayed runs flatten out late in training, and whether the test accuracy differs at all.',

    build: (c) =>
      state({
        problem: data(firstKnown(c.datasets, ['digits'])),
        model: {
          hidden: [64],
          activation: 'relu',
          init: 'he_uniform',
          loss: 'cross_entropy',
          params: {},
        },
        steps: 1500,
        batchSize: 64,
        evalEvery: 50,
        runs: runs([
          { name: 'Constant', optimizer: opt('sgd', { lr: 0.1, momentum: 0.9 }) },
          {
            name: 'Cosine + warm-up',
            optimizer: opt('sgd', { lr: 0.1, momentum: 0.9 }),
            schedule: opt('cosine', { warmup_steps: 100 }),
          },
          {
            name: 'Step decay',
            optimizer: opt('sgd', { lr: 0.1, momentum: 0.9 }),
            schedule: opt(firstKnown(c.schedules, ['step', 'step_decay', 'exponential']), {}),
          },
        ]),
      }),
  },
  {
    id: 'too-high-lr',
    paper: {
      title: 'Introductory Lectures on Convex Optimization: A Basic Course',
      authors: 'Yurii Nesterov',
      year: 2004,
      venue: 'Kluwer',
    },
    live: ['optimizer.lr'],
    title: 'A learning rate that is too high',
    explanation:
      'On a quadratic, gradient descent is stable only while the learning rate stays below 2 / L, where L is the largest curvature (here L = 1, so the bound is 2). Well below it the run converges smoothly; just below it every step overshoots and it zig-zags in; above it each overshoot is larger than the last and the run diverges — the chart marks the step. The other runs keep going.',
    build: (c) =>
      state({
        problem: fn(firstKnown(c.functions, ['quadratic']), { condition_number: 10, angle: 30 }),
        steps: 300,
        runs: runs([
          { name: 'lr 1.0', optimizer: opt('sgd', { lr: 1 }) },
          { name: 'lr 1.9 (zig-zag)', optimizer: opt('sgd', { lr: 1.9 }) },
          { name: 'lr 2.5 (diverges)', optimizer: opt('sgd', { lr: 2.5 }) },
        ]),
      }),
  },
  {
    id: 'grokking',
    paper: {
      title: 'Grokking: Generalization Beyond Overfitting on Small Algorithmic Datasets',
      authors: 'Alethea Power, Yuri Burda, Harri Edwards, Igor Babuschkin, Vedant Misra',
      year: 2022,
      venue: 'arXiv:2201.02177',
    },
    live: ['optimizer.weight_decay'],
    title: 'Grokking modular addition',
    explanation:
      'A network learns (a + b) mod 31 from 60% of all pairs, full batch. With strong weight decay (AdamW, decay 1) it fits the training pairs within a few hundred steps while test accuracy stays low, and only much later generalises: it “groks” the rule (Power et al., 2022). Without weight decay it memorises and stays there. Log-x shows the delay between the two jumps. (p = 97 as in the paper is possible, but a full-batch step then takes about 0.4 s here.)',
    build: (c) =>
      state({
        problem: data(firstKnown(c.datasets, ['modular']), {
          p: 31,
          op: 'add',
          train_fraction: 0.6,
          label_noise: 0,
        }),
        model: {
          hidden: [128],
          activation: 'relu',
          init: 'he_uniform',
          loss: 'cross_entropy',
          params: {},
        },
        steps: 6000,
        // 0 = full batch (the core's convention): every training pair in every step.
        batchSize: 0,
        evalEvery: 50,
        view: { logX: true, logY: true },
        runs: runs([
          {
            name: 'AdamW, decay 1',
            optimizer: opt('adamw', { lr: 0.003, beta2: 0.98, weight_decay: 1 }),
          },
          {
            name: 'AdamW, no decay',
            optimizer: opt('adamw', { lr: 0.003, beta2: 0.98, weight_decay: 0 }),
          },
        ]),
      }),
  },
  {
    id: 'clipping',
    paper: {
      title: 'On the difficulty of training recurrent neural networks',
      authors: 'Razvan Pascanu, Tomas Mikolov, Yoshua Bengio',
      year: 2013,
      venue: 'ICML 2013',
    },
    live: ['optimizer.lr'],
    title: 'Gradient clipping on a cliff',
    explanation:
      'Rosenbrock from a far start has enormous gradients on the valley walls. Plain SGD with a large step is thrown out and diverges; clipping the gradient norm to 1 keeps each step bounded, so the same learning rate makes steady progress.',
    build: (c) =>
      state({
        problem: fn(firstKnown(c.functions, ['rosenbrock']), {}, [-1.8, -0.5]),
        steps: 1500,
        runs: runs([
          { name: 'SGD lr 0.003', optimizer: opt('sgd', { lr: 0.003 }) },
          {
            name: 'SGD lr 0.003 + clip',
            optimizer: opt('sgd', { lr: 0.003 }),
            transforms: [
              opt(firstKnown(c.transforms, ['clip_by_global_norm', 'clip_norm']), { max_norm: 1 }),
            ],
          },
        ]),
      }),
  },
];
