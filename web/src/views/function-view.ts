// The 2-D function as a log-scaled heat map with contour lines (values from the core's
// functionGrid), every run's trajectory drawn live in its colour, the known minima marked,
// particle clouds of population optimizers (CBO, ES) with a toggle, and a click to move the
// start point.
import type { FunctionEntry } from '../core/descent-module';
import { byName } from '../core/catalog';
import type { AppContext } from '../app/context';
import { isLocked } from '../app/context';
import { problemConfig } from '../state/run-config';
import { setStart } from '../state/run-actions';
import type { AppState } from '../state/types';
import type { RunRecord } from '../metrics/run-record';
import { el, uniqueId } from '../util/dom';
import { formatNumber } from '../util/format';
import type { Box } from '../worker/protocol';
import { fieldColor, logNormalize } from './colormap';
import { contourSegments } from './contours';
import { canvasPng, figureToolsFor, type FigureTools } from '../charts/chart-figure';
import { splitColor, type FigureLine, type MapFigure } from '../charts/figure';
import { figureScale } from '../charts/figure-scale';
import { fitCanvas, observeSize, toPixel, toWorld, type Plane, type Size } from './plane';

const GRID = 160;
const CONTOUR_LEVELS = 14;
/** Trajectories longer than this are drawn with a stride (the store keeps every point). */
const MAX_DRAWN_POINTS = 6000;
/** How far (CSS px) a press may move and still count as a tap on the map, not a drag. */
const TAP_SLOP_PX = 10;

/** A trajectory and a marked point, as the map draws them. */
type LineStyle = Omit<FigureLine, 'label' | 'color' | 'points'>;
const PATH_STYLE: LineStyle = {
  role: 'data',
  alpha: 1,
  width: 2,
  dash: [],
  marker: null,
  showLine: true,
  legend: true,
};
const MARK_STYLE: LineStyle = { ...PATH_STYLE, role: 'marker', marker: 'o', showLine: false };

interface Field {
  key: string;
  box: Box;
  values: Float64Array;
  normalized: Float32Array;
  image: HTMLCanvasElement;
}

export class FunctionView {
  readonly element: HTMLElement;
  private canvas = el('canvas', { class: 'plane-canvas', attrs: { tabindex: '0', role: 'img' } });
  private readout = el('div', { class: 'plane-readout', attrs: { 'aria-live': 'off' } });
  /** Draw the particle clouds (a view preference, not part of the shared state). */
  private showParticles = el('input', { attrs: { type: 'checkbox', id: uniqueId('particles') } });
  private particlesToggle = el('label', { class: 'plane-toggle', attrs: { hidden: '' } }, [
    this.showParticles,
    ' show particles',
  ]);
  private field: Field | null = null;
  /** Where the primary pointer went down on the map, until it is released or cancelled. */
  private pressedAt: [number, number] | null = null;
  private entry: FunctionEntry | undefined;
  private drawnSignature = '';
  /** What the map last drew (for its PNG and its figure bundle). */
  private drawn: { state: AppState; record: (id: string) => RunRecord | undefined } | null = null;
  private tools: FigureTools;
  private size: Size;
  /** Contour lines as one path, for the current field and canvas size. */
  private contours: { key: string; path: Path2D } | null = null;

  constructor(
    private app: AppContext,
    onResize: () => void,
  ) {
    this.tools = figureToolsFor({
      title: () => this.entry?.title ?? 'map',
      figure: () => this.figure(),
      png: () => this.exportPng(),
    });
    this.element = el('div', { class: 'plane-view' }, [
      this.canvas,
      this.readout,
      this.particlesToggle,
      this.tools.element,
    ]);
    this.showParticles.checked = true;
    this.showParticles.addEventListener('change', () => {
      this.drawnSignature = '';
      onResize();
    });
    // Pointer events: a mouse click, a pen or a finger's tap all move the start point; a touch
    // that turns into a scroll is cancelled by the browser (pointercancel) and moves nothing.
    this.canvas.addEventListener('pointerdown', (event) => {
      this.pressedAt = event.isPrimary ? [event.offsetX, event.offsetY] : null;
    });
    this.canvas.addEventListener('pointercancel', () => (this.pressedAt = null));
    this.canvas.addEventListener('pointerup', (event) => this.onTap(event));
    this.canvas.addEventListener('keydown', (event) => this.onKey(event));
    this.canvas.addEventListener('pointermove', (event) => this.onHover(event));
    this.canvas.addEventListener('pointerleave', () => (this.readout.textContent = ''));
    this.size = observeSize(this.canvas, () => {
      this.drawnSignature = '';
      onResize();
    });
  }

