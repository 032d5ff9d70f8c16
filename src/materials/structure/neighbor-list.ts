import { ValueError } from '../../core/errors.js';
import { GrowableArray } from './growable.js';
import type { Structure } from './structure.js';

/** Options of `neighborList`. */
export interface NeighborListOptions {
  /**
   * Order of each centre's neighbours. `'distance'`: ascending distance, ties (within 1e-8 Å) broken by
   * neighbour index, then image offset — a deterministic order. `'none'` (default): the order found.
   */
  readonly sort?: 'distance' | 'none';
}

/**
 * Every ordered pair (i, j, image) with |r_j + n·M − r_i| ≤ cutoff, excluding an atom paired with itself in
 * the same image. Both (i, j) and (j, i) appear. Pairs are grouped by centre in ascending order: those of
 * centre i are `rowStart[i] … rowStart[i + 1] − 1`.
 */
export interface NeighborList {
  /** Number of sites of the structure. */
  readonly numSites: number;
  /** The cutoff radius in Å. */
  readonly cutoff: number;
  /** Centre index i of each pair. */
  readonly centers: Int32Array;
  /** Neighbour index j of each pair. */
  readonly neighbors: Int32Array;
  /**
   * Integer image offset n of each pair, 3 per pair: the neighbour sits at fractional coordinates
   * `fractional[j] + n` (as the structure stores them, wrapped or not).
   */
  readonly offsets: Int32Array;
  /** Distance |vector| of each pair in Å. */
  readonly distances: Float64Array;
  /** Cartesian vector from centre to neighbour image, 3 per pair: `(f_j + n − f_i) · M`. */
  readonly vectors: Float64Array;
  /** Where each centre's pairs start; length numSites + 1, last entry = number of pairs. */
  readonly rowStart: Int32Array;
}

/** Upper bound on bins per site, so tiny cutoffs in large cells do not make mostly empty bins. */
const MAX_BINS_PER_SITE = 2;

/**
 * All neighbours within `cutoff` Å of every site, across periodic images — a cell list in fractional
 * coordinates, linear in the number of sites for a fixed cutoff and density.
 *
 * Method: coordinates are wrapped into [0, 1); axis k gets `⌊w_k / e⌋` bins (at least 1; w_k the
 * perpendicular width of the cell; bin edge e = cutoff/2 when such bins hold ≥ 2 atoms on average, else the
 * cutoff), so two points within the cutoff are at most `⌈cutoff·bins_k / w_k⌉` bins apart along k. Each bin is compared with the bins (and periodic images of bins) in that range, so
 * triclinic cells and cutoffs larger than the cell (many images of one bin) are exact. Distances are
 * computed in float64.
 *
 * Equivalents: ASE `ase.neighborlist.neighbor_list('ijdDS', atoms, cutoff)` (same pairs; i, j, d, D, S);
 * pymatgen `Structure.get_neighbor_list(r)` / `get_all_neighbors(r)` (pymatgen also drops distinct sites
 * closer than 1e-8 Å; this keeps them).
 * @throws ValueError unless cutoff is a positive finite number.
 * @example
 * const nl = neighborList(structure, 5);
 * for (let p = nl.rowStart[0]; p < nl.rowStart[1]; p++) console.log(nl.neighbors[p], nl.distances[p]);
 */
