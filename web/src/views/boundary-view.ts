// 2-D data sets: the selected run's decision boundary (class probabilities from the core's
// grid(), blended in class colours) or regression surface, under the training points.
import { canvasPng, figureToolsFor, type FigureTools } from '../charts/chart-figure';
import type { FigureLine, MapFigure } from '../charts/figure';
import { figureScale } from '../charts/figure-scale';
import type { DatasetEntry } from '../core/descent-module';
import { byName } from '../core/catalog';
import type { AppContext } from '../app/context';
import type { TrainingController } from '../app/training-controller';
import type { RunRecord } from '../metrics/run-record';
import { CLASS_PALETTE, hexToRgb } from '../state/palette';
import type { AppState } from '../state/types';
import { el, select } from '../util/dom';
import type { Box } from '../worker/protocol';
import type { TrainDataAnswer } from '../worker/pool';
import { fieldColor } from './colormap';
import { fitCanvas, observeSize, toPixel, type Plane, type Size } from './plane';

const GRID = 72;
/** A running run's boundary is refreshed at most this often (it costs a forward pass per cell). */
const REFRESH_MS = 350;

interface Surface {
  runId: string;
  version: number;
  image: HTMLCanvasElement;
  /** The core's grid as it answered (for the figure bundle's field.csv). */
  values: Float32Array;
  nx: number;
  ny: number;
}

const POINT_STYLE = {
  role: 'data',
  alpha: 1,
  width: 1,
  dash: [],
  marker: 'o',
  showLine: false,
  legend: true,
} satisfies Omit<FigureLine, 'label' | 'color' | 'points'>;

function extent(data: TrainDataAnswer): Box {
  let xmin = Infinity;
  let xmax = -Infinity;
  let ymin = Infinity;
  let ymax = -Infinity;
  const n = data.x.length / data.inputDim;
  for (let i = 0; i < n; i++) {
    const x = data.x[i * data.inputDim]!;
    const y = data.x[i * data.inputDim + 1]!;
    xmin = Math.min(xmin, x);
    xmax = Math.max(xmax, x);
    ymin = Math.min(ymin, y);
    ymax = Math.max(ymax, y);
  }
  if (!Number.isFinite(xmin)) return [-1, 1, -1, 1];
  const mx = (xmax - xmin) * 0.08 || 1;
  const my = (ymax - ymin) * 0.08 || 1;
  return [xmin - mx, xmax + mx, ymin - my, ymax + my];
}

export class BoundaryView {
  readonly element: HTMLElement;
  // An image needs its text from the start; draw() replaces it with what is drawn.
  private canvas = el('canvas', {
    class: 'plane-canvas',
    attrs: {
      role: 'img',
      'aria-label': 'Decision boundary of the selected run: drawn once the run has trained',
    },
  });
  private picker = el('div', { class: 'boundary-picker' });
  private note = el('p', { class: 'hint' });
  private data: { instanceKey: string; answer: TrainDataAnswer; box: Box } | null = null;
  private surface: Surface | null = null;
  private inFlight = false;
  private lastRequest = 0;
  private pickerKey = '';
  private drawnSignature = '';
  private size: Size;
  /** What the view last drew (for its PNG and its figure bundle). */
  private shown: { runId: string; runName: string; entry: DatasetEntry } | null = null;
  private tools: FigureTools;

  constructor(
    private app: AppContext,
    private training: TrainingController,
    /** Asks for a redraw when a worker's answer arrives between training updates. */
    private onAnswer: () => void,
  ) {
    this.tools = figureToolsFor({
      title: () => this.title(),
      figure: () => this.figure(),
      png: () => this.exportPng(),
    });
    this.element = el('div', { class: 'plane-view' }, [
      this.picker,
      this.canvas,
      this.note,
      this.tools.element,
    ]);
    this.size = observeSize(this.canvas, () => {
      this.drawnSignature = '';
      onAnswer();
    });
  }

  /** The run shown: the selected one if visible, else the first visible run. */
  static shownRun(state: AppState): string | null {
    const selected = state.runs.find((r) => r.id === state.view.selectedRun && r.visible);
    return (selected ?? state.runs.find((r) => r.visible))?.id ?? null;
  }

  draw(state: AppState, record: (id: string) => RunRecord | undefined): void {
    const entry: DatasetEntry | undefined = byName(this.app.catalog.datasets, state.problem.name);
    this.renderPicker(state);
    const runId = BoundaryView.shownRun(state);
    const r = runId ? record(runId) : undefined;
    if (!entry || !runId || !r || r.status === 'idle' || r.status === 'invalid') {
      this.note.textContent = 'Start training to see the decision boundary of the selected run.';
      this.shown = null;
      this.clear();
      return;
    }
    this.note.textContent =
      entry.task === 'classification'
        ? 'Background: the network’s class probabilities; dots: training points.'
        : 'Background: the network’s prediction; dots: training targets.';
    this.request(runId, r);
    const runName = state.runs.find((run) => run.id === runId)?.name ?? runId;
    this.shown = { runId, runName, entry };
    this.paint(state, runId, entry);
  }

