// The learning-rate schedule as a mini chart: a plain canvas polyline of schedulePreview()
// (the core's own numbers), with its range as text for screen readers too.
import { formatNumber } from '../util/format';

export function drawSchedulePreview(
  canvas: HTMLCanvasElement,
  values: Float64Array | null,
  color: string,
  /** Shown instead of a curve, e.g. for schedules that depend on the run's losses. */
  note?: string,
): void {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 220;
  const height = canvas.clientHeight || 44;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const g = canvas.getContext('2d');
  if (!g) return;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  if (note) {
    g.fillStyle = color;
    g.font = '11px sans-serif';
    g.textBaseline = 'middle';
    g.fillText(note.split(':')[0]!, 4, height / 2, width - 8);
    canvas.setAttribute('aria-label', `Learning-rate schedule: ${note}`);
    canvas.title = `Learning-rate schedule: ${note}`;
    return;
  }
  canvas.removeAttribute('title');
  if (!values || values.length === 0) {
    canvas.setAttribute(
      'aria-label',
      'Learning-rate schedule: not available for this configuration',
    );
    return;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!Number.isFinite(lo)) return;
  const top = hi > 0 ? hi : 1;
  const pad = 3;
  // The y axis starts at 0 so that warm-up and decay are seen in proportion.
  const y = (v: number) => height - pad - (Math.max(0, v) / top) * (height - 2 * pad);
  const x = (i: number) => (values.length === 1 ? width / 2 : (i / (values.length - 1)) * width);
  g.strokeStyle = color;
  g.lineWidth = 1.5;
  g.beginPath();
  // Every point: the core already condensed a long run to its buckets' extremes
  // (cpp/schedule/preview.h), and skipping any would drop a short spike.
  g.moveTo(x(0), y(values[0]!));
  for (let i = 1; i < values.length; i++) g.lineTo(x(i), y(values[i]!));
  g.stroke();
  canvas.setAttribute(
    'aria-label',
    `Learning-rate schedule from ${formatNumber(values[0]!)} to ${formatNumber(values[values.length - 1]!)}, peak ${formatNumber(hi)}`,
  );
}