export function neighborList(structure: Structure, cutoff: number, options: NeighborListOptions = {}): NeighborList {
  if (!(cutoff > 0 && Number.isFinite(cutoff))) throw new ValueError(`neighborList: cutoff must be a positive number of Å, got ${cutoff}`);
  const n = structure.numSites;
  const m = structure.lattice.matrix;
  const widths = structure.lattice.perpendicularWidths;

  // Wrapped coordinates w = f − s with integer shifts s, and their Cartesian positions.
  const shift = new Int32Array(3 * n);
  const wrapped = new Float64Array(3 * n);
  const f = structure.fractional;
  for (let p = 0; p < 3 * n; p++) {
    let s = Math.floor(f[p]!);
    let w = f[p]! - s;
    if (w >= 1) { w -= 1; s += 1; }
    shift[p] = s;
    wrapped[p] = w;
  }
  const position = structure.lattice.fractionalToCartesianAll(wrapped);

  // Bin edge: half the cutoff when such bins still hold a few atoms (fewer wasted pair checks: 125 bins of
  // (r/2)³ instead of 27 of r³ around each bin), else the cutoff. Bins per axis capped at ~MAX_BINS_PER_SITE · n.
  const half = cutoff / 2;
  const edge = (n / structure.lattice.volume) * half * half * half >= 2 ? half : cutoff;
  const bins = widths.map((w) => Math.max(1, Math.floor(w / edge)));
  const limit = Math.max(1, MAX_BINS_PER_SITE * n);
  const total = bins[0] * bins[1] * bins[2];
  if (total > limit) {
    const factor = Math.cbrt(limit / total);
    for (let k = 0; k < 3; k++) bins[k] = Math.max(1, Math.floor(bins[k]! * factor));
  }
  const [nb0, nb1, nb2] = bins;
  const reach = [0, 1, 2].map((k) => Math.ceil((cutoff * bins[k]!) / widths[k]!));

  // Counting sort of sites into bins.
  const binOf = new Int32Array(n);
  const binStart = new Int32Array(nb0 * nb1 * nb2 + 1);
  for (let i = 0; i < n; i++) {
    const b0 = Math.min(nb0 - 1, Math.floor(wrapped[3 * i]! * nb0));
    const b1 = Math.min(nb1 - 1, Math.floor(wrapped[3 * i + 1]! * nb1));
    const b2 = Math.min(nb2 - 1, Math.floor(wrapped[3 * i + 2]! * nb2));
    binOf[i] = (b0 * nb1 + b1) * nb2 + b2;
    binStart[binOf[i]! + 1]! += 1;
  }
  for (let b = 0; b < binStart.length - 1; b++) binStart[b + 1]! += binStart[b]!;
  const fill = binStart.slice(0, -1);
  const binSites = new Int32Array(n);
  for (let i = 0; i < n; i++) binSites[fill[binOf[i]!]!++] = i;

  // Expected pairs: n · (4/3)π r³ · density, plus slack; the buffers grow if that is short.
  const expected = Math.ceil(1.2 * n * ((4 / 3) * Math.PI * cutoff * cutoff * cutoff) * (n / structure.lattice.volume)) + 16;
  const centers = new GrowableArray((c) => new Int32Array(c), expected);
  const neighbors = new GrowableArray((c) => new Int32Array(c), expected);
  const offsets = new GrowableArray((c) => new Int32Array(c), 3 * expected);
  const vectors = new GrowableArray((c) => new Float64Array(c), 3 * expected);
  const distances = new GrowableArray((c) => new Float64Array(c), expected);
  const cutoff2 = cutoff * cutoff;
  const [r0, r1, r2] = reach as [number, number, number];

  // Per bin (computed when first needed): its non-empty neighbour bins with their image shift q and the
  // Cartesian translation of q, 7 numbers each: start, end, q0, q1, q2, tx, ty, tz (8 with padding).
  const stencil: (Float64Array | undefined)[] = new Array(binStart.length - 1);
  const stencilOf = (here: number): Float64Array => {
    const x = Math.floor(here / (nb1 * nb2));
    const y = Math.floor(here / nb2) % nb1;
    const z = here % nb2;
    const list: number[] = [];
    for (let dx = -r0; dx <= r0; dx++) {
      const X = x + dx;
      const q0 = Math.floor(X / nb0);
      const bx = X - q0 * nb0;
      for (let dy = -r1; dy <= r1; dy++) {
        const Y = y + dy;
        const q1 = Math.floor(Y / nb1);
        const by = Y - q1 * nb1;
        for (let dz = -r2; dz <= r2; dz++) {
          const Z = z + dz;
          const q2 = Math.floor(Z / nb2);
          const bz = Z - q2 * nb2;
          const there = (bx * nb1 + by) * nb2 + bz;
          if (binStart[there] === binStart[there + 1]) continue;
          list.push(binStart[there]!, binStart[there + 1]!, q0, q1, q2,
            q0 * m[0]! + q1 * m[3]! + q2 * m[6]!, q0 * m[1]! + q1 * m[4]! + q2 * m[7]!, q0 * m[2]! + q1 * m[5]! + q2 * m[8]!);
        }
      }
    }
    return Float64Array.from(list);
  };

  // Centres in index order, so each centre's pairs come out contiguous and rows ascend.
  for (let i = 0; i < n; i++) {
    const bin = binOf[i]!;
    const entries = (stencil[bin] ??= stencilOf(bin));
    const si0 = shift[3 * i]!;
    const si1 = shift[3 * i + 1]!;
    const si2 = shift[3 * i + 2]!;
    for (let e = 0; e < entries.length; e += 8) {
      const q0 = entries[e + 2]!;
      const q1 = entries[e + 3]!;
      const q2 = entries[e + 4]!;
      const px = position[3 * i]! - entries[e + 5]!;
      const py = position[3 * i + 1]! - entries[e + 6]!;
      const pz = position[3 * i + 2]! - entries[e + 7]!;
      const sameImage = q0 === 0 && q1 === 0 && q2 === 0;
      const end = entries[e + 1]!;
      for (let c = entries[e]!; c < end; c++) {
        const j = binSites[c]!;
        const vx = position[3 * j]! - px;
        const vy = position[3 * j + 1]! - py;
        const vz = position[3 * j + 2]! - pz;
        const d2 = vx * vx + vy * vy + vz * vz;
        if (d2 > cutoff2 || (sameImage && i === j)) continue;
        centers.push(i);
        neighbors.push(j);
        offsets.push3(q0 - shift[3 * j]! + si0, q1 - shift[3 * j + 1]! + si1, q2 - shift[3 * j + 2]! + si2);
        vectors.push3(vx, vy, vz);
        distances.push(Math.sqrt(d2));
      }
    }
  }
  const rowStart = new Int32Array(n + 1);
  const allCenters = centers.view();
  for (let p = 0; p < allCenters.length; p++) rowStart[allCenters[p]! + 1]! += 1;
  for (let i = 0; i < n; i++) rowStart[i + 1]! += rowStart[i]!;
  const list: NeighborList = {
    numSites: n, cutoff, centers: allCenters, neighbors: neighbors.view(), offsets: offsets.view(),
    distances: distances.view(), vectors: vectors.view(), rowStart,
  };
  return options.sort === 'distance' ? sortRowsByDistance(list) : list;
}