  private renderPicker(state: AppState): void {
    const key = JSON.stringify([state.runs.map((r) => [r.id, r.name]), state.view.selectedRun]);
    if (key === this.pickerKey) return;
    this.pickerKey = key;
    const shown = BoundaryView.shownRun(state) ?? '';
    const control = select(
      state.runs.map((r) => ({ value: r.id, label: r.name })),
      shown,
      (id) => this.app.store.update((s) => ({ ...s, view: { ...s.view, selectedRun: id } })),
      { 'aria-label': 'Run whose decision boundary is shown' },
    );
    this.picker.replaceChildren(
      el('label', { class: 'param-label', text: 'Boundary of ' }),
      control,
    );
  }

  private clear(): void {
    const g = this.canvas.getContext('2d');
    fitCanvas(this.canvas, this.size);
    g?.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.drawnSignature = '';
  }

  /** Asks the run's worker for train data (once per run instance) and fresh grids. */
  private request(runId: string, record: RunRecord): void {
    if (this.inFlight) return;
    const instanceKey = `${runId}|${record.configKey}`;
    if (!this.data || this.data.instanceKey !== instanceKey) {
      if (this.data && this.data.instanceKey.split('|')[1] !== record.configKey)
        this.surface = null;
      this.inFlight = true;
      this.training
        .trainData(runId)
        .then((answer) => {
          this.data = { instanceKey, answer, box: extent(answer) };
          this.drawnSignature = '';
          this.onAnswer();
        })
        .catch(() => undefined)
        .finally(() => (this.inFlight = false));
      return;
    }
    const fresh =
      this.surface && this.surface.runId === runId && this.surface.version === record.version;
    if (fresh || performance.now() - this.lastRequest < REFRESH_MS) return;
    this.inFlight = true;
    this.lastRequest = performance.now();
    const version = record.version;
    const box = this.data.box;
    this.training
      .grid(runId, box, GRID, GRID)
      .then((answer) => {
        this.surface = {
          runId,
          version,
          image: this.surfaceImage(answer.values, answer.nx, answer.ny),
          values: answer.values,
          nx: answer.nx,
          ny: answer.ny,
        };
        this.drawnSignature = '';
        this.onAnswer();
      })
      .catch(() => undefined)
      .finally(() => (this.inFlight = false));
  }

