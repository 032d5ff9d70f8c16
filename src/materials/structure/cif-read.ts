import { DataError, ValueError } from '../../core/errors.js';
import { type CifBlock, type CifValue, cifNumber, isCifNull, parseCif } from './cif-block.js';
import { elementFromLabel } from './elements.js';
import { Lattice } from './lattice.js';
import { minimumImage } from './minimum-image.js';
import { Structure, type SiteValue, wrapUnit } from './structure.js';
import { applySymmetryOperation, parseSymmetryOperation, type SymmetryOperation } from './symmetry-operation.js';

/** Options of `readCif` and `structureFromCifBlock`. */
export interface ReadCifOptions {
  /** Name of the file the text came from, used in error messages. */
  readonly source: string;
  /**
   * Sites of one species closer than this (Å, minimum image) after applying the symmetry operations and
   * wrapping into [0, 1) are one site (the first generated is kept). Default 0.01 Å.
   */
  readonly mergeTolerance?: number;
  /**
   * Fractional coordinates within this relative tolerance of 1/3 or 2/3 are set to it before expansion, as
   * pymatgen's CifParser does (`frac_tolerance`), so `0.3333` expands consistently. Default 1e-4; 0 disables.
   */
  readonly fracTolerance?: number;
}

/** CIF tags of symmetry operations, in order of preference (CIF 1.1 / DDL2 / CIF 2 spellings). */
const SYMOP_TAGS = [
  '_space_group_symop_operation_xyz',
  '_symmetry_equiv_pos_as_xyz',
  '_space_group_symop.operation_xyz',
  '_symmetry_equiv.pos_as_xyz',
  '_space_group_symop_operation_xyz_',
];

const SPACE_GROUP_TAGS = ['_symmetry_space_group_name_h-m', '_space_group_name_h-m_alt', '_symmetry_space_group_name_hall', '_space_group_name_hall'];
const SPACE_GROUP_NUMBER_TAGS = ['_space_group_it_number', '_symmetry_int_tables_number'];

function symmetryOperations(block: CifBlock): SymmetryOperation[] {
  const found = block.firstColumn(SYMOP_TAGS);
  if (found === undefined) {
    // Without operations only P1 can be meant.
    for (const tag of SPACE_GROUP_TAGS) {
      const name = block.text(tag);
      if (name !== undefined && name.replace(/[\s_]/g, '').toUpperCase() !== 'P1') {
        throw new DataError({ file: block.source, line: block.get(tag)!.line }, `data block "${block.name}": space group "${name}" but no symmetry operations; expected a loop of ${SYMOP_TAGS[1]} or ${SYMOP_TAGS[0]}`);
      }
    }
    for (const tag of SPACE_GROUP_NUMBER_TAGS) {
      const number = block.text(tag);
      if (number !== undefined && number.trim() !== '1') {
        throw new DataError({ file: block.source, line: block.get(tag)!.line }, `data block "${block.name}": space group number ${number} but no symmetry operations; expected a loop of ${SYMOP_TAGS[1]} or ${SYMOP_TAGS[0]}`);
      }
    }
    return [parseSymmetryOperation('x,y,z')];
  }
  return found.values.map((value) => {
    try {
      return parseSymmetryOperation(value.text);
    } catch (error) {
      if (error instanceof ValueError) throw new DataError({ file: block.source, line: value.line }, `${found.tag}: ${error.message}`);
      throw error;
    }
  });
}

function snapFraction(x: number, tolerance: number): number {
  for (const c of [1 / 3, 2 / 3]) if (tolerance > 0 && Math.abs(1 - x / c) < tolerance) return c;
  return x;
}

/**
 * The crystal structure of one CIF data block: lattice from `_cell_length_*` / `_cell_angle_*` (pymatgen's
 * orientation, see `Lattice.fromParameters`), the asymmetric unit from the `_atom_site_*` loop (fractional
 * (fractional coordinates), expanded with every symmetry operation, wrapped into [0, 1) and de-duplicated
 * within `mergeTolerance`. Species come from `_atom_site_type_symbol`, else the label (`Fe1` → Fe,
 * `O2-` → O). Site properties: `occupancy` (from `_atom_site_occupancy`, default 1) and `label`.
 *
 * A block naming a space group other than P1 without listing its operations is an error (space-group
 * tables are not built in).
 *
 * pymatgen equivalent: `CifParser(...).get_structures(primitive=False)` (pymatgen merges mixed sites into
 * one disordered site; here they stay separate sites with their occupancies).
 * @throws DataError naming the source, line and tag of a missing or malformed cell parameter, coordinate,
 *   occupancy, species or symmetry operation.
 */