  /** Redraws if the problem, the runs or their trajectories changed. */
  draw(state: AppState, record: (id: string) => RunRecord | undefined): void {
    if (state.problem.kind !== 'function') return;
    this.entry = byName(this.app.catalog.functions, state.problem.name);
    if (!this.entry) return;
    if (this.size.width === 0) return; // not laid out yet (or hidden)
    const { width, height } = fitCanvas(this.canvas, this.size);
    const field = this.ensureField(state, this.entry);
    const signature = JSON.stringify([
      field?.key,
      width,
      height,
      state.problem.start,
      state.runs.map((r) => [r.id, r.visible, r.color, record(r.id)?.version]),
    ]);
    if (signature === this.drawnSignature) return;
    this.drawnSignature = signature;
    const g = this.canvas.getContext('2d');
    if (!g || !field) return;
    this.drawn = { state, record };
    const particles = this.paint(g, this.canvas.width / width, width, height, field, state, record);
    // For tests and assistive tech: how many particles the map shows now.
    this.canvas.dataset.particles = String(particles);
    this.canvas.setAttribute(
      'aria-label',
      `Map of ${this.entry.title} with ${state.runs.filter((r) => r.visible).length} trajectories (listed in the data table below); tap or click (or use the arrow keys) to move the start point.`,
    );
    this.tools.refresh();
  }

  /** Draws the map at `ratio` device pixels per CSS pixel; returns the particles drawn. */
  private paint(
    g: CanvasRenderingContext2D,
    ratio: number,
    width: number,
    height: number,
    field: Field,
    state: AppState,
    record: (id: string) => RunRecord | undefined,
  ): number {
    const entry = this.entry!;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    const plane: Plane = { box: field.box, width, height };
    g.imageSmoothingEnabled = true;
    g.drawImage(field.image, 0, 0, width, height);
    this.drawContours(g, field, plane);
    this.drawMinima(g, plane, entry);
    const start = state.problem.start ?? entry.start;
    this.drawStart(g, plane, start);
    let particles = 0;
    let clouds = 0;
    for (const run of state.runs) {
      const r = record(run.id);
      if (!run.visible || !r) continue;
      if (r.particles && r.particles.length > 0) {
        clouds++;
        if (this.showParticles.checked)
          particles += drawParticles(g, plane, r.particles, run.color);
      }
      this.drawTrajectory(g, plane, r, run.color);
    }
    this.particlesToggle.hidden = clouds === 0;
    return particles;
  }

  /** The map at the chosen pixel ratio, on a fresh canvas (the page's stays as it is). */
  private exportPng(): Promise<Blob> {
    const field = this.field;
    if (!field || !this.drawn || this.size.width === 0) {
      return Promise.reject(new Error('the map is not drawn yet'));
    }
    const ratio = figureScale();
    const { width, height } = this.size;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    this.paint(
      canvas.getContext('2d')!,
      ratio,
      width,
      height,
      field,
      this.drawn.state,
      this.drawn.record,
    );
    return canvasPng(canvas);
  }

  /** The map as a figure: the core's grid of f, every trajectory, the minima and the start. */
  private figure(): MapFigure | null {
    const field = this.field;
    const entry = this.entry;
    if (!field || !entry || !this.drawn) return null;
    const { state, record } = this.drawn;
    const lines: FigureLine[] = [];
    for (const run of state.runs) {
      const r = record(run.id);
      if (!run.visible || !r) continue;
      const xy = r.trail.view();
      const points: { x: number; y: number }[] = [];
      for (let k = 0; k + 1 < xy.length; k += 2) points.push({ x: xy[k]!, y: xy[k + 1]! });
      lines.push({ ...PATH_STYLE, label: run.name, color: splitColor(run.color).color, points });
    }
    const start = state.problem.start ?? entry.start;
    lines.push({
      ...MARK_STYLE,
      label: 'start',
      color: '#1b1f2a',
      points: [{ x: start[0], y: start[1] }],
    });
    if (entry.minima.length > 0) {
      lines.push({
        ...MARK_STYLE,
        label: entry.game ? 'equilibrium' : 'minimum',
        marker: '*',
        color: '#1b1f2a',
        points: entry.minima.map(([x, y]) => ({ x, y })),
      });
    }
    return {
      title: entry.title,
      xLabel: 'x',
      yLabel: 'y',
      logX: false,
      logY: false,
      lines,
      field: { box: [...field.box], nx: GRID, ny: GRID, values: field.values },
    };
  }

