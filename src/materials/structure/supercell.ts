import { ValueError } from '../../core/errors.js';
import { Lattice } from './lattice.js';
import { type SiteValue, Structure } from './structure.js';

/** A supercell specification: one repeat count for all axes, one per axis, or an integer 3×3 matrix. */
export type SupercellScaling = number | readonly [number, number, number] | readonly (readonly number[])[];

function scalingMatrix(scaling: SupercellScaling): number[] {
  if (typeof scaling === 'number') return [scaling, 0, 0, 0, scaling, 0, 0, 0, scaling];
  if (scaling.length === 3 && scaling.every((x) => typeof x === 'number')) {
    const [a, b, c] = scaling as readonly number[];
    return [a!, 0, 0, 0, b!, 0, 0, 0, c!];
  }
  const rows = scaling as readonly (readonly number[])[];
  if (rows.length !== 3 || rows.some((r) => !Array.isArray(r) || r.length !== 3)) {
    throw new ValueError(`makeSupercell: expected a repeat count, three counts or a 3×3 integer matrix, got ${JSON.stringify(scaling)}`);
  }
  return rows.flatMap((r) => [...r]);
}

/**
 * The supercell with lattice `S · M` (rows of S say how many of each old vector make each new one): every
 * site repeated |det S| times, sites in order of the original site then translation, fractional coordinates
 * in [0, 1) of the new cell, site properties copied to the images.
 *
 * pymatgen equivalent: `Structure.make_supercell(scaling)` (returns a copy here).
 * @throws ValueError unless S is an integer matrix with positive determinant.
 * @example
 * makeSupercell(nacl, 2).numSites;               // 8 × the sites
 * makeSupercell(fcc, [[-1, 1, 1], [1, -1, 1], [1, 1, -1]]); // conventional cell of a primitive fcc cell
 */
export function makeSupercell(structure: Structure, scaling: SupercellScaling): Structure {
  const s = scalingMatrix(scaling);
  if (!s.every(Number.isInteger)) throw new ValueError(`makeSupercell: the scaling matrix must hold integers, got ${JSON.stringify(s)}`);
  const det = s[0]! * (s[4]! * s[8]! - s[5]! * s[7]!) - s[1]! * (s[3]! * s[8]! - s[5]! * s[6]!) + s[2]! * (s[3]! * s[7]! - s[4]! * s[6]!);
  if (det <= 0) throw new ValueError(`makeSupercell: the scaling matrix must have a positive determinant, got ${det}`);
  const m = structure.lattice.matrix;
  const product: number[] = [];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) product.push(s[3 * r]! * m[c]! + s[3 * r + 1]! * m[3 + c]! + s[3 * r + 2]! * m[6 + c]!);
  const lattice = new Lattice(product);
  // Old fractional → new fractional: f_new = f_old · S⁻¹. Translations t come from the box spanned by S's rows.
  const inverse = new Lattice(s).inverse;
  const lo = [0, 1, 2].map((c) => Math.min(0, s[c]!, s[3 + c]!, s[6 + c]!, s[c]! + s[3 + c]!, s[c]! + s[6 + c]!, s[3 + c]! + s[6 + c]!, s[c]! + s[3 + c]! + s[6 + c]!));
  const hi = [0, 1, 2].map((c) => Math.max(0, s[c]!, s[3 + c]!, s[6 + c]!, s[c]! + s[3 + c]!, s[c]! + s[6 + c]!, s[3 + c]! + s[6 + c]!, s[c]! + s[3 + c]! + s[6 + c]!));
  const translations: [number, number, number][] = [];
  const eps = 1e-8;
  for (let a = lo[0]!; a <= hi[0]!; a++) for (let b = lo[1]!; b <= hi[1]!; b++) for (let c = lo[2]!; c <= hi[2]!; c++) {
    const t = [0, 1, 2].map((k) => a * inverse[k]! + b * inverse[3 + k]! + c * inverse[6 + k]!);
    if (t.every((x) => x > -eps && x < 1 - eps)) translations.push([a, b, c]);
  }
  if (translations.length !== det) throw new ValueError(`makeSupercell: found ${translations.length} lattice translations for determinant ${det}`);
  const species: string[] = [];
  const frac: number[] = [];
  const siteIndex: number[] = [];
  const wrapped = structure.wrapped();
  for (let i = 0; i < structure.numSites; i++) {
    const f = wrapped.fractionalOf(i);
    for (const t of translations) {
      const old = [f[0] + t[0], f[1] + t[1], f[2] + t[2]];
      for (let k = 0; k < 3; k++) {
        let x = old[0]! * inverse[k]! + old[1]! * inverse[3 + k]! + old[2]! * inverse[6 + k]!;
        x -= Math.floor(x);
        if (x >= 1 - 1e-12) x = 0;
        frac.push(x);
      }
      species.push(structure.species[i]!);
      siteIndex.push(i);
    }
  }
  const siteProperties: Record<string, SiteValue[]> = {};
  for (const [name, values] of Object.entries(structure.siteProperties)) siteProperties[name] = siteIndex.map((i) => values[i]!);
  return new Structure(lattice, species, frac, { siteProperties });
}
