// The phenomena gallery as the page reads it from the core (`gallery()` → JSON): each demo
// names the runs that show one phenomenon, the claim they demonstrate, the paper it comes
// from, the plots that make the point, the settings a lesson keeps live and which runs share
// a page. The core is the one definition of every demo; this file only checks the shape
// (the core's JSON is trusted to be well-formed, but a malformed entry must not take the
// page down: it is skipped and named).
import type { Citation, DescentModule, RunConfig } from '../core/descent-module';
import { retiredDemoName } from '../share/migrations/retired-demos';
import { ShapeError, array, number, object, optional, string, type Json } from '../share/shape';
import { DEMO_NAME, FIELD_PATH } from '../state/state-table';

export interface DemoRun {
  /** Display name of the run ("GD, lr 2/30"). */
  name: string;
  /** A schema-1 run config, as `descent run` reads it. */
  config: RunConfig;
}

/** A chart that makes a demo's point (the core's DemoPlot). */
export interface DemoPlot {
  title: string;
  /** metric: y columns against x (a column, usually step); final: each run's last y against
   * x, a run-config path (sweeps); landscape: a loss slice around the current weights. */
  kind: 'metric' | 'final' | 'landscape';
  y: string[];
  x: string;
  logX: boolean;
  logY: boolean;
  /** '2/lr': a horizontal line at 2 / learning rate per run (the edge of stability). */
  reference: '' | '2/lr';
}

export interface Demo {
  name: string;
  title: string;
  /** One sentence: what the runs show. */
  claim: string;
  paper: Citation;
  runs: DemoRun[];
  /** The charts that make the point, most important first. */
  plots: DemoPlot[];
  /** How `descent gallery check` measures the claim, in words. */
  check: string;
  /** Settings that stay editable in a locked embed, as config field paths ("optimizer.lr"). */
  live: string[];
  /** Runs (indices, in the demo's order) that share one page and one link: the core groups
   * runs that agree on the settings a page holds once (problem, seed, budget), at most
   * MAX_RUNS a page. */
  groups: number[][];
}

export { DEMO_NAME } from '../state/state-table';
const COLUMN = /^[a-z][a-z0-9_.]{0,63}$/;

function plot(value: Json, path: string): DemoPlot {
  const source = object(value, path);
  const kind = string(source.kind ?? 'metric', `${path}.kind`, 16);
  if (kind !== 'metric' && kind !== 'final' && kind !== 'landscape') {
    throw new ShapeError(`${path}.kind`, 'metric, final or landscape');
  }
  const reference = optional(source.reference, '', (v) => string(v, `${path}.reference`, 16));
  if (reference !== '' && reference !== '2/lr') {
    throw new ShapeError(`${path}.reference`, '"" or "2/lr"');
  }
  const flag = (v: Json) => v === true;
  return {
    title: string(source.title, `${path}.title`, 200),
    kind,
    y: names(source.y, `${path}.y`, COLUMN),
    x: optional(source.x, 'step', (v) => string(v, `${path}.x`, 64, COLUMN)),
    logX: flag(source.log_x),
    logY: flag(source.log_y),
    reference,
  };
}

function citation(value: Json, path: string): Citation {
  const source = object(value, path);
  const out: Citation = {
    title: string(source.title, `${path}.title`, 300),
    authors: optional(source.authors, '', (v) => string(v, `${path}.authors`, 300)),
    year: number(source.year, `${path}.year`, { min: 1600, max: 2100, integer: true }),
  };
  if (source.venue !== undefined) out.venue = string(source.venue, `${path}.venue`, 200);
  return out;
}

function demoRun(value: Json, path: string, index: number): DemoRun {
  const source = object(value, path);
  // A run is {name, config} or a bare config (named after its optimizer).
  if (source.config !== undefined) {
    const config = object(source.config, `${path}.config`) as RunConfig;
    const name = optional(source.name ?? source.label, '', (v) => string(v, `${path}.name`, 64));
    return { name: name || defaultRunName(config, index), config };
  }
  const config = source as RunConfig;
  const label = source.label ?? source.run_name;
  const name = typeof label === 'string' ? label.slice(0, 64) : defaultRunName(config, index);
  return { name, config };
}

