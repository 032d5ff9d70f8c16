import type { Structure } from './structure.js';

/** Options of `writeCif`. */
export interface WriteCifOptions {
  /** Data block name (after `data_`; whitespace replaced by `_`). Default: the reduced formula. */
  readonly name?: string;
  /** Digits after the decimal point of lengths, angles and coordinates. Default 8. */
  readonly digits?: number;
}

/**
 * A CIF 1.1 data block in space group P1: cell parameters, the identity operation, and every site with
 * label, type symbol, fractional coordinates and occupancy (the `occupancy` site property, default 1).
 * `readCif` reads it back to the same lattice parameters and sites (the lattice in pymatgen's standard
 * orientation, see `Lattice.fromParameters`).
 *
 * pymatgen equivalent: `CifWriter(structure).write_file(path)` (symprec=None).
 * @example
 * const text = writeCif(structure, { name: 'NaCl' });
 */
export function writeCif(structure: Structure, options: WriteCifOptions = {}): string {
  const digits = options.digits ?? 8;
  const num = (x: number): string => (Object.is(x, -0) ? 0 : x).toFixed(digits);
  const p = structure.lattice.parameters;
  const name = (options.name ?? structure.reducedFormula).replace(/\s+/g, '_') || 'structure';
  const occupancy = structure.occupancies;
  const lines = [
    `data_${name}`,
    `_symmetry_space_group_name_H-M   'P 1'`,
    `_symmetry_Int_Tables_number      1`,
    `_cell_length_a                   ${num(p.a)}`,
    `_cell_length_b                   ${num(p.b)}`,
    `_cell_length_c                   ${num(p.c)}`,
    `_cell_angle_alpha                ${num(p.alpha)}`,
    `_cell_angle_beta                 ${num(p.beta)}`,
    `_cell_angle_gamma                ${num(p.gamma)}`,
    `_cell_volume                     ${num(structure.lattice.volume)}`,
    `_chemical_formula_sum            '${structure.formula}'`,
    'loop_',
    '_symmetry_equiv_pos_site_id',
    '_symmetry_equiv_pos_as_xyz',
    "1 'x, y, z'",
    'loop_',
    '_atom_site_label',
    '_atom_site_type_symbol',
    '_atom_site_fract_x',
    '_atom_site_fract_y',
    '_atom_site_fract_z',
    '_atom_site_occupancy',
  ];
  const seen = new Map<string, number>();
  structure.species.forEach((s, i) => {
    const k = (seen.get(s) ?? 0) + 1;
    seen.set(s, k);
    const f = structure.fractionalOf(i);
    lines.push(`${s}${k} ${s} ${f.map(num).join(' ')} ${Number(occupancy[i]!.toPrecision(8))}`);
  });
  return lines.join('\n') + '\n';
}
