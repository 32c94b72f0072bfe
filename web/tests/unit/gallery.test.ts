// The gallery as the page reads it: shape checks, demo configs → page state (and back to the
// same run configs), short demo links with old preset ids, and the embed URL of a demo.
import { describe, expect, it } from 'vitest';
import { demoEmbedHide, demoEmbedUrl } from '../../src/gallery/demo-embed';
import { parseDemoHash } from '../../src/gallery/demo-link';
import { demoState, demoStates } from '../../src/gallery/demo-state';
import { findDemo, parseGallery, type Demo } from '../../src/gallery/gallery';
import { runConfig } from '../../src/state/run-config';

const quadratic = { kind: 'function', name: 'quadratic', condition_number: 10, start: [1, 2] };
const config = (lr: number) => ({
  schema: 1,
  seed: 3,
  problem: quadratic,
  optimizer: { name: 'sgd', lr },
  schedule: { name: 'constant' },
  transforms: [],
  steps: 100,
});

// A run config as the core normalises it (`descent gallery`), with its own model or precision.
const networkConfig = (lr: number, extra: Record<string, unknown> = {}) => ({
  schema: 1,
  seed: 3,
  problem: { kind: 'dataset', name: 'sine', n: 64 },
  model: { hidden: [4], activation: 'relu', init: 'he_uniform', loss: 'mse', l2: 0 },
  optimizer: { name: 'adam', lr },
  schedule: { name: 'constant', warmup_steps: 0 },
  transforms: [{ name: 'clip_by_global_norm', max_norm: 1 }],
  steps: 100,
  batch_size: 0,
  eval_every: 10,
  ...extra,
});

const galleryJson = JSON.stringify({
  demos: [
    {
      name: 'gd_stability_threshold',
      title: 'Too high',
      claim: 'Above 2/L gradient descent diverges.',
      paper: { title: 'A paper', authors: 'A. Author', year: 2021 },
      runs: [
        { label: 'lr 1', config: config(1) },
        { label: 'lr 2.5', config: config(2.5) },
      ],
      plots: [
        {
          title: 'Loss',
          kind: 'metric',
          y: ['loss'],
          x: 'step',
          log_x: false,
          log_y: true,
          reference: '',
        },
        {
          title: 'Sharpness',
          kind: 'metric',
          y: ['sharpness'],
          x: 'step',
          log_x: false,
          log_y: false,
          reference: '2/lr',
        },
      ],
      live_controls: ['optimizer.lr'],
      check: 'measures the loss',
      share: { settings: ['problem', 'seed', 'steps'], groups: [[0, 1]] },
    },
    {
      name: 'Bad Name',
      title: 'x',
      claim: 'y',
      paper: { title: 't', year: 2000 },
      runs: [config(1)],
    },
  ],
});

describe('parseGallery', () => {
  it('reads demos and names the malformed ones instead of failing', () => {
    const gallery = parseGallery(galleryJson);
    expect(gallery.demos.map((d) => d.name)).toEqual(['gd_stability_threshold']);
    expect(gallery.demos[0]!.plots[1]).toEqual({
      title: 'Sharpness',
      kind: 'metric',
      y: ['sharpness'],
      x: 'step',
      logX: false,
      logY: false,
      reference: '2/lr',
    });
    expect(gallery.demos[0]!.live).toEqual(['optimizer.lr']);
    expect(gallery.problems).toHaveLength(1);
    expect(gallery.problems[0]).toMatch(/demos\[1\]\.name/);
    expect(parseGallery('not json').problems).toEqual(['the gallery is not valid JSON']);
    expect(parseGallery('{"x": 1}').demos).toEqual([]);
  });

  it('accepts bare configs as runs, named after the optimizer', () => {
    const gallery = parseGallery(
      JSON.stringify([
        {
          name: 'd',
          title: 'D',
          claim: 'c',
          paper: { title: 'p', year: 2020 },
          runs: [config(0.5)],
        },
      ]),
    );
    expect(gallery.demos[0]!.runs[0]!.name).toBe('sgd, lr 0.5');
  });

  it('refuses share groups that lose or repeat a run', () => {
    const demo = (groups: unknown) =>
      parseGallery(
        JSON.stringify([
          {
            name: 'd',
            title: 'D',
            claim: 'c',
            paper: { title: 'p', year: 2020 },
            runs: [config(1), config(2)],
            share: { groups },
          },
        ]),
      );
    expect(demo([[0], [1]]).demos[0]!.groups).toEqual([[0], [1]]);
    expect(demo([[0]]).problems[0]).toMatch(/every run in exactly one/);
    expect(demo([[0, 0], [1]]).problems[0]).toMatch(/one group only/);
    expect(demo([[0, 5]]).problems[0]).toMatch(/at most 1/);
  });

  it('finds a demo by name or by an old preset id (the migration table)', () => {
    const gallery = parseGallery(galleryJson);
    expect(findDemo(gallery, 'gd_stability_threshold')?.title).toBe('Too high');
    expect(findDemo(gallery, 'too-high-lr')?.title).toBe('Too high');
    expect(findDemo(gallery, 'nope')).toBeUndefined();
  });
});

