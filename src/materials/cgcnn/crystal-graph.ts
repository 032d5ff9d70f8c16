import { ValueError } from '../../core/errors.js';
import type { AtomFeatureTable } from './atom-features.js';
import type { GaussianDistance } from './gaussian-distance.js';

/**
 * The neighbours of every atom of one crystal as CGCNN uses them: for atom i, slots i·M … i·M + M − 1
 * hold its M nearest periodic neighbours sorted by distance (index of the neighbour's site in the cell,
 * distance in Å); atoms with fewer than M neighbours inside the radius are padded with index 0 and
 * distance radius + 1 (the reference's padding). `cgcnnNeighbors(structure)` of the structure module
 * returns one.
 */
export interface NeighborTable {
  /** Atoms (sites) in the cell. */
  readonly numSites: number;
  /** Neighbour slots per atom (M). */
  readonly maxNeighbors: number;
  /** Site index of each neighbour slot, [numSites · M]. */
  readonly indices: ArrayLike<number>;
  /** Distance of each neighbour slot in Å, [numSites · M]. */
  readonly distances: ArrayLike<number>;
}

/**
 * One crystal as the network sees it (CGCNN's `(atom_fea, nbr_fea, nbr_fea_idx)`), flat row-major:
 * atom features [n, F], neighbour (bond) features [n, M, G] and neighbour indices [n, M] into this
 * crystal's atoms, with an optional target.
 */
export interface CrystalGraph {
  readonly id: string;
  readonly numAtoms: number;
  readonly maxNeighbors: number;
  /** F: length of an atom's feature vector (92 for atom_init.json). */
  readonly atomFeatureLength: number;
  /** G: length of a bond's feature vector (41 for the default Gaussian expansion). */
  readonly neighborFeatureLength: number;
  readonly atomFeatures: Float64Array;
  readonly neighborFeatures: Float64Array;
  readonly neighborIndex: Int32Array;
  /** Atomic number of each atom (for reports of per-atom contributions). */
  readonly atomicNumbers: Int32Array;
  /** The property to learn, when known. */
  readonly target?: number;
}

/** What `buildCrystalGraph` needs of a structure besides its neighbours. */
export interface CrystalGraphInput {
  readonly id: string;
  readonly atomicNumbers: ArrayLike<number>;
  readonly neighbors: NeighborTable;
  readonly target?: number;
}

/**
 * A crystal graph from atomic numbers and a neighbour table (CGCNN's `CIFData.__getitem__`): atom features
 * from `table`, neighbour distances expanded by `expansion`.
 *
 * @throws ValueError when an element has no vector in `table` (naming the crystal and element) or the
 *   neighbour table does not fit the atoms.
 */
export function buildCrystalGraph(input: CrystalGraphInput, table: AtomFeatureTable, expansion: GaussianDistance): CrystalGraph {
  const n = input.atomicNumbers.length;
  const { neighbors } = input;
  const m = neighbors.maxNeighbors;
  if (n === 0) throw new ValueError(`crystal ${input.id}: has no atoms`);
  if (neighbors.numSites !== n || neighbors.indices.length !== n * m || neighbors.distances.length !== n * m) {
    throw new ValueError(`crystal ${input.id}: neighbour table for ${neighbors.numSites} atoms × ${m} slots does not fit ${n} atoms`);
  }
  const f = table.length;
  const atomFeatures = new Float64Array(n * f);
  const atomicNumbers = Int32Array.from(input.atomicNumbers);
  for (let i = 0; i < n; i++) {
    const v = table.vector(atomicNumbers[i]!);
    if (v === undefined) throw new ValueError(`crystal ${input.id}: element Z=${atomicNumbers[i]} (atom ${i}) has no atom feature vector`);
    atomFeatures.set(v, i * f);
  }
  const neighborIndex = Int32Array.from(neighbors.indices);
  for (let k = 0; k < neighborIndex.length; k++) {
    const j = neighborIndex[k]!;
    if (!(j >= 0 && j < n)) throw new ValueError(`crystal ${input.id}: neighbour index ${j} of atom ${Math.floor(k / m)} is outside 0…${n - 1}`);
  }
  const neighborFeatures = expansion.expand(neighbors.distances) as Float64Array;
  const graph: CrystalGraph = {
    id: input.id, numAtoms: n, maxNeighbors: m, atomFeatureLength: f, neighborFeatureLength: expansion.length,
    atomFeatures, neighborFeatures, neighborIndex, atomicNumbers,
  };
  return input.target === undefined ? graph : { ...graph, target: input.target };
}
