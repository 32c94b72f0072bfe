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

  it('refuses runs that differ in what the page shares', () => {
    const other: Demo = {
      ...demo,
      runs: [demo.runs[0]!, { name: 'x', config: { ...config(1), seed: 4 } }],
    };
    const result = demoState(other);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/runs\[1\] differs/);
  });

  it('opens runs that differ in what the page shares as one link per group that agrees', () => {
    const other: Demo = {
      ...demo,
      runs: [demo.runs[0]!, { name: 'seed 4', config: { ...config(1), seed: 4 } }, demo.runs[1]!],
    };
    const states = demoStates(other);
    expect(states.map((s) => s.label)).toEqual(['lr 1 + lr 2.5', 'seed 4']);
    const names = states.map((s) => (s.result.ok ? s.result.state.runs.map((r) => r.name) : []));
    expect(names).toEqual([['lr 1', 'lr 2.5'], ['seed 4']]);
    expect(demoStates(demo).map((s) => s.label)).toEqual(['all runs']);
  });

  it('refuses config fields the page cannot hold rather than dropping them', () => {
    const other: Demo = { ...demo, runs: [{ name: 'x', config: { ...config(1), extra: 1 } }] };
    const result = demoState(other);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/extra/);
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
