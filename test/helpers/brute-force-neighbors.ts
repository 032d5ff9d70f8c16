/**
 * Reference neighbour enumeration for tests: every site j in every periodic image within a box of images
 * (⌈cutoff / width_k⌉ + 1 each way along axis k, plus the spread of the coordinates — more than any
 * neighbour can need) checked against every
 * centre i — quadratic and slow, but with no binning to get wrong.
 */
import type { Structure } from '../../src/materials/structure/index.js';

/** Pairs keyed `i,j,n0,n1,n2` → distance. */
export function bruteForceNeighbors(structure: Structure, cutoff: number): Map<string, number> {
  const out = new Map<string, number>();
  const m = structure.lattice.matrix;
  const widths = structure.lattice.perpendicularWidths;
  const f = structure.fractional;
  // Coordinates may lie outside [0, 1): widen the box by their spread along each axis.
  const spread = [0, 1, 2].map((k) => {
    const values = Array.from({ length: structure.numSites }, (_, i) => f[3 * i + k]!);
    return Math.ceil(Math.max(...values) - Math.min(...values));
  });
  const range = widths.map((w, k) => Math.ceil(cutoff / w) + 1 + spread[k]!);
  const n = structure.numSites;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      for (let a = -range[0]!; a <= range[0]!; a++) for (let b = -range[1]!; b <= range[1]!; b++) for (let c = -range[2]!; c <= range[2]!; c++) {
        if (i === j && a === 0 && b === 0 && c === 0) continue;
        const d0 = f[3 * j]! + a - f[3 * i]!;
        const d1 = f[3 * j + 1]! + b - f[3 * i + 1]!;
        const d2 = f[3 * j + 2]! + c - f[3 * i + 2]!;
        const x = d0 * m[0]! + d1 * m[3]! + d2 * m[6]!;
        const y = d0 * m[1]! + d1 * m[4]! + d2 * m[7]!;
        const z = d0 * m[2]! + d1 * m[5]! + d2 * m[8]!;
        const d = Math.sqrt(x * x + y * y + z * z);
        if (d <= cutoff) out.set(`${i},${j},${a},${b},${c}`, d);
      }
    }
  }
  return out;
}
