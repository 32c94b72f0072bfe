// The gallery as the page reads it: shape checks, demo → state (and back to the same run
// configs), short demo links with old preset ids, and the embed URL of a demo.
import { describe, expect, it } from 'vitest';
import { demoEmbedHide, demoEmbedUrl } from '../../src/gallery/demo-embed';
import { parseDemoHash } from '../../src/gallery/demo-link';
import { demoState, demoStates } from '../../src/gallery/demo-state';
import { findDemo, parseGallery, type Demo } from '../../src/gallery/gallery';
import { foldPresets } from '../../src/gallery/gallery-source';
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

// The page state in the shape the core's share_state gives it (cpp/gallery/gallery.cpp).
const shareOf = (runs: { label: string; lr: number; model?: unknown; precision?: string }[]) => ({
  state: {
    problem: {
      kind: 'function',
      name: 'quadratic',
      params: { condition_number: 10 },
      start: [1, 2],
    },
    seed: 3,
    steps: 100,
    batchSize: 0,
    evalEvery: 50,
    runs: runs.map(({ label, lr, model, precision }) => ({
      name: label,
      optimizer: { name: 'sgd', params: { lr } },
      schedule: { name: 'constant', params: {} },
      transforms: [],
      ...(model === undefined ? {} : { model }),
      ...(precision === undefined ? {} : { precision }),
    })),
  },
  one_link: true,
});

const galleryJson = JSON.stringify({
  demos: [
    {
      name: 'too-high',
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
      view: { logY: true, logX: false },
      aliases: ['too-high-lr'],
      share: shareOf([
        { label: 'lr 1', lr: 1 },
        { label: 'lr 2.5', lr: 2.5 },
      ]),
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
    expect(gallery.demos.map((d) => d.name)).toEqual(['too-high']);
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

  it('finds a demo by name or by an old preset id', () => {
    const gallery = parseGallery(galleryJson);
    expect(findDemo(gallery, 'too-high')?.title).toBe('Too high');
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
    expect(result.state.demo).toBe('too-high');
    expect(result.state.embed.live).toEqual(['optimizer.lr']);
    expect(result.state.runs.map((r) => r.name)).toEqual(['lr 1', 'lr 2.5']);
    result.state.runs.forEach((run, i) => {
      expect(runConfig(result.state, run)).toEqual(demo.runs[i]!.config);
    });
  });

  it('gives a run its own model or precision and leaves the others on the shared one', () => {
    const model = { hidden: [64], activation: 'relu', init: 'he_uniform', loss: 'mse', params: {} };
    const share = shareOf([
      { label: 'narrow', lr: 1 },
      { label: 'wide', lr: 1, model },
      { label: 'double', lr: 1, precision: 'float64' },
    ]);
    share.state.problem = { kind: 'dataset', name: 'sine', params: {}, start: null } as never;
    const result = demoState({
      ...demo,
      share: { ...share.state, model: { ...model, hidden: [4] } },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [narrow, wide, double] = result.state.runs.map((r) => runConfig(result.state, r));
    expect(narrow!.model).toMatchObject({ hidden: [4], activation: 'relu' });
    expect(wide!.model).toMatchObject({ hidden: [64] });
    expect(narrow!.precision).toBeUndefined();
    expect(double!.precision).toBe('float64');
    expect(double!.model).toMatchObject({ hidden: [4] });
  });

  it('opens one link per group of runs the core says agree (run_states)', () => {
    const seed4 = { ...shareOf([{ label: 'seed 4', lr: 1 }]).state, seed: 4 };
    const other: Demo = {
      ...demo,
      runShares: [
        shareOf([
          { label: 'lr 1', lr: 1 },
          { label: 'lr 2.5', lr: 2.5 },
        ]).state,
        seed4,
      ],
    };
    const states = demoStates(other);
    expect(states.map((s) => s.label)).toEqual(['lr 1 + lr 2.5', 'seed 4']);
    expect(states.map((s) => s.result.ok && s.result.state.seed)).toEqual([3, 4]);
    expect(demoStates(demo).map((s) => s.label)).toEqual(['all runs']);
  });

  it('refuses a malformed state and names the field, like a link', () => {
    const share = shareOf([{ label: 'x', lr: 1, model: { hidden: [-3] } }]);
    const result = demoState({ ...demo, share: share.state });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/runs\[0\]\.model\.hidden\[0\]/);
    const none = demoState({ ...demo, share: null });
    expect(none.ok).toBe(false);
  });
});

describe('demo links', () => {
  const gallery = parseGallery(galleryJson);
  it('opens #demo=<name>, old #preset=<id>, and the gallery', () => {
    expect(parseDemoHash('#gallery', gallery).kind).toBe('gallery');
    expect(parseDemoHash('#s1.abc', gallery).kind).toBe('none');
    const byName = parseDemoHash('#demo=too-high', gallery);
    expect(byName.kind === 'demo' && byName.state.demo).toBe('too-high');
    const byAlias = parseDemoHash('#preset=too-high-lr', gallery);
    expect(byAlias.kind === 'demo' && byAlias.state.demo).toBe('too-high');
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
    expect(url.hash).toBe('#demo=too-high');
    expect(demoEmbedHide({ ...demo, live: ['problem.condition_number'] })).toEqual([
      'presets',
      'table',
      'runs',
    ]);
  });
});

describe('presets folded into the core gallery', () => {
  const core = parseGallery(
    JSON.stringify([
      {
        name: 'momentum_quadratic',
        title: 'Momentum',
        claim: 'c',
        paper: { title: 'p', year: 1964 },
        runs: [config(1)],
        share: shareOf([{ label: 'sgd', lr: 1 }]),
      },
    ]),
  );
  const preset = (name: string): Demo => ({ ...core.demos[0]!, name, title: name, aliases: [] });

  it('turns a covered preset into an alias and keeps the others listed', () => {
    const folded = foldPresets(core, [preset('momentum-valley'), preset('clipping')]);
    expect(folded.demos.map((d) => d.name)).toEqual(['momentum_quadratic', 'clipping']);
    expect(findDemo(folded, 'momentum-valley')?.name).toBe('momentum_quadratic');
    const link = parseDemoHash('#demo=momentum-valley', folded);
    expect(link.kind === 'demo' && link.state.demo).toBe('momentum_quadratic');
  });

  it('lists the presets alone for a core without a gallery', () => {
    const folded = foldPresets({ demos: [], problems: [] }, [preset('momentum-valley')]);
    expect(folded.demos.map((d) => d.name)).toEqual(['momentum-valley']);
  });
});