  private surfaceImage(values: Float32Array, nx: number, ny: number): HTMLCanvasElement {
    const image = document.createElement('canvas');
    image.width = nx;
    image.height = ny;
    const g = image.getContext('2d')!;
    const pixels = g.createImageData(nx, ny);
    const cells = nx * ny;
    const classes = Math.max(1, Math.round(values.length / cells));
    const colors = Array.from({ length: classes }, (_, k) =>
      hexToRgb(CLASS_PALETTE[k % CLASS_PALETTE.length]!),
    );
    let lo = Infinity;
    let hi = -Infinity;
    if (classes === 1)
      for (const v of values) {
        if (!Number.isFinite(v)) continue;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const cell = j * nx + i;
        let rgb: [number, number, number];
        if (classes === 1) {
          rgb = fieldColor(hi > lo ? (values[cell]! - lo) / (hi - lo) : 0.5);
        } else {
          rgb = [0, 0, 0];
          for (let k = 0; k < classes; k++) {
            const p = values[k * cells + cell]!;
            rgb[0] += p * colors[k]![0];
            rgb[1] += p * colors[k]![1];
            rgb[2] += p * colors[k]![2];
          }
          // Pale backgrounds keep the points readable; confident regions are a bit stronger.
          for (let c = 0; c < 3; c++) rgb[c] = 255 - (255 - rgb[c]!) * 0.55;
        }
        const o = ((ny - 1 - j) * nx + i) * 4;
        pixels.data[o] = rgb[0];
        pixels.data[o + 1] = rgb[1];
        pixels.data[o + 2] = rgb[2];
        pixels.data[o + 3] = 255;
      }
    }
    g.putImageData(pixels, 0, 0);
    return image;
  }

  private paint(state: AppState, runId: string, entry: DatasetEntry): void {
    if (!this.data || this.size.width === 0) return;
    const { width, height } = fitCanvas(this.canvas, this.size);
    const signature = JSON.stringify([
      width,
      height,
      runId,
      this.surface?.version,
      this.data.instanceKey,
      state.problem.name,
    ]);
    if (signature === this.drawnSignature) return;
    this.drawnSignature = signature;
    const g = this.canvas.getContext('2d');
    if (!g) return;
    const n = this.render(g, this.canvas.width / width, width, height, runId, entry);
    this.canvas.setAttribute(
      'aria-label',
      `Decision boundary of the selected run over ${n} training points of ${entry.title} (its data table follows)`,
    );
    this.tools.refresh();
  }

  /** Draws the view at `ratio` device pixels per CSS pixel; returns the number of points. */
  private render(
    g: CanvasRenderingContext2D,
    ratio: number,
    width: number,
    height: number,
    runId: string,
    entry: DatasetEntry,
  ): number {
    if (!this.data) return 0;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.fillStyle = '#f4f5f7';
    g.fillRect(0, 0, width, height);
    if (this.surface && this.surface.runId === runId) {
      g.imageSmoothingEnabled = true;
      g.drawImage(this.surface.image, 0, 0, width, height);
    }
    const plane: Plane = { box: this.data.box, width, height };
    const { x, inputDim, labels, targets } = this.data.answer;
    const n = x.length / inputDim;
    let tlo = Infinity;
    let thi = -Infinity;
    if (entry.task === 'regression')
      for (const t of targets) {
        tlo = Math.min(tlo, t);
        thi = Math.max(thi, t);
      }
    g.lineWidth = 1;
    g.strokeStyle = '#ffffff';
    for (let i = 0; i < n; i++) {
      const [px, py] = toPixel(plane, x[i * inputDim]!, x[i * inputDim + 1]!);
      if (entry.task === 'classification') {
        g.fillStyle = CLASS_PALETTE[(labels[i] ?? 0) % CLASS_PALETTE.length]!;
      } else {
        const [r, gr, b] = fieldColor(thi > tlo ? (targets[i]! - tlo) / (thi - tlo) : 0.5);
        g.fillStyle = `rgb(${r | 0},${gr | 0},${b | 0})`;
        g.strokeStyle = '#333';
      }
      g.beginPath();
      g.arc(px, py, 3.2, 0, Math.PI * 2);
      g.fill();
      g.stroke();
    }
    return n;
  }

  private title(): string {
    const shown = this.shown;
    return shown ? `${shown.entry.title}: boundary of ${shown.runName}` : 'Decision boundary';
  }

  /** The view at the chosen pixel ratio, on a fresh canvas (the page's stays as it is). */
  private exportPng(): Promise<Blob> {
    const shown = this.shown;
    if (!shown || !this.data || this.size.width === 0) {
      return Promise.reject(new Error('the boundary is not drawn yet'));
    }
    const ratio = figureScale();
    const { width, height } = this.size;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    this.render(canvas.getContext('2d')!, ratio, width, height, shown.runId, shown.entry);
    return canvasPng(canvas);
  }

  /**
   * The view as a figure: the training points (one line per class, or all of them for a
   * regression) over the core's grid (class probabilities, or the network's prediction).
   */
  private figure(): MapFigure | null {
    const shown = this.shown;
    const surface = this.surface;
    if (!shown || !this.data || !surface || surface.runId !== shown.runId) return null;
    const { x, inputDim, labels } = this.data.answer;
    const n = x.length / inputDim;
    const classification = shown.entry.task === 'classification';
    const classes = Math.max(1, Math.round(surface.values.length / (surface.nx * surface.ny)));
    const groups = classification ? classes : 1;
    const lines: FigureLine[] = Array.from({ length: groups }, (_, k) => ({
      ...POINT_STYLE,
      label: classification ? `class ${k}` : 'training points',
      color: classification ? CLASS_PALETTE[k % CLASS_PALETTE.length]! : '#333333',
      points: [],
    }));
    for (let i = 0; i < n; i++) {
      const k = classification ? (labels[i] ?? 0) : 0;
      lines[Math.min(k, groups - 1)]!.points.push({
        x: x[i * inputDim]!,
        y: x[i * inputDim + 1]!,
      });
    }
    const channels = classification
      ? Array.from({ length: classes }, (_, k) => `p${k}`)
      : ['prediction'];
    return {
      title: this.title(),
      xLabel: 'x1',
      yLabel: 'x2',
      logX: false,
      logY: false,
      lines,
      field: {
        box: [...this.data.box],
        nx: surface.nx,
        ny: surface.ny,
        values: surface.values,
        channels,
        shading: classification ? 'classes' : 'linear',
        ...(classification ? { classColors: lines.map((l) => l.color) } : {}),
      },
    };
  }
}
