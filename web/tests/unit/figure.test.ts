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
  type MapFigure,
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
    const lines = JSON.parse(JSON.parse(linesJson)) as Record<string, unknown>[];
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
});
