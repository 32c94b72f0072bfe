// A chart as a figure: its lines (the core's values as the chart draws them), labels, colours
// and axes, independent of Chart.js. From it come the chart's text alternative (a table per
// line), the CSV and the matplotlib script of the figure bundle. Pure functions: no DOM.
import { tarArchive } from '../compare/tar';
import { csvField, csvNumber } from '../metrics/csv';

/** data: the core's values; smoothed: their EMA (a display transform); reference: a guide. */
export type FigureRole = 'data' | 'smoothed' | 'reference' | 'marker';

export interface FigureLine {
  label: string;
  role: FigureRole;
  /** #rrggbb */
  color: string;
  /** 0..1 */
  alpha: number;
  width: number;
  /** On/off lengths in pixels; empty for a solid line. */
  dash: number[];
  /** A marker at each point ('x' for a diverged run, 'o' for a sweep point), or none. */
  marker: 'x' | 'o' | '*' | null;
  /** Whether the points are joined by a line. */
  showLine: boolean;
  /** Whether the legend names it (one entry per run, not per faint raw line). */
  legend: boolean;
  points: { x: number; y: number }[];
}

export interface Figure {
  title: string;
  xLabel: string;
  yLabel: string;
  logX: boolean;
  logY: boolean;
  lines: FigureLine[];
}

/**
 * A 2-D map: a figure whose background is a grid the core computed over the box. The function
 * map has one channel, f (shaded on a log scale); a data set's decision boundary has one
 * channel per class probability (blended in the class colours) or the network's prediction.
 */
export interface MapFigure extends Figure {
  field: {
    box: [xmin: number, xmax: number, ymin: number, ymax: number];
    nx: number;
    ny: number;
    /**
     * Row-major, y outer (row j is y = ymin + j (ymax - ymin) / (ny - 1)); with several
     * channels, channel-major (channel k's cell c at k nx ny + c).
     */
    values: ArrayLike<number>;
    /** The channels' column names in field.csv; default ['f']. */
    channels?: string[];
    /** How the script shades it: log of f - min (default), class colours, or linear. */
    shading?: 'log' | 'classes' | 'linear';
    /** With shading 'classes': one #rrggbb per channel. */
    classColors?: string[];
  };
}

/** A heat map: a value on the grid of two swept values (xs by ys, y outer; NaN = none). */
export interface GridFigure extends Figure {
  grid: {
    xs: number[];
    ys: number[];
    values: number[];
    valueLabel: string;
  };
}

/**
 * Parallel coordinates: each line visits the axes in order; its point k is (k, the value on
 * axis k), and the script (as the page) scales each axis to its own range, log where swept so.
 */
export interface ParallelFigure extends Figure {
  axes: { name: string; log: boolean }[];
}

export function isParallel(figure: Figure): figure is ParallelFigure {
  return 'axes' in figure;
}

export function isMap(figure: Figure): figure is MapFigure {
  return 'field' in figure;
}

export function isGrid(figure: Figure): figure is GridFigure {
  return 'grid' in figure;
}

/** The map's colour scale (web/src/views/colormap.ts), passed to the script. */
export const MAP_COLORS = [
  '#fffcea',
  '#fce9b4',
  '#cde5c4',
  '#a0cdde',
  '#8ca0cd',
  '#7668a8',
] as const;