/** The list with each centre's pairs sorted by distance (ties within 1e-8 Å by neighbour index, then offset). */
function sortRowsByDistance(list: NeighborList): NeighborList {
  const { numSites: n, neighbors, offsets, distances, vectors, rowStart } = list;
  const count = neighbors.length;
  const order = new Int32Array(count);
  for (let p = 0; p < count; p++) order[p] = p;
  for (let i = 0; i < n; i++) {
    order.subarray(rowStart[i]!, rowStart[i + 1]!).sort((a, b) => {
      const dd = distances[a]! - distances[b]!;
      if (Math.abs(dd) > 1e-8) return dd;
      return neighbors[a]! - neighbors[b]! || offsets[3 * a]! - offsets[3 * b]! || offsets[3 * a + 1]! - offsets[3 * b + 1]! || offsets[3 * a + 2]! - offsets[3 * b + 2]!;
    });
  }
  const out = {
    numSites: n,
    cutoff: list.cutoff,
    centers: list.centers.slice(),
    neighbors: new Int32Array(count),
    offsets: new Int32Array(3 * count),
    distances: new Float64Array(count),
    vectors: new Float64Array(3 * count),
    rowStart,
  };
  for (let q = 0; q < count; q++) {
    const p = order[q]!;
    out.neighbors[q] = neighbors[p]!;
    out.distances[q] = distances[p]!;
    for (let k = 0; k < 3; k++) {
      out.offsets[3 * q + k] = offsets[3 * p + k]!;
      out.vectors[3 * q + k] = vectors[3 * p + k]!;
    }
  }
  return out;
}