function defaultRunName(config: RunConfig, index: number): string {
  const optimizer = config.optimizer as Record<string, unknown> | undefined;
  const name = typeof optimizer?.name === 'string' ? optimizer.name : `run ${index + 1}`;
  return typeof optimizer?.lr === 'number' ? `${name}, lr ${optimizer.lr}` : name;
}

function names(value: Json, path: string, pattern: RegExp): string[] {
  return optional(value, [], (v) =>
    array(v, path, 64).map((item, i) => string(item, `${path}[${i}]`, 64, pattern)),
  );
}

/** A sanity bound on a demo's runs (a page still holds at most MAX_RUNS: the core splits a
 *  demo into pages of runs that agree; batch_size_lr_scaling has 5 pages of 10). */
const MAX_DEMO_RUNS = 64;

export function parseDemo(value: Json, path: string): Demo {
  const source = object(value, path);
  const runsSource = source.runs ?? source.configs;
  const runs = array(runsSource, `${path}.runs`, MAX_DEMO_RUNS).map((r, i) =>
    demoRun(r, `${path}.runs[${i}]`, i),
  );
  if (runs.length === 0) throw new ShapeError(`${path}.runs`, 'at least one run');
  return {
    name: string(source.name, `${path}.name`, 64, DEMO_NAME),
    title: string(source.title, `${path}.title`, 200),
    claim: string(source.claim, `${path}.claim`, 2000),
    paper: citation(source.paper ?? source.citation, `${path}.paper`),
    runs,
    plots: optional(source.plots, [], (v) =>
      array(v, `${path}.plots`, 16).map((p, i) => plot(p, `${path}.plots[${i}]`)),
    ),
    check: optional(source.check, '', (v) => string(v, `${path}.check`, 2000)),
    live: names(source.live ?? source.live_controls, `${path}.live`, FIELD_PATH),
    groups: groups(source.share, `${path}.share`, runs.length),
  };
}

/** The core's share.groups: every run in exactly one group; absent = one page for all. */
function groups(value: Json, path: string, runCount: number): number[][] {
  const all = [Array.from({ length: runCount }, (_, i) => i)];
  if (value === undefined) return all;
  const source = object(value, path);
  if (source.groups === undefined) return all;
  const seen = new Set<number>();
  const out = array(source.groups, `${path}.groups`, runCount).map((g, i) =>
    array(g, `${path}.groups[${i}]`, runCount).map((r, j) => {
      const at = `${path}.groups[${i}][${j}]`;
      const index = number(r, at, { min: 0, max: runCount - 1, integer: true });
      if (seen.has(index)) throw new ShapeError(at, 'a run in one group only');
      seen.add(index);
      return index;
    }),
  );
  if (seen.size !== runCount || out.some((g) => g.length === 0)) {
    throw new ShapeError(`${path}.groups`, 'every run in exactly one non-empty group');
  }
  return out;
}

export interface Gallery {
  demos: Demo[];
  /** Entries that could not be read (named, for the console and the tests). */
  problems: string[];
}

/** The core's gallery JSON: `{"demos": [...]}` or a bare list of demos. */
export function parseGallery(text: string): Gallery {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { demos: [], problems: ['the gallery is not valid JSON'] };
  }
  const list = Array.isArray(value)
    ? value
    : typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>).demos
      : undefined;
  if (!Array.isArray(list)) return { demos: [], problems: ['the gallery has no list of demos'] };
  const demos: Demo[] = [];
  const problems: string[] = [];
  list.slice(0, 200).forEach((entry, i) => {
    try {
      demos.push(parseDemo(entry, `demos[${i}]`));
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      problems.push(error.message);
    }
  });
  return { demos, problems };
}

/** The core's gallery (the one definition of every demo, shared with `descent gallery`). */
export function loadGallery(module: DescentModule): Gallery {
  try {
    return parseGallery(module.gallery());
  } catch (error) {
    return { demos: [], problems: [`the gallery could not be read: ${(error as Error).message}`] };
  }
}

/** The demo a name refers to; a retired id (an old preset's) opens the demo that replaced it. */
export function findDemo(gallery: Gallery, name: string): Demo | undefined {
  const wanted = retiredDemoName(name) ?? name;
  return gallery.demos.find((d) => d.name === wanted);
}
