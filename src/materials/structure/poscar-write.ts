import type { Structure } from './structure.js';

/** Options of `writePoscar`. */
export interface WritePoscarOptions {
  /** First line. Default: the formula (`'Cl4 Na4'`). */
  readonly comment?: string;
  /** Write Cartesian coordinates (Å) instead of fractional ones. Default false. */
  readonly cartesian?: boolean;
  /** Digits after the decimal point for vectors and coordinates. Default 10. */
  readonly digits?: number;
}

/**
 * A VASP 5 POSCAR: scale 1, lattice vectors as rows, species grouped in order of first appearance (VASP
 * needs each species contiguous, so sites are reordered by species when they are not), counts, `Selective
 * dynamics` when the structure has a `selectiveDynamics` site property, then `Direct` or `Cartesian`.
 *
 * pymatgen equivalent: `Poscar(structure).get_string()`.
 * @example
 * const text = writePoscar(structure, { comment: 'NaCl' });
 */
export function writePoscar(structure: Structure, options: WritePoscarOptions = {}): string {
  const digits = options.digits ?? 10;
  const num = (x: number): string => (Object.is(x, -0) ? 0 : x).toFixed(digits).padStart(digits + 5);
  const lines = [options.comment ?? structure.formula, '1.0'];
  for (let k = 0; k < 3; k++) lines.push(Array.from(structure.lattice.matrix.subarray(3 * k, 3 * k + 3), num).join(' '));
  const order: string[] = [];
  for (const s of structure.species) if (!order.includes(s)) order.push(s);
  const sites = order.flatMap((e) => structure.species.flatMap((s, i) => (s === e ? [i] : [])));
  lines.push(order.join(' '));
  lines.push(order.map((e) => structure.species.filter((s) => s === e).length).join(' '));
  const flags = structure.siteProperties['selectiveDynamics'];
  if (flags !== undefined) lines.push('Selective dynamics');
  lines.push(options.cartesian === true ? 'Cartesian' : 'Direct');
  for (const i of sites) {
    const xyz = options.cartesian === true ? structure.cartesianOf(i) : structure.fractionalOf(i);
    let line = xyz.map(num).join(' ');
    const f = flags?.[i];
    if (Array.isArray(f)) line += ' ' + f.map((x) => (x === true ? 'T' : 'F')).join(' ');
    lines.push(`${line} ${structure.species[i]}`);
  }
  return lines.join('\n') + '\n';
}
