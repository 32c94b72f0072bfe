// The figure bundle (data.csv + plot.py + README.txt in a tar) and the chart's text
// alternative, from a hand-made figure; and, where python3 with matplotlib is installed (CI:
// scripts/setup.sh), the generated script run headless to a PNG.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  figureBundle,
  figureCsv,
  figureName,
  figureSummary,
  splitColor,
  type Figure,
  type FigureLine,
  type GridFigure,
  type MapFigure,
  type ParallelFigure,
} from '../../src/charts/figure';

/** Reads a ustar archive back: path -> text. */
function untar(bytes: Uint8Array): Map<string, { text: string; mode: number }> {
  const files = new Map<string, { text: string; mode: number }>();
  const decoder = new TextDecoder();
  let offset = 0;
  while (offset + 512 <= bytes.length) {
    const header = bytes.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number) =>
      decoder.decode(header.subarray(start, start + length)).replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12), 8);
    const mode = parseInt(field(100, 8), 8);
    const text = decoder.decode(bytes.subarray(offset + 512, offset + 512 + size));
    files.set(field(0, 100), { text, mode });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

const style = {
  alpha: 1,
  width: 2,
  dash: [] as number[],
  marker: null,
  showLine: true,
  legend: true,
} satisfies Partial<FigureLine>;

const lossFigure: Figure = {
  title: 'Training loss',
  xLabel: 'step',
  yLabel: '',
  logX: false,
  logY: true,
  lines: [
    {
      ...style,
      label: 'SGD, "plain" (raw)',
      role: 'data',
      color: '#1f77b4',
      alpha: 0.22,
      width: 1,
      legend: false,
      points: [
        { x: 0, y: 2.5 },
        { x: 50, y: 0.75 },
        { x: 100, y: 0.125 },
        { x: 150, y: 0.25 },
      ],
    },
    {
      ...style,
      label: 'SGD, "plain" (EMA 0.9)',
      role: 'smoothed',
      color: '#1f77b4',
      points: [
        { x: 0, y: 2.5 },
        { x: 50, y: 2.0 },
      ],
    },
    {
      ...style,
      label: 'Adam test',
      role: 'data',
      color: '#d62728',
      dash: [6, 4],
      points: [
        { x: 0, y: 3 },
        { x: 100, y: 1e-7 },
      ],
    },
    {
      ...style,
      label: 'Adam diverged',
      role: 'marker',
      color: '#d62728',
      marker: 'x',
      showLine: false,
      legend: false,
      points: [{ x: 100, y: 1e-7 }],
    },
  ],
};

// A heat map of two swept values (the cell at lr 0.1, wd 0.01 diverged: no value).
const heatFigure: GridFigure = {
  title: 'Heat map: Adam',
  xLabel: 'optimizer.lr',
  yLabel: 'optimizer.weight_decay',
  logX: true,
  logY: true,
  lines: [],
  grid: {
    xs: [0.001, 0.01, 0.1],
    ys: [0.0001, 0.01],
    values: [0.5, 0.25, 0.125, 0.75, 0.0625, Number.NaN],
    valueLabel: 'final loss, mean over seeds',
  },
};

// A data set's decision boundary: two classes, the core's probabilities channel-major.
const boundaryFigure: MapFigure = {
  title: 'Two moons: boundary of Adam',
  xLabel: 'x1',
  yLabel: 'x2',
  logX: false,
  logY: false,
  lines: [
    {
      ...style,
      label: 'class 0',
      role: 'data',
      color: '#e8684a',
      marker: 'o',
      showLine: false,
      points: [{ x: -1, y: 0.5 }],
    },
    {
      ...style,
      label: 'class 1',
      role: 'data',
      color: '#3b82c4',
      marker: 'o',
      showLine: false,
      points: [
        { x: 1, y: -0.5 },
        { x: 0.5, y: 0 },
      ],
    },
  ],
  field: {
    box: [-2, 2, -1, 1],
    nx: 2,
    ny: 2,
    // p0 for the 4 cells, then p1.
    values: [0.9, 0.8, 0.3, 0.1, 0.1, 0.2, 0.7, 0.9],
    channels: ['p0', 'p1'],
    shading: 'classes',
    classColors: ['#e8684a', '#3b82c4'],
  },
};

