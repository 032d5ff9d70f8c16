import type { Lattice, Vec3 } from './lattice.js';

/** The nearest periodic image of one point seen from another. */
export interface MinimumImage {
  /** Distance in Å. */
  readonly distance: number;
  /** Integer lattice translation added to the second point's fractional coordinates to reach the nearest image. */
  readonly offset: Vec3;
  /** Cartesian vector from the first point to that image (Å). */
  readonly vector: Vec3;
}

/**
 * The shortest distance from fractional point `from` to any periodic image of `to`, exact for any cell shape:
 * the difference is first reduced to [−½, ½) per axis, then every image that could be nearer (|n_k| ≤
 * ⌈d₀ / w_k + ½⌉ for the reduced distance d₀ and perpendicular widths w_k) is checked.
 */
export function minimumImage(lattice: Lattice, from: ArrayLike<number>, to: ArrayLike<number>): MinimumImage {
  const base: number[] = [];
  const shift: number[] = [];
  for (let k = 0; k < 3; k++) {
    const d = to[k]! - from[k]!;
    const s = -Math.round(d);
    base.push(d + s);
    shift.push(s);
  }
  const first = lattice.fractionalToCartesian(base);
  let best = Math.hypot(...first);
  let bestOffset: Vec3 = [shift[0]!, shift[1]!, shift[2]!];
  let bestVector = first;
  const widths = lattice.perpendicularWidths;
  const range = widths.map((w) => Math.ceil(best / w + 0.5));
  for (let n0 = -range[0]!; n0 <= range[0]!; n0++) {
    for (let n1 = -range[1]!; n1 <= range[1]!; n1++) {
      for (let n2 = -range[2]!; n2 <= range[2]!; n2++) {
        if (n0 === 0 && n1 === 0 && n2 === 0) continue;
        const v = lattice.fractionalToCartesian([base[0]! + n0, base[1]! + n1, base[2]! + n2]);
        const d = Math.hypot(...v);
        if (d < best - 1e-12) {
          best = d;
          bestOffset = [shift[0]! + n0, shift[1]! + n1, shift[2]! + n2];
          bestVector = v;
        }
      }
    }
  }
  return { distance: best, offset: bestOffset, vector: bestVector };
}