/** The grid: x, y and each channel per grid point (empty where the core gave no finite value). */
export function fieldCsv(field: MapFigure['field']): string {
  const [xmin, xmax, ymin, ymax] = field.box;
  const channels = field.channels ?? ['f'];
  const cells = field.nx * field.ny;
  const rows = [['x', 'y', ...channels.map(csvField)].join(',')];
  for (let j = 0; j < field.ny; j++) {
    const y = ymin + ((ymax - ymin) * j) / (field.ny - 1);
    for (let i = 0; i < field.nx; i++) {
      const x = xmin + ((xmax - xmin) * i) / (field.nx - 1);
      const cell = j * field.nx + i;
      const values = channels.map((_, k) => csvNumber(field.values[k * cells + cell]!));
      rows.push([csvNumber(x), csvNumber(y), ...values].join(','));
    }
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** A heat map's data.csv: x, y, value per cell, y outer (value empty where there is none). */
export function gridCsv(grid: GridFigure['grid']): string {
  const rows = ['x,y,value'];
  grid.ys.forEach((y, j) =>
    grid.xs.forEach((x, i) =>
      rows.push(
        `${csvNumber(x)},${csvNumber(y)},${csvNumber(grid.values[j * grid.xs.length + i]!)}`,
      ),
    ),
  );
  return `${rows.join('\r\n')}\r\n`;
}

/** '#rrggbb' or '#rrggbbaa' (the page's run colours, faded by an alpha suffix). */
export function splitColor(color: string): { color: string; alpha: number } {
  const match = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(color.trim());
  if (!match) return { color: '#888888', alpha: 1 };
  const alpha = match[2] === undefined ? 1 : parseInt(match[2], 16) / 255;
  return { color: `#${match[1]!.toLowerCase()}`, alpha: Math.round(alpha * 1000) / 1000 };
}

/** A file-name stem from a title: lower-case words joined by '-', at most 48 characters. */
export function figureName(title: string): string {
  const stem = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return stem === '' ? 'figure' : stem;
}

/** One row per point: line (its index in the script's LINES), label, x, y. */
export function figureCsv(figure: Figure): string {
  const rows = ['line,label,x,y'];
  figure.lines.forEach((line, index) => {
    const label = csvField(line.label);
    for (const p of line.points) rows.push(`${index},${label},${csvNumber(p.x)},${csvNumber(p.y)}`);
  });
  return `${rows.join('\r\n')}\r\n`;
}

/** The map's grid as the script needs it: size, channels and shading. */
function fieldStyle(field: MapFigure['field']) {
  return {
    nx: field.nx,
    ny: field.ny,
    channels: field.channels ?? ['f'],
    shading: field.shading ?? 'log',
    class_colors: field.classColors ?? [],
    colors: MAP_COLORS,
    levels: 14,
  };
}

/** A JSON value as a Python expression: JSON text inside a JSON (= Python) string literal. */
function pythonJson(value: unknown): string {
  return `json.loads(${JSON.stringify(JSON.stringify(value))})`;
}

/** A matplotlib script that redraws the figure from data.csv beside it (headless-safe). */
export function figureScript(figure: Figure): string {
  const lines = figure.lines.map((line, id) => ({
    id,
    label: line.label,
    role: line.role,
    color: line.color,
    alpha: line.alpha,
    width: line.width,
    dash: line.dash,
    marker: line.marker,
    show_line: line.showLine,
    legend: line.legend,
  }));
  return `#!/usr/bin/env python3
# Redraws a Descent chart from data.csv (beside this script) with matplotlib.
#   python3 plot.py [out.png|out.pdf|out.svg]     (default: figure.png)
# The styles below are the page's (colours, line widths, dashes, log axes): edit them to fit
# your paper or slides. data.csv holds every point the chart drew: line, label, x, y.
import csv
import json
import os
import sys

import matplotlib

if not os.environ.get("DISPLAY") and not os.environ.get("MPLBACKEND"):
    matplotlib.use("Agg")  # no screen: write the file only
import matplotlib.pyplot as plt

TITLE = ${JSON.stringify(figure.title)}
X_LABEL = ${JSON.stringify(figure.xLabel)}
Y_LABEL = ${JSON.stringify(figure.yLabel)}
LOG_X = ${figure.logX ? 'True' : 'False'}
LOG_Y = ${figure.logY ? 'True' : 'False'}
# One entry per line, in drawing order (role: data, smoothed, reference or marker).
LINES = ${pythonJson(lines)}
# A 2-D map's grid (field.csv), shaded as on the page; None otherwise.
FIELD = ${isMap(figure) ? pythonJson(fieldStyle(figure.field)) : 'None'}
# Parallel coordinates: the axes (x = 0, 1, ... in data.csv), each scaled to its range; or None.
AXES = ${isParallel(figure) ? pythonJson(figure.axes) : 'None'}
# A heat map: data.csv holds x, y, value per cell (log colour scale); None otherwise.
GRID = ${isGrid(figure) ? pythonJson({ value_label: figure.grid.valueLabel, colors: MAP_COLORS }) : 'None'}


def read_points(path):
    points = {line["id"]: ([], []) for line in LINES}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["x"] == "" or row["y"] == "":
                continue
            xs, ys = points[int(row["line"])]
            xs.append(float(row["x"]))
            ys.append(float(row["y"]))
    return points


def draw_field(ax, path):
    import math

    from matplotlib.colors import LinearSegmentedColormap

    xs, ys, channels = [], [], [[] for _ in FIELD["channels"]]
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            xs.append(float(row["x"]))
            ys.append(float(row["y"]))
            for values, name in zip(channels, FIELD["channels"]):
                values.append(float(row[name]) if row[name] != "" else math.nan)
    nx, ny = FIELD["nx"], FIELD["ny"]
    extent = (xs[0], xs[nx - 1], ys[0], ys[-1])
    if FIELD["shading"] == "classes":
        # The page's blend: the class colours weighted by their probabilities, paled.
        rgb = [matplotlib.colors.to_rgb(c) for c in FIELD["class_colors"]]
        image = [[[1 - (1 - sum(channels[k][j * nx + i] * rgb[k][c] for k in range(len(rgb)))) * 0.55
                   for c in range(3)] for i in range(nx)] for j in range(ny)]
        ax.imshow(image, origin="lower", extent=extent, aspect="auto", interpolation="bilinear")
        return
    fs = channels[0]
    finite = [v for v in fs if math.isfinite(v)]
    lo, hi = min(finite), max(finite)
    floor = (hi - lo) * 1e-4 if hi > lo else 1.0
    u_lo, u_hi = math.log(floor), math.log(hi - lo + floor)
    # The page's scale: log(f - min + floor), normalised to [0, 1].
    t = [((math.log(v - lo + floor) - u_lo) / (u_hi - u_lo)) if math.isfinite(v) else 1.0 for v in fs]
    if FIELD["shading"] == "linear":
        t = [((v - lo) / (hi - lo) if hi > lo else 0.5) if math.isfinite(v) else 1.0 for v in fs]
    grid = [t[j * nx:(j + 1) * nx] for j in range(ny)]
    cmap = LinearSegmentedColormap.from_list("descent", FIELD["colors"])
    ax.imshow(grid, origin="lower", extent=extent, cmap=cmap, vmin=0, vmax=1, aspect="auto",
              interpolation="bilinear")
    levels = [k / FIELD["levels"] for k in range(1, FIELD["levels"])]
    if FIELD["shading"] == "linear":
        return
    ax.contour([xs[i] for i in range(nx)], [ys[j * nx] for j in range(ny)], grid, levels=levels,
               colors=[(40 / 255, 40 / 255, 70 / 255, 0.28)], linewidths=0.8)


def draw_grid(fig, ax, path):
    import math

    from matplotlib.colors import LinearSegmentedColormap, LogNorm

    cells = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            value = float(row["value"]) if row["value"] != "" else math.nan
            cells[(float(row["x"]), float(row["y"]))] = value
    xs = sorted({x for x, _ in cells})
    ys = sorted({y for _, y in cells})
    grid = [[cells.get((x, y), math.nan) for x in xs] for y in ys]
    cmap = LinearSegmentedColormap.from_list("descent", GRID["colors"])
    cmap.set_bad("#9a9a9a")  # no value: a seed diverged
    positive = [v for v in cells.values() if math.isfinite(v) and v > 0]
    norm = LogNorm(min(positive), max(positive)) if positive else None
    mesh = ax.pcolormesh(range(len(xs) + 1), range(len(ys) + 1), grid, cmap=cmap, norm=norm)
    ax.set_xticks([i + 0.5 for i in range(len(xs))], [f"{x:.3g}" for x in xs], rotation=45)
    ax.set_yticks([j + 0.5 for j in range(len(ys))], [f"{y:.3g}" for y in ys])
    fig.colorbar(mesh, ax=ax, label=GRID["value_label"])


def to_parallel(points):
    import math

    # Each axis to [0, 1] over its finite values (log where the page draws it so).
    def tr(k, v):
        return math.log(v) if AXES[k]["log"] else v

    usable = lambda k, v: math.isfinite(v) and (not AXES[k]["log"] or v > 0)
    ranges = []
    for k in range(len(AXES)):
        vs = [tr(k, y) for xs, ys in points.values() for x, y in zip(xs, ys) if x == k and usable(k, y)]
        ranges.append((min(vs), max(vs)) if vs else (0.0, 1.0))
    out = {}
    for key, (xs, ys) in points.items():
        ts = []
        for x, y in zip(xs, ys):
            lo, hi = ranges[int(x)]
            ts.append(0.0 if not usable(int(x), y) else (tr(int(x), y) - lo) / (hi - lo) if hi > lo else 0.5)
        out[key] = (xs, ts)
    return out, ranges


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "figure.png")
    points = {} if GRID else read_points(os.path.join(here, "data.csv"))
    fig, ax = plt.subplots(figsize=(5.0, 5.0) if FIELD else (6.4, 4.0))
    if FIELD:
        draw_field(ax, os.path.join(here, "field.csv"))
    if GRID:
        draw_grid(fig, ax, os.path.join(here, "data.csv"))
    if AXES:
        import math

        points, ranges = to_parallel(points)
        ax.set_xticks(range(len(AXES)), [a["name"] for a in AXES])
        ax.set_yticks([])
        ax.set_ylim(-0.12, 1.12)
        for k, (lo, hi) in enumerate(ranges):
            ax.axvline(k, color="#888888", linewidth=1)
            top, bottom = (math.exp(hi), math.exp(lo)) if AXES[k]["log"] else (hi, lo)
            ax.annotate(f"{top:.3g}", (k, 1.0), xytext=(0, 4), textcoords="offset points", ha="center")
            ax.annotate(f"{bottom:.3g}", (k, 0.0), xytext=(0, -12), textcoords="offset points", ha="center")
    for line in LINES:
        xs, ys = points[line["id"]]
        style = dict(
            color=line["color"],
            alpha=line["alpha"],
            label=line["label"] if line["legend"] else "_nolegend_",
        )
        if not line["show_line"]:
            ax.plot(xs, ys, linestyle="none", marker=line["marker"] or "o", markersize=8,
                    markeredgewidth=2, **style)
            continue
        plotted = ax.plot(xs, ys, linewidth=line["width"], marker=line["marker"], **style)
        if line["dash"]:
            plotted[0].set_dashes([d / max(line["width"], 1.0) for d in line["dash"]])
    if LOG_X and not GRID and not AXES:
        ax.set_xscale("log")
    if LOG_Y and not GRID and not AXES:
        ax.set_yscale("log")
    ax.set_xlabel(X_LABEL)
    if Y_LABEL:
        ax.set_ylabel(Y_LABEL)
    ax.set_title(TITLE)
    if any(line["legend"] for line in LINES):
        ax.legend(frameon=False)
    fig.tight_layout()
    fig.savefig(out, dpi=200)
    print(out)


if __name__ == "__main__":
    main()
`;
}

export function figureReadme(figure: Figure): string {
  return [
    `${figure.title} (exported from Descent)`,
    '',
    ...(isGrid(figure)
      ? [
          `data.csv  the heat map's cells: x, y, value (${figure.grid.valueLabel}; the core's values)`,
        ]
      : [
          'data.csv  every point the chart drew: line, label, x, y',
          '          (the core\'s values; "smoothed" lines are the page\'s EMA of them)',
        ]),
    ...(isMap(figure)
      ? [
          `field.csv the core's grid the map draws: x, y, ${(figure.field.channels ?? ['f']).join(', ')}`,
        ]
      : []),
    'plot.py   redraws the figure with matplotlib: python3 plot.py figure.pdf',
    '',
  ].join('\n');
}

/** The bundle: NAME/data.csv, NAME/plot.py, NAME/README.txt as one tar archive. */
export function figureBundle(figure: Figure): { name: string; bytes: Uint8Array<ArrayBuffer> } {
  const name = figureName(figure.title);
  const bytes = tarArchive([
    { path: `${name}/data.csv`, text: isGrid(figure) ? gridCsv(figure.grid) : figureCsv(figure) },
    { path: `${name}/plot.py`, text: figureScript(figure), mode: 0o755 },
    { path: `${name}/README.txt`, text: figureReadme(figure) },
    ...(isMap(figure) ? [{ path: `${name}/field.csv`, text: fieldCsv(figure.field) }] : []),
  ]);
  return { name, bytes };
}

export interface SummaryRow {
  label: string;
  points: number;
  first: { x: number; y: number } | null;
  last: { x: number; y: number } | null;
  lowest: { x: number; y: number } | null;
  highest: { x: number; y: number } | null;
}

/**
 * The text alternative: for each line of data (not the smoothing, guides or markers), how
 * many points it has, where it starts and ends, and its extremes, read off its points.
 */
export function figureSummary(figure: Figure): SummaryRow[] {
  return figure.lines
    .filter((line) => line.role === 'data')
    .map((line) => {
      const finite = line.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
      let lowest: { x: number; y: number } | null = null;
      let highest: { x: number; y: number } | null = null;
      for (const p of finite) {
        if (!lowest || p.y < lowest.y) lowest = p;
        if (!highest || p.y > highest.y) highest = p;
      }
      return {
        label: line.label,
        points: finite.length,
        first: finite[0] ?? null,
        last: finite[finite.length - 1] ?? null,
        lowest,
        highest,
      };
    });
}
