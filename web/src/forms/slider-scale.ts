// Slider position <-> value. Log sliders make each decade the same width, which is what a
// learning rate from 1e-5 to 10 needs. Positions are integers 0..SLIDER_STEPS.
export const SLIDER_STEPS = 1000;

export interface SliderScale {
  min: number;
  max: number;
  log: boolean;
}

/** A log scale needs a positive lower end; a 0 lower bound starts six decades below max. */
export function effectiveMin(scale: SliderScale): number {
  if (!scale.log || scale.min > 0) return scale.min;
  return scale.max > 0 ? scale.max * 1e-6 : 1e-6;
}

export function toPosition(value: number, scale: SliderScale): number {
  const lo = effectiveMin(scale);
  const hi = scale.max;
  if (!(hi > lo) || !Number.isFinite(value)) return 0;
  const t = scale.log
    ? (Math.log(Math.max(value, lo)) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))
    : (value - lo) / (hi - lo);
  return Math.round(Math.min(1, Math.max(0, t)) * SLIDER_STEPS);
}

export function fromPosition(position: number, scale: SliderScale, integer: boolean): number {
  const lo = effectiveMin(scale);
  const hi = scale.max;
  const t = Math.min(1, Math.max(0, position / SLIDER_STEPS));
  const raw = scale.log
    ? Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo)))
    : lo + t * (hi - lo);
  if (integer) return Math.round(raw);
  // Three significant digits: slider values read cleanly ("0.00316", not "0.0031622776").
  return Number(raw.toPrecision(3));
}
