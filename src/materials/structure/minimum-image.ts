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
 * the difference is first reduced to [−½, ½) per axis (distance d₀), then every image n that could be nearer
 * is checked — those with |Δf_k + n_k| ≤ d₀ / w_k for the perpendicular widths w_k.
 */
export function minimumImage(lattice: Lattice, from: ArrayLike<number>, to: ArrayLike<number>): MinimumImage {
  const m = lattice.matrix;
  const d0 = to[0]! - from[0]!;
  const d1 = to[1]! - from[1]!;
  const d2 = to[2]! - from[2]!;
  const s0 = -Math.round(d0);
  const s1 = -Math.round(d1);
  const s2 = -Math.round(d2);
  const b0 = d0 + s0;
  const b1 = d1 + s1;
  const b2 = d2 + s2;
  const x0 = b0 * m[0]! + b1 * m[3]! + b2 * m[6]!;
  const y0 = b0 * m[1]! + b1 * m[4]! + b2 * m[7]!;
  const z0 = b0 * m[2]! + b1 * m[5]! + b2 * m[8]!;
  let best2 = x0 * x0 + y0 * y0 + z0 * z0;
  const reduced = Math.sqrt(best2);
  let best: [number, number, number] = [0, 0, 0];
  let vector: Vec3 = [x0, y0, z0];
  const [w0, w1, w2] = lattice.perpendicularWidths;
  const r0 = reduced / w0;
  const r1 = reduced / w1;
  const r2 = reduced / w2;
  for (let n0 = Math.ceil(-r0 - b0); n0 <= Math.floor(r0 - b0); n0++) {
    for (let n1 = Math.ceil(-r1 - b1); n1 <= Math.floor(r1 - b1); n1++) {
      for (let n2 = Math.ceil(-r2 - b2); n2 <= Math.floor(r2 - b2); n2++) {
        if (n0 === 0 && n1 === 0 && n2 === 0) continue;
        const f0 = b0 + n0;
        const f1 = b1 + n1;
        const f2 = b2 + n2;
        const x = f0 * m[0]! + f1 * m[3]! + f2 * m[6]!;
        const y = f0 * m[1]! + f1 * m[4]! + f2 * m[7]!;
        const z = f0 * m[2]! + f1 * m[5]! + f2 * m[8]!;
        const d2 = x * x + y * y + z * z;
        if (d2 < best2 * (1 - 1e-14)) {
          best2 = d2;
          best = [n0, n1, n2];
          vector = [x, y, z];
        }
      }
    }
  }
  return { distance: Math.sqrt(best2), offset: [s0 + best[0], s1 + best[1], s2 + best[2]], vector };
}
