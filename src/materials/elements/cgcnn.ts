import { ValueError } from '../../core/errors.js';
import { CGCNN_ATOM_INIT_BITS } from './generated/cgcnn-atom-init.js';
import { toAtomicNumber } from './periodic-table.js';

/** Length of a CGCNN atom feature vector (92). */
export const CGCNN_ATOM_FEATURES = 92;
/** The highest atomic number CGCNN's `atom_init.json` covers (100, fermium). */
export const CGCNN_MAX_Z = CGCNN_ATOM_INIT_BITS.length;

/**
 * CGCNN's initial atom features (Xie & Grossman 2018, `atom_init.json`): a 92-dimensional 0/1 vector
 * concatenating one-hot encodings of group, period, electronegativity, covalent radius, valence electrons,
 * first ionisation energy, electron affinity, block and atomic volume. Same values as `atom_init.json[Z]`.
 *
 * @throws ValueError for an unknown element or Z > 100.
 * @example cgcnnAtomFeatures('O') // Float32Array(92) with eight ones
 */
export function cgcnnAtomFeatures(symbolOrZ: string | number): Float32Array {
  const z = toAtomicNumber(symbolOrZ);
  const bits = CGCNN_ATOM_INIT_BITS[z - 1];
  if (bits === undefined) throw new ValueError(`cgcnnAtomFeatures: CGCNN atom features cover Z = 1 … ${CGCNN_MAX_Z}, got ${symbolOrZ} (Z = ${z})`);
  const out = new Float32Array(CGCNN_ATOM_FEATURES);
  for (let i = 0; i < CGCNN_ATOM_FEATURES; i++) out[i] = bits.charCodeAt(i) === 49 ? 1 : 0;
  return out;
}

/**
 * The whole CGCNN atom-feature table as an embedding matrix: row-major Float32Array of shape
 * [CGCNN_MAX_Z + 1, 92]; row Z holds element Z's features and row 0 is zero (no element), so atomic numbers
 * index it directly (e.g. as the weight of an `nn.Embedding` frozen or used as initialisation).
 */
export function cgcnnAtomFeatureMatrix(): Float32Array {
  const out = new Float32Array((CGCNN_MAX_Z + 1) * CGCNN_ATOM_FEATURES);
  for (let z = 1; z <= CGCNN_MAX_Z; z++) out.set(cgcnnAtomFeatures(z), z * CGCNN_ATOM_FEATURES);
  return out;
}
