// Iso-lines by marching squares on a row-major grid (y outer). Returns segments in grid
// coordinates (i along x, j along y), which the caller maps to pixels.
export type Segment = [number, number, number, number];

export function contourSegments(
  values: ArrayLike<number>,
  nx: number,
  ny: number,
  level: number,
): Segment[] {
  const segments: Segment[] = [];
  const at = (i: number, j: number) => values[j * nx + i]!;
  // Where the level crosses the edge between two corners (linear interpolation).
  const cross = (a: number, b: number) => {
    const d = b - a;
    return d === 0 ? 0.5 : (level - a) / d;
  };
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const v0 = at(i, j);
      const v1 = at(i + 1, j);
      const v2 = at(i + 1, j + 1);
      const v3 = at(i, j + 1);
      const code =
        (v0 > level ? 1 : 0) | (v1 > level ? 2 : 0) | (v2 > level ? 4 : 0) | (v3 > level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      const bottom: [number, number] = [i + cross(v0, v1), j];
      const right: [number, number] = [i + 1, j + cross(v1, v2)];
      const top: [number, number] = [i + cross(v3, v2), j + 1];
      const left: [number, number] = [i, j + cross(v0, v3)];
      const add = (a: [number, number], b: [number, number]) =>
        segments.push([a[0], a[1], b[0], b[1]]);
      switch (code) {
        case 1:
        case 14:
          add(left, bottom);
          break;
        case 2:
        case 13:
          add(bottom, right);
          break;
        case 3:
        case 12:
          add(left, right);
          break;
        case 4:
        case 11:
          add(right, top);
          break;
        case 6:
        case 9:
          add(bottom, top);
          break;
        case 7:
        case 8:
          add(left, top);
          break;
        case 5:
          add(left, top);
          add(bottom, right);
          break;
        case 10:
          add(left, bottom);
          add(right, top);
          break;
      }
    }
  }
  return segments;
}