export function structureFromCifBlock(block: CifBlock, options: ReadCifOptions): Structure {
  const source = options.source;
  const tolerance = options.mergeTolerance ?? 0.01;
  const fracTolerance = options.fracTolerance ?? 1e-4;
  const lattice = cellOf(block);
  const operations = symmetryOperations(block);

  const axes = ['_atom_site_fract_x', '_atom_site_fract_y', '_atom_site_fract_z'];
  const first = block.column(axes[0]!);
  if (first === undefined) throw new DataError({ file: source, line: block.line }, `data block "${block.name}": expected atom sites in fractional coordinates (_atom_site_fract_x, _y, _z)`);
  const columns = axes.map((tag) => {
    const values = block.column(tag);
    if (values === undefined) throw new DataError({ file: source, line: first[0]!.line }, `data block "${block.name}": ${axes[0]} given but ${tag} is missing`);
    return values;
  });
  const count = first.length;
  const labels = block.column('_atom_site_label');
  const types = block.column('_atom_site_type_symbol');
  const occupancies = block.column('_atom_site_occupancy');

  // Two points closer than the tolerance differ by at most tolerance / width_k in fractional coordinate k.
  const reach = lattice.perpendicularWidths.map((w) => tolerance / w);
  const species: string[] = [];
  const frac: number[] = [];
  const occupancy: number[] = [];
  const label: string[] = [];
  for (let s = 0; s < count; s++) {
    const symbolValue = types !== undefined && !isCifNull(types[s]!) ? types[s]! : labels?.[s];
    if (symbolValue === undefined) throw new DataError({ file: source, line: columns[0]![s]!.line }, `data block "${block.name}": site ${s + 1} has neither _atom_site_type_symbol nor _atom_site_label`);
    const element = elementFromLabel(symbolValue.text);
    if (element === undefined) throw new DataError({ file: source, line: symbolValue.line }, `expected an element symbol in "${symbolValue.text}" (like Fe, Fe1, O2-)`);
    const position = columns.map((column, k) => siteNumber(column[s]!, axes[k]!, source));
    const f = position.map((x) => snapFraction(x, fracTolerance));
    const occ = occupancies === undefined || isCifNull(occupancies[s]!) ? 1 : cifNumber(occupancies[s]!, '_atom_site_occupancy', source);
    if (!(occ > 0 && occ <= 1 + 1e-6)) throw new DataError({ file: source, line: occupancies![s]!.line }, `_atom_site_occupancy: expected a value in (0, 1], got "${occupancies![s]!.text}"`);
    const name = labels?.[s]?.text ?? `${element}${s + 1}`;
    for (const op of operations) {
      const image = applySymmetryOperation(op, f).map(wrapUnit);
      let duplicate = false;
      for (let t = 0; t < species.length && !duplicate; t++) {
        if (species[t] !== element || !fractionallyClose(frac, t, image, reach)) continue;
        duplicate = minimumImage(lattice, frac.slice(3 * t, 3 * t + 3), image).distance < tolerance;
      }
      if (duplicate) continue;
      species.push(element);
      frac.push(...image);
      occupancy.push(occ);
      label.push(name);
    }
  }
  const siteProperties: Record<string, SiteValue[]> = { occupancy, label };
  return new Structure(lattice, species, frac, { siteProperties });
}

/** Cheap test: whether stored site t could lie within the tolerance of `image` (periodic fractional differences within `reach`). */
function fractionallyClose(frac: readonly number[], t: number, image: readonly number[], reach: readonly number[]): boolean {
  for (let k = 0; k < 3; k++) {
    const d = image[k]! - frac[3 * t + k]!;
    if (Math.abs(d - Math.round(d)) > reach[k]!) return false;
  }
  return true;
}

function siteNumber(value: CifValue, tag: string, source: string): number {
  if (isCifNull(value)) throw new DataError({ file: source, line: value.line }, `${tag}: expected a coordinate, got "${value.text}"`);
  return cifNumber(value, tag, source);
}

function cellOf(block: CifBlock): Lattice {
  const p = {
    a: block.number('_cell_length_a'),
    b: block.number('_cell_length_b'),
    c: block.number('_cell_length_c'),
    alpha: block.number('_cell_angle_alpha', 90),
    beta: block.number('_cell_angle_beta', 90),
    gamma: block.number('_cell_angle_gamma', 90),
  };
  try {
    return Lattice.fromParameters(p);
  } catch (error) {
    if (error instanceof ValueError) throw new DataError({ file: block.source, line: block.get('_cell_length_a')!.line }, `data block "${block.name}": ${error.message}`);
    throw error;
  }
}

/**
 * Every crystal structure in CIF text: one per data block that has atom sites (blocks without
 * `_atom_site_*` data, such as a publication block, are skipped), in file order.
 * @throws DataError naming the source and line of the first problem, or when no block has atom sites.
 * @example
 * const [nacl] = readCif(text, { source: 'NaCl.cif' });
 * nacl.numSites; // 8
 */
export function readCif(text: string, options: ReadCifOptions): Structure[] {
  const blocks = parseCif(text, options).filter((b) => b.column('_atom_site_fract_x') !== undefined || b.column('_atom_site_cartn_x') !== undefined);
  if (blocks.length === 0) throw new DataError({ file: options.source }, 'expected a data block with atom sites (_atom_site_fract_x, _y, _z)');
  return blocks.map((block) => structureFromCifBlock(block, options));
}
