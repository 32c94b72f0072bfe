// The one run palette. Colours are picked for contrast on a light background and for
// distinguishability (Tableau 10, reordered so the first three differ most).
export const RUN_PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#17becf',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
] as const;

/** The first palette colour not used yet (cycling when all are taken). */
export function nextRunColor(used: readonly string[]): string {
  const taken = new Set(used.map((c) => c.toLowerCase()));
  const free = RUN_PALETTE.find((c) => !taken.has(c));
  return free ?? RUN_PALETTE[used.length % RUN_PALETTE.length]!;
}

/** Class colours for data points and decision boundaries (distinct from run colours' use). */
export const CLASS_PALETTE = [
  '#e8684a',
  '#3b82c4',
  '#49a35b',
  '#c9a227',
  '#8e63b5',
  '#2bb3b0',
  '#b5651d',
  '#d45d9e',
  '#6b7280',
  '#7a8b1e',
] as const;

export const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

export function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