// Parallel coordinates over two swept values and the loss.
const parallelFigure: ParallelFigure = {
  title: 'Parallel coordinates',
  xLabel: '',
  yLabel: '',
  logX: false,
  logY: false,
  axes: [
    { name: 'optimizer.lr', log: true },
    { name: 'optimizer.beta1', log: false },
    { name: 'final loss', log: true },
  ],
  lines: [
    {
      ...style,
      label: 'Adam lr=0.01 beta1=0.9',
      role: 'data',
      color: '#2ca02c',
      legend: false,
      points: [
        { x: 0, y: 0.01 },
        { x: 1, y: 0.9 },
        { x: 2, y: 0.25 },
      ],
    },
    {
      ...style,
      label: 'Adam lr=0.1 beta1=0.5',
      role: 'data',
      color: '#2ca02c',
      legend: false,
      points: [
        { x: 0, y: 0.1 },
        { x: 1, y: 0.5 },
        { x: 2, y: 0.5 },
      ],
    },
  ],
};

describe('figure bundle', () => {
  it('holds the CSV, the script and a README under the figure name', () => {
    const { name, bytes } = figureBundle(lossFigure);
    expect(name).toBe('training-loss');
    const files = untar(bytes);
    expect([...files.keys()].sort()).toEqual([
      'training-loss/README.txt',
      'training-loss/data.csv',
      'training-loss/plot.py',
    ]);
    expect(files.get('training-loss/plot.py')!.mode).toBe(0o755);
    const csv = files.get('training-loss/data.csv')!.text.trim().split('\r\n');
    expect(csv[0]).toBe('line,label,x,y');
    // Every point of every line, in order, exact (shortest round-trip decimals), labels quoted.
    expect(csv.slice(1)).toEqual([
      '0,"SGD, ""plain"" (raw)",0,2.5',
      '0,"SGD, ""plain"" (raw)",50,0.75',
      '0,"SGD, ""plain"" (raw)",100,0.125',
      '0,"SGD, ""plain"" (raw)",150,0.25',
      '1,"SGD, ""plain"" (EMA 0.9)",0,2.5',
      '1,"SGD, ""plain"" (EMA 0.9)",50,2',
      '2,Adam test,0,3',
      '2,Adam test,100,1e-7',
      '3,Adam diverged,100,1e-7',
    ]);
  });

  it('writes the styles, labels and log axes into the script', () => {
    const script = untar(figureBundle(lossFigure).bytes).get('training-loss/plot.py')!.text;
    expect(script).toContain('TITLE = "Training loss"');
    expect(script).toContain('X_LABEL = "step"');
    expect(script).toContain('LOG_X = False');
    expect(script).toContain('LOG_Y = True');
    expect(script).toContain('FIELD = None');
    const linesJson = /LINES = json\.loads\((".*")\)/.exec(script)![1]!;
    const lines = JSON.parse(JSON.parse(linesJson) as string) as Record<string, unknown>[];
    expect(lines.map((l) => [l.label, l.color, l.alpha, l.width, l.dash, l.marker])).toEqual([
      ['SGD, "plain" (raw)', '#1f77b4', 0.22, 1, [], null],
      ['SGD, "plain" (EMA 0.9)', '#1f77b4', 1, 2, [], null],
      ['Adam test', '#d62728', 1, 2, [6, 4], null],
      ['Adam diverged', '#d62728', 1, 2, [], 'x'],
    ]);
    expect(lines.map((l) => l.legend)).toEqual([false, true, true, false]);
  });

  it('adds the map grid as field.csv, row-major with y outer', () => {
    const map: MapFigure = {
      ...lossFigure,
      title: 'Rosenbrock',
      logY: false,
      lines: [lossFigure.lines[2]!],
      field: { box: [-2, 2, -1, 3], nx: 3, ny: 2, values: [1, 2, 3, 4, 5, Number.NaN] },
    };
    const files = untar(figureBundle(map).bytes);
    const field = files.get('rosenbrock/field.csv')!.text.trim().split('\r\n');
    expect(field).toEqual(['x,y,f', '-2,-1,1', '0,-1,2', '2,-1,3', '-2,3,4', '0,3,5', '2,3,']);
    expect(files.get('rosenbrock/plot.py')!.text).toMatch(/FIELD = json\.loads\(".*\\"nx\\":3/);
  });
});

describe('figure bundle of the compare charts and the boundary view', () => {
  it("puts a heat map's grid in data.csv, y outer, empty where no value", () => {
    const { name, bytes } = figureBundle(heatFigure);
    expect(name).toBe('heat-map-adam');
    const files = untar(bytes);
    expect([...files.keys()].sort()).toEqual([
      'heat-map-adam/README.txt',
      'heat-map-adam/data.csv',
      'heat-map-adam/plot.py',
    ]);
    expect(files.get('heat-map-adam/data.csv')!.text.trim().split('\r\n')).toEqual([
      'x,y,value',
      '0.001,0.0001,0.5',
      '0.01,0.0001,0.25',
      '0.1,0.0001,0.125',
      '0.001,0.01,0.75',
      '0.01,0.01,0.0625',
      '0.1,0.01,',
    ]);
    const script = files.get('heat-map-adam/plot.py')!.text;
    expect(script).toMatch(/GRID = json\.loads\(".*final loss, mean over seeds/);
    expect(script).toContain('FIELD = None');
    expect(script).toContain('AXES = None');
    expect(files.get('heat-map-adam/README.txt')!.text).toContain("the heat map's cells");
  });

  it('puts the boundary grid, a column per class probability, in field.csv', () => {
    const files = untar(figureBundle(boundaryFigure).bytes);
    const name = 'two-moons-boundary-of-adam';
    expect(files.get(`${name}/field.csv`)!.text.trim().split('\r\n')).toEqual([
      'x,y,p0,p1',
      '-2,-1,0.9,0.1',
      '2,-1,0.8,0.2',
      '-2,1,0.3,0.7',
      '2,1,0.1,0.9',
    ]);
    // The training points, one line per class.
    expect(files.get(`${name}/data.csv`)!.text.trim().split('\r\n')).toEqual([
      'line,label,x,y',
      '0,class 0,-1,0.5',
      '1,class 1,1,-0.5',
      '1,class 1,0.5,0',
    ]);
    const field = /FIELD = json\.loads\((".*")\)/.exec(files.get(`${name}/plot.py`)!.text)![1]!;
    expect(JSON.parse(JSON.parse(field) as string)).toMatchObject({
      nx: 2,
      ny: 2,
      channels: ['p0', 'p1'],
      shading: 'classes',
      class_colors: ['#e8684a', '#3b82c4'],
    });
  });

  it('gives parallel coordinates their axes; data.csv has x = the axis index', () => {
    const files = untar(figureBundle(parallelFigure).bytes);
    const csv = files.get('parallel-coordinates/data.csv')!.text.trim().split('\r\n');
    expect(csv.slice(1, 4)).toEqual([
      '0,Adam lr=0.01 beta1=0.9,0,0.01',
      '0,Adam lr=0.01 beta1=0.9,1,0.9',
      '0,Adam lr=0.01 beta1=0.9,2,0.25',
    ]);
    const axes = /AXES = json\.loads\((".*")\)/.exec(
      files.get('parallel-coordinates/plot.py')!.text,
    )![1]!;
    expect(JSON.parse(JSON.parse(axes) as string)).toEqual(parallelFigure.axes);
  });
});

describe('figure text alternative', () => {
  it('summarises the lines of data only, with their ends and extremes', () => {
    const rows = figureSummary(lossFigure);
    expect(rows.map((r) => r.label)).toEqual(['SGD, "plain" (raw)', 'Adam test']);
    expect(rows[0]).toEqual({
      label: 'SGD, "plain" (raw)',
      points: 4,
      first: { x: 0, y: 2.5 },
      last: { x: 150, y: 0.25 },
      lowest: { x: 100, y: 0.125 },
      highest: { x: 0, y: 2.5 },
    });
    expect(rows[1]!.lowest).toEqual({ x: 100, y: 1e-7 });
  });
});

describe('figure helpers', () => {
  it('splits a faded run colour into colour and alpha', () => {
    expect(splitColor('#1F77B4')).toEqual({ color: '#1f77b4', alpha: 1 });
    expect(splitColor('#1f77b438')).toEqual({ color: '#1f77b4', alpha: 0.22 });
    expect(splitColor('rgb(1,2,3)')).toEqual({ color: '#888888', alpha: 1 });
  });
  it('names files after the title', () => {
    expect(figureName('Accuracy (solid: train, dashed: test)')).toBe(
      'accuracy-solid-train-dashed-test',
    );
    expect(figureName('∂∂')).toBe('figure');
  });
  it('leaves non-finite values as empty cells', () => {
    const csv = figureCsv({
      ...lossFigure,
      lines: [{ ...lossFigure.lines[2]!, points: [{ x: 1, y: Number.NaN }] }],
    });
    expect(csv).toBe('line,label,x,y\r\n0,Adam test,1,\r\n');
  });
});

// Debian's python3-matplotlib is for the system interpreter (a pyenv shim may come first).
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const hasMatplotlib =
  spawnSync(PYTHON, ['-c', 'import matplotlib'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasMatplotlib && process.env.CI !== 'true')('the generated script', () => {
  const run = (figure: Figure) => {
    const dir = mkdtempSync(join(tmpdir(), 'descent-figure-'));
    for (const [path, file] of untar(figureBundle(figure).bytes)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), file.text);
    }
    const name = figureName(figure.title);
    const out = join(dir, 'out.png');
    const result = spawnSync(PYTHON, [join(dir, name, 'plot.py'), out], {
      encoding: 'utf8',
      env: { ...process.env, MPLBACKEND: 'Agg' },
      timeout: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const png = readFileSync(out);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // 6.4 x 4 inches at 200 dpi (map: 5 x 5).
    return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
  };

  it('redraws a chart to a PNG with matplotlib (headless)', () => {
    expect(run(lossFigure)).toEqual({ width: 1280, height: 800 });
  }, 60_000);

  it('redraws the map with its grid to a PNG', () => {
    const values = Array.from({ length: 20 * 20 }, (_, k) => (k % 20) ** 2 + Math.floor(k / 20));
    const map: MapFigure = {
      ...lossFigure,
      title: 'Bowl',
      logY: false,
      field: { box: [-1, 1, -1, 1], nx: 20, ny: 20, values },
    };
    expect(run(map)).toEqual({ width: 1000, height: 1000 });
  }, 60_000);

  it('redraws a heat map, a decision boundary and parallel coordinates', () => {
    expect(run(heatFigure)).toEqual({ width: 1280, height: 800 });
    expect(run(boundaryFigure)).toEqual({ width: 1000, height: 1000 });
    const regression: MapFigure = {
      ...boundaryFigure,
      title: 'Regression',
      field: {
        box: [-1, 1, -1, 1],
        nx: 2,
        ny: 2,
        values: [0, 1, 2, 3],
        channels: ['prediction'],
        shading: 'linear',
      },
    };
    expect(run(regression)).toEqual({ width: 1000, height: 1000 });
    expect(run(parallelFigure)).toEqual({ width: 1280, height: 800 });
  }, 120_000);
});