  private ensureField(state: AppState, entry: FunctionEntry): Field | null {
    const problemJson = JSON.stringify({ ...problemConfig(state.problem), start: undefined });
    const key = problemJson;
    if (this.field?.key === key) return this.field;
    const box: Box = [...entry.box];
    let values: Float64Array;
    try {
      values = new Float64Array(
        this.app.module.functionGrid(problemJson, box[0], box[1], box[2], box[3], GRID, GRID),
      );
    } catch {
      return this.field; // Invalid settings: validation shows why; keep the last map.
    }
    if (values.length !== GRID * GRID) return this.field;
    const normalized = logNormalize(values);
    const image = document.createElement('canvas');
    image.width = GRID;
    image.height = GRID;
    const g = image.getContext('2d')!;
    const pixels = g.createImageData(GRID, GRID);
    for (let j = 0; j < GRID; j++) {
      for (let i = 0; i < GRID; i++) {
        // Grid rows go up in y; image rows go down.
        const [r, gr, b] = fieldColor(normalized[j * GRID + i]!);
        const o = ((GRID - 1 - j) * GRID + i) * 4;
        pixels.data[o] = r;
        pixels.data[o + 1] = gr;
        pixels.data[o + 2] = b;
        pixels.data[o + 3] = 255;
      }
    }
    g.putImageData(pixels, 0, 0);
    this.field = { key, box, values, normalized, image };
    return this.field;
  }

  private drawContours(g: CanvasRenderingContext2D, field: Field, plane: Plane): void {
    const key = `${field.key}|${plane.width}|${plane.height}`;
    if (this.contours?.key !== key) {
      const path = new Path2D();
      const sx = plane.width / (GRID - 1);
      const sy = plane.height / (GRID - 1);
      for (let k = 1; k < CONTOUR_LEVELS; k++) {
        for (const [i0, j0, i1, j1] of contourSegments(
          field.normalized,
          GRID,
          GRID,
          k / CONTOUR_LEVELS,
        )) {
          path.moveTo(i0 * sx, plane.height - j0 * sy);
          path.lineTo(i1 * sx, plane.height - j1 * sy);
        }
      }
      this.contours = { key, path };
    }
    g.save();
    g.strokeStyle = 'rgba(40, 40, 70, 0.28)';
    g.lineWidth = 0.8;
    g.stroke(this.contours.path);
    g.restore();
  }

  private drawMinima(g: CanvasRenderingContext2D, plane: Plane, entry: FunctionEntry): void {
    g.save();
    for (const [x, y] of entry.minima) {
      const [px, py] = toPixel(plane, x, y);
      g.fillStyle = '#ffffff';
      g.strokeStyle = '#1b1f2a';
      g.lineWidth = 1.5;
      star(g, px, py, 7);
      g.fill();
      g.stroke();
    }
    g.restore();
  }

  private drawStart(g: CanvasRenderingContext2D, plane: Plane, [x, y]: [number, number]): void {
    const [px, py] = toPixel(plane, x, y);
    g.save();
    g.strokeStyle = '#1b1f2a';
    g.fillStyle = 'rgba(255,255,255,0.85)';
    g.lineWidth = 2;
    g.beginPath();
    g.arc(px, py, 5, 0, Math.PI * 2);
    g.fill();
    g.stroke();
    g.restore();
  }

  private drawTrajectory(
    g: CanvasRenderingContext2D,
    plane: Plane,
    record: RunRecord,
    color: string,
  ): void {
    const points = record.trail.view();
    const n = points.length / 2;
    if (n === 0) return;
    const stride = Math.max(1, Math.ceil(n / MAX_DRAWN_POINTS));
    const path = new Path2D();
    for (let k = 0; k < n; k += stride) {
      const [px, py] = toPixel(plane, points[2 * k]!, points[2 * k + 1]!);
      if (k === 0) path.moveTo(px, py);
      else path.lineTo(px, py);
    }
    const [lx, ly] = toPixel(plane, points[2 * n - 2]!, points[2 * n - 1]!);
    path.lineTo(lx, ly);
    g.save();
    g.lineJoin = 'round';
    // A white halo keeps the line readable over any part of the colour map.
    g.strokeStyle = 'rgba(255,255,255,0.75)';
    g.lineWidth = 4;
    g.stroke(path);
    g.strokeStyle = color;
    g.lineWidth = 2;
    g.stroke(path);
    g.fillStyle = color;
    g.strokeStyle = '#ffffff';
    g.lineWidth = 1.5;
    g.beginPath();
    if (record.status === 'diverged') {
      g.moveTo(lx - 6, ly - 6);
      g.lineTo(lx + 6, ly + 6);
      g.moveTo(lx + 6, ly - 6);
      g.lineTo(lx - 6, ly + 6);
      g.strokeStyle = color;
      g.lineWidth = 3;
      g.stroke();
    } else {
      g.arc(lx, ly, 4.5, 0, Math.PI * 2);
      g.fill();
      g.stroke();
    }
    g.restore();
  }

