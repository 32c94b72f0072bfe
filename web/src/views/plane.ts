// Mapping between a world box (x right, y up) and canvas pixels (y down).
import type { Box } from '../worker/protocol';

export interface Plane {
  box: Box;
  width: number;
  height: number;
}

export function toPixel(plane: Plane, x: number, y: number): [number, number] {
  const [xmin, xmax, ymin, ymax] = plane.box;
  const px = ((x - xmin) / (xmax - xmin)) * plane.width;
  const py = (1 - (y - ymin) / (ymax - ymin)) * plane.height;
  // Canvas paths misbehave far outside the surface: clamp what is drawn (data is unchanged).
  const clamp = (v: number) => Math.max(-1e5, Math.min(1e5, v));
  return [clamp(px), clamp(py)];
}

export function toWorld(plane: Plane, px: number, py: number): [number, number] {
  const [xmin, xmax, ymin, ymax] = plane.box;
  return [
    xmin + (px / plane.width) * (xmax - xmin),
    ymin + (1 - py / plane.height) * (ymax - ymin),
  ];
}

export interface Size {
  width: number;
  height: number;
}

/**
 * Tracks an element's CSS size with a ResizeObserver. Reading clientWidth in every frame
 * would force a synchronous layout after each DOM update; the observer reports sizes for free.
 */
export function observeSize(element: HTMLElement, onResize: () => void): Size {
  const size: Size = { width: 0, height: 0 };
  new ResizeObserver((entries) => {
    const box = entries[entries.length - 1]?.contentRect;
    if (!box) return;
    size.width = box.width;
    size.height = box.height;
    onResize();
  }).observe(element);
  return size;
}

/** Sets the canvas backing size for crisp lines; returns the CSS-pixel size. */
export function fitCanvas(
  canvas: HTMLCanvasElement,
  size: Size,
): { width: number; height: number; ratio: number } {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, size.width);
  const height = Math.max(1, size.height);
  const w = Math.round(width * ratio);
  const h = Math.round(height * ratio);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  return { width, height, ratio };
}
