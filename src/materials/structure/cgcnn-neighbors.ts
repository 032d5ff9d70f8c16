import { ValueError } from '../../core/errors.js';
import { neighborList } from './neighbor-list.js';
import type { Structure } from './structure.js';

/** Options of `cgcnnNeighbors`; defaults are those of CGCNN's `CIFData`. */
export interface CgcnnNeighborOptions {
  /** Cutoff radius in Å. Default 8. */
  readonly radius?: number;
  /** Neighbours kept per site (M). Default 12. */
  readonly maxNeighbors?: number;
}

/**
 * A fixed-width neighbour table: M slots per site, row-major n×M, the nearest neighbours first. Slots past a
 * site's `counts[i]` real neighbours are padding: index 0, distance `radius + 1`, offset (0, 0, 0).
 */
export interface CgcnnNeighbors {
  readonly numSites: number;
  readonly radius: number;
  readonly maxNeighbors: number;
  /** Neighbour site index per slot (n×M). */
  readonly indices: Int32Array;
  /** Distance per slot in Å (n×M). */
  readonly distances: Float64Array;
  /** Image offset per slot (n×M×3), as in `NeighborList.offsets`. */
  readonly offsets: Int32Array;
  /** Real (unpadded) neighbours per site, ≤ M. */
  readonly counts: Int32Array;
  /** Sites with fewer than M neighbours within the radius (CGCNN warns "not find enough neighbors"). */
  readonly underfilled: number[];
}

/**
 * CGCNN's neighbour table (`cgcnn/data.py`, `CIFData.__getitem__`): for every site, all neighbours within
 * `radius` across periodic images sorted by distance, the first `maxNeighbors` kept; a site with fewer is
 * padded with index 0 and distance `radius + 1` (which the Gaussian expansion maps to ≈ 0).
 *
 * Ties in distance (within 1e-8 Å) are broken by neighbour index then image offset; CGCNN keeps pymatgen's
 * order there, so when the M-th slot cuts through a tie the kept indices may differ from CGCNN's while
 * the distances agree.
 * @throws ValueError for a non-positive radius or a maxNeighbors that is not a positive integer.
 * @example
 * const nbr = cgcnnNeighbors(structure, { radius: 8, maxNeighbors: 12 });
 * nbr.indices.subarray(0, 12); // the 12 nearest neighbours of site 0
 */
export function cgcnnNeighbors(structure: Structure, options: CgcnnNeighborOptions = {}): CgcnnNeighbors {
  const radius = options.radius ?? 8;
  const M = options.maxNeighbors ?? 12;
  if (!Number.isInteger(M) || M < 1) throw new ValueError(`cgcnnNeighbors: maxNeighbors must be a positive integer, got ${M}`);
  const list = neighborList(structure, radius);
  const n = structure.numSites;
  const indices = new Int32Array(n * M);
  const distances = new Float64Array(n * M).fill(radius + 1);
  const offsets = new Int32Array(n * M * 3);
  const counts = new Int32Array(n);
  const underfilled: number[] = [];
  const { neighbors: nbr, distances: dist, offsets: off } = list;
  // a comes before b: nearer, or (within 1e-8 Å) lower neighbour index, then lower offset.
  const before = (a: number, b: number): boolean => {
    const dd = dist[a]! - dist[b]!;
    if (Math.abs(dd) > 1e-8) return dd < 0;
    return (nbr[a]! - nbr[b]! || off[3 * a]! - off[3 * b]! || off[3 * a + 1]! - off[3 * b + 1]! || off[3 * a + 2]! - off[3 * b + 2]!) < 0;
  };
  const kept = new Int32Array(M);
  for (let i = 0; i < n; i++) {
    // Selection of the M first pairs of row i by insertion into a sorted buffer.
    let size = 0;
    for (let p = list.rowStart[i]!; p < list.rowStart[i + 1]!; p++) {
      if (size === M && !before(p, kept[M - 1]!)) continue;
      let at = size === M ? M - 1 : size++;
      while (at > 0 && before(p, kept[at - 1]!)) {
        kept[at] = kept[at - 1]!;
        at--;
      }
      kept[at] = p;
    }
    counts[i] = size;
    if (size < M) underfilled.push(i);
    for (let s = 0; s < size; s++) {
      const p = kept[s]!;
      indices[i * M + s] = nbr[p]!;
      distances[i * M + s] = dist[p]!;
      for (let k = 0; k < 3; k++) offsets[(i * M + s) * 3 + k] = off[3 * p + k]!;
    }
  }
  return { numSites: n, radius, maxNeighbors: M, indices, distances, offsets, counts, underfilled };
}