  private plane(): Plane | null {
    if (!this.field) return null;
    return {
      box: this.field.box,
      width: this.size.width,
      height: this.size.height,
    };
  }

  /** A press and release within a few pixels is a tap (or click): it sets the start there. */
  private onTap(event: PointerEvent): void {
    const pressed = this.pressedAt;
    this.pressedAt = null;
    if (!pressed || !event.isPrimary) return;
    if (Math.hypot(event.offsetX - pressed[0], event.offsetY - pressed[1]) > TAP_SLOP_PX) return;
    const plane = this.plane();
    if (!plane || isLocked(this.app)) return;
    const [x, y] = toWorld(plane, event.offsetX, event.offsetY);
    const round = (v: number) => Number(v.toPrecision(3));
    this.app.store.update((s) => setStart(s, [round(x), round(y)]));
  }

  /** Arrow keys move the start point by 2% of the box (Shift: 10%), for keyboard users. */
  private onKey(event: KeyboardEvent): void {
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, 1],
      ArrowDown: [0, -1],
    };
    const move = moves[event.key];
    if (!move || !this.field || !this.entry || isLocked(this.app)) return;
    event.preventDefault();
    const [xmin, xmax, ymin, ymax] = this.field.box;
    const fraction = event.shiftKey ? 0.1 : 0.02;
    const [x, y] = this.app.store.get().problem.start ?? this.entry.start;
    const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
    const round = (v: number) => Number(v.toPrecision(3));
    const next: [number, number] = [
      round(clamp(x + move[0] * fraction * (xmax - xmin), xmin, xmax)),
      round(clamp(y + move[1] * fraction * (ymax - ymin), ymin, ymax)),
    ];
    this.app.store.update((s) => setStart(s, next));
  }

  private onHover(event: MouseEvent): void {
    const plane = this.plane();
    const field = this.field;
    if (!plane || !field) return;
    const [x, y] = toWorld(plane, event.offsetX, event.offsetY);
    const i = Math.round((event.offsetX / plane.width) * (GRID - 1));
    const j = Math.round((1 - event.offsetY / plane.height) * (GRID - 1));
    const v =
      field.values[Math.max(0, Math.min(GRID - 1, j)) * GRID + Math.max(0, Math.min(GRID - 1, i))]!;
    this.readout.textContent = `x ${formatNumber(x, 3)}, y ${formatNumber(y, 3)}, f ≈ ${formatNumber(v, 4)}`;
  }
}

/** A population as translucent dots in the run's colour; returns how many were drawn. */
function drawParticles(
  g: CanvasRenderingContext2D,
  plane: Plane,
  xy: Float32Array,
  color: string,
): number {
  const [xmin, xmax, ymin, ymax] = plane.box;
  const path = new Path2D();
  let drawn = 0;
  for (let k = 0; k + 1 < xy.length; k += 2) {
    const x = xy[k]!;
    const y = xy[k + 1]!;
    if (!(x >= xmin && x <= xmax && y >= ymin && y <= ymax)) continue; // off the map
    const [px, py] = toPixel(plane, x, y);
    path.moveTo(px + 3, py);
    path.arc(px, py, 3, 0, Math.PI * 2);
    drawn++;
  }
  g.save();
  g.globalAlpha = 0.75;
  g.fillStyle = color;
  g.fill(path);
  g.globalAlpha = 1;
  g.strokeStyle = 'rgba(255,255,255,0.9)';
  g.lineWidth = 0.8;
  g.stroke(path);
  g.restore();
  return drawn;
}

function star(g: CanvasRenderingContext2D, x: number, y: number, r: number): void {
  g.beginPath();
  for (let k = 0; k < 10; k++) {
    const radius = k % 2 === 0 ? r : r * 0.45;
    const angle = -Math.PI / 2 + (k * Math.PI) / 5;
    const px = x + radius * Math.cos(angle);
    const py = y + radius * Math.sin(angle);
    if (k === 0) g.moveTo(px, py);
    else g.lineTo(px, py);
  }
  g.closePath();
}