describe('demoState', () => {
  const demo = parseGallery(galleryJson).demos[0]!;

  it('gives back exactly the demo run configs', () => {
    const result = demoState(demo);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.state.demo).toBe('gd_stability_threshold');
    expect(result.state.embed.live).toEqual(['optimizer.lr']);
    expect(result.state.runs.map((r) => r.name)).toEqual(['lr 1', 'lr 2.5']);
    result.state.runs.forEach((run, i) => {
      expect(runConfig(result.state, run)).toEqual(demo.runs[i]!.config);
    });
  });

  it('gives a run its own model or precision and leaves the others on the shared one', () => {
    const wide = { hidden: [64], activation: 'relu', init: 'he_uniform', loss: 'mse', l2: 0 };
    const runs = [
      { name: 'narrow', config: networkConfig(0.01) },
      { name: 'wide', config: networkConfig(0.01, { model: wide }) },
      { name: 'double', config: networkConfig(0.01, { precision: 'float64' }) },
    ];
    const result = demoState({ ...demo, runs, groups: [[0, 1, 2]] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.state.model).toEqual({
      hidden: [4],
      activation: 'relu',
      init: 'he_uniform',
      loss: 'mse',
      params: { l2: 0 },
    });
    expect(result.state.runs[0]!.model).toBeUndefined();
    expect(result.state.runs[1]!.model?.hidden).toEqual([64]);
    expect(result.state.runs[2]!.precision).toBe('float64');
    expect(result.state.batchSize).toBe(0);
    expect(result.state.evalEvery).toBe(10);
    result.state.runs.forEach((run, i) => {
      expect(runConfig(result.state, run)).toEqual(runs[i]!.config);
    });
  });

  it('carries the task switches of a demo into the state and back into the configs', () => {
    const switches = [
      { step: 30, kind: 'permute_inputs' },
      { step: 60, kind: 'permute_inputs' },
    ];
    const problem = { kind: 'dataset', name: 'sine', n: 64, task_switches: switches };
    const runs = [
      { name: 'plain', config: networkConfig(0.01, { problem }) },
      { name: 'reset', config: networkConfig(0.01, { problem, transforms: [] }) },
    ];
    const result = demoState({ ...demo, runs, groups: [[0, 1]] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.state.problem.taskSwitches).toEqual(switches);
    expect(result.state.problem.params).toEqual({ n: 64 });
    result.state.runs.forEach((run, i) => {
      expect(runConfig(result.state, run)).toEqual(runs[i]!.config);
    });
  });

  it('opens one link per group of runs the core says agree', () => {
    const other: Demo = {
      ...demo,
      runs: [...demo.runs, { name: 'seed 4', config: { ...config(1), seed: 4 } }],
      groups: [[0, 1], [2]],
    };
    const states = demoStates(other);
    expect(states.map((s) => s.label)).toEqual(['lr 1 + lr 2.5', 'seed 4']);
    expect(states.map((s) => s.result.ok && s.result.state.seed)).toEqual([3, 4]);
    expect(demoStates(demo).map((s) => s.label)).toEqual(['all runs']);
  });

  it('refuses a malformed config and names the field, like a link', () => {
    const bad = { ...networkConfig(0.01), model: { hidden: [-3], activation: 'relu' } };
    const result = demoState({ ...demo, runs: [{ name: 'x', config: bad }], groups: [[0]] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/model\.hidden\[0\]/);
  });
});

describe('demo links', () => {
  const gallery = parseGallery(galleryJson);
  it('opens #demo=<name>, old #preset=<id>, and the gallery', () => {
    expect(parseDemoHash('#gallery', gallery).kind).toBe('gallery');
    expect(parseDemoHash('#s1.abc', gallery).kind).toBe('none');
    const byName = parseDemoHash('#demo=gd_stability_threshold', gallery);
    expect(byName.kind === 'demo' && byName.state.demo).toBe('gd_stability_threshold');
    for (const old of ['#preset=too-high-lr', '#demo=too-high-lr']) {
      const byOldId = parseDemoHash(old, gallery);
      expect(byOldId.kind === 'demo' && byOldId.state.demo).toBe('gd_stability_threshold');
    }
  });
  it('explains unknown or malformed names', () => {
    const missing = parseDemoHash('#demo=nothing', gallery);
    expect(missing.kind === 'error' && missing.message).toMatch(/no demo called/);
    const bad = parseDemoHash('#demo=<script>', gallery);
    expect(bad.kind === 'error' && bad.message).toMatch(/malformed/);
  });
});

describe('demo embed URL', () => {
  const demo = parseGallery(galleryJson).demos[0]!;
  it('locks, keeps the live settings and hides panels the lesson does not need', () => {
    expect(demoEmbedHide(demo)).toEqual(['presets', 'table', 'problem']);
    const url = new URL(demoEmbedUrl('https://x.example/descent/', demo, 'f1'));
    expect(url.searchParams.get('lock')).toBe('1');
    expect(url.searchParams.get('live')).toBe('optimizer.lr');
    expect(url.searchParams.get('frame')).toBe('f1');
    expect(url.hash).toBe('#demo=gd_stability_threshold');
    expect(demoEmbedHide({ ...demo, live: ['problem.condition_number'] })).toEqual([
      'presets',
      'table',
      'runs',
    ]);
  });
});
