import { ValueError } from '../../core/errors.js';
import { atomicNumber } from './elements.js';
import { Composition } from '../composition/composition.js';
import { formulaSum } from './formula.js';
import { Lattice, type Vec3 } from './lattice.js';
import { minimumImage, type MinimumImage } from './minimum-image.js';

/** One site's value of a site property: a number, text, flag, or a short tuple (e.g. selective-dynamics flags). */
export type SiteValue = number | string | boolean | readonly number[] | readonly boolean[];

/** Site properties: per property name, one value per site, in site order. */
export type SiteProperties = Readonly<Record<string, readonly SiteValue[]>>;

/** Options of the `Structure` constructor. */
export interface StructureOptions {
  /** Per-site values by name (`occupancy`, `label`, `selectiveDynamics`, `magmom`, …); each list has one value per site. */
  readonly siteProperties?: SiteProperties;
}

/** Coordinates given either flat (`[x0, y0, z0, x1, …]`) or as one triple per site. */
export type Coordinates = ArrayLike<number> | readonly (readonly number[])[];

function flatCoordinates(coords: Coordinates, n: number, what: string): Float64Array {
  const nested = coords.length > 0 && Array.isArray((coords as readonly unknown[])[0]);
  const flat = nested ? (coords as readonly (readonly number[])[]).flatMap((row) => {
    if (row.length !== 3) throw new ValueError(`Structure: each ${what} coordinate must have 3 numbers, got ${JSON.stringify(row)}`);
    return Array.from(row);
  }) : Array.from(coords as ArrayLike<number>);
  if (flat.length !== 3 * n) throw new ValueError(`Structure: ${n} species need ${3 * n} ${what} coordinates (3 per site), got ${flat.length}`);
  if (!flat.every(Number.isFinite)) throw new ValueError(`Structure: ${what} coordinates must be finite numbers`);
  return Float64Array.from(flat);
}

/**
 * A periodic crystal structure: a `Lattice` and sites, each an element symbol at fractional coordinates,
 * with optional per-site properties. Fractional coordinates are stored as given (not wrapped into [0, 1));
 * `wrapped()` returns the wrapped copy. Immutable: the transforming methods return new structures.
 *
 * A partially occupied (disordered) site is one species with an `occupancy` site property < 1; a mixed site
 * is several sites at the same position. `composition` weights each site by its occupancy.
 *
 * pymatgen equivalent: `pymatgen.core.Structure` (ordered sites; `frac_coords`, `cart_coords`,
 * `site_properties`, `composition`, `make_supercell`, `get_distance`).
 * @example
 * const lattice = Lattice.fromParameters({ a: 5.64, b: 5.64, c: 5.64, alpha: 90, beta: 90, gamma: 90 });
 * const s = new Structure(lattice, ['Na', 'Cl'], [[0, 0, 0], [0.5, 0.5, 0.5]]);
 * s.distance(0, 1); // 4.88
 */
export class Structure {
  readonly lattice: Lattice;
  /** Element symbol of each site. */
  readonly species: readonly string[];
  /** Fractional coordinates, flat: site i is `[3i, 3i + 1, 3i + 2]`. */
  readonly fractional: Float64Array;
  /** Per-site properties by name, each with one value per site. */
  readonly siteProperties: SiteProperties;
  private cartesianCache: Float64Array | undefined;

  /**
   * @throws ValueError when a species is no element symbol, the coordinates do not give 3 finite numbers per
   *   site, or a site property does not have one value per site.
   */
  constructor(lattice: Lattice, species: readonly string[], fractional: Coordinates, options: StructureOptions = {}) {
    species.forEach((symbol, i) => {
      if (atomicNumber(symbol) === undefined) throw new ValueError(`Structure: site ${i}: expected an element symbol, got ${JSON.stringify(symbol)}`);
    });
    this.lattice = lattice;
    this.species = Object.freeze([...species]);
    this.fractional = flatCoordinates(fractional, species.length, 'fractional');
    const properties: Record<string, readonly SiteValue[]> = {};
    for (const [name, values] of Object.entries(options.siteProperties ?? {})) {
      if (values.length !== species.length) {
        throw new ValueError(`Structure: site property ${JSON.stringify(name)} has ${values.length} values for ${species.length} sites`);
      }
      properties[name] = Object.freeze([...values]);
    }
    this.siteProperties = Object.freeze(properties);
  }

  /** A structure from Cartesian positions in Å (converted to fractional coordinates with the lattice). */
  static fromCartesian(lattice: Lattice, species: readonly string[], cartesian: Coordinates, options: StructureOptions = {}): Structure {
    return new Structure(lattice, species, lattice.cartesianToFractionalAll(flatCoordinates(cartesian, species.length, 'Cartesian')), options);
  }

  /** Number of sites. */
  get numSites(): number {
    return this.species.length;
  }

  /** Cartesian positions in Å, flat (`f · M` per site; computed once). Do not modify. */
  get cartesian(): Float64Array {
    this.cartesianCache ??= this.lattice.fractionalToCartesianAll(this.fractional);
    return this.cartesianCache;
  }

  /** Atomic number of each site. */
  get atomicNumbers(): Int32Array {
    return Int32Array.from(this.species, (s) => atomicNumber(s)!);
  }

  /** Fractional coordinates of site i. */
  fractionalOf(i: number): Vec3 {
    const f = this.fractional;
    return [f[3 * i]!, f[3 * i + 1]!, f[3 * i + 2]!];
  }

  /** Cartesian position of site i in Å. */
  cartesianOf(i: number): Vec3 {
    const r = this.cartesian;
    return [r[3 * i]!, r[3 * i + 1]!, r[3 * i + 2]!];
  }

  /** Occupancy of each site: the `occupancy` site property, 1 where there is none. */
  get occupancies(): Float64Array {
    const values = this.siteProperties['occupancy'];
    return Float64Array.from(this.species, (_, i) => (values !== undefined && typeof values[i] === 'number' ? (values[i] as number) : 1));
  }

  /**
   * The cell's composition: per element, the number of sites weighted by occupancy (pymatgen
   * `Structure.composition`).
   * @throws ValueError for a structure without sites (a composition needs an element).
   */
  get composition(): Composition {
    const occupancy = this.occupancies;
    return Composition.fromAmounts(this.species.map((s, i): [string, number] => [s, occupancy[i]!]));
  }

  /** The cell's formula in Hill order with every amount written, CIF `_chemical_formula_sum` style: `'Cl4 Na4'`. */
  get formula(): string {
    return formulaSum(this.composition);
  }

  /** The reduced formula in Hill order (`Composition.reducedFormula`): `'ClNa'`, `'O2Ti'`. */
  get reducedFormula(): string {
    return this.composition.reducedFormula;
  }

  /** Sites per Å³ (number density; mass density needs atomic masses, which the composition tools have). */
  get numberDensity(): number {
    return this.numSites / this.lattice.volume;
  }

  /** The same structure with every fractional coordinate wrapped into [0, 1) (values within 1e-10 below 1 become 0). */
  wrapped(): Structure {
    const f = Float64Array.from(this.fractional, wrapUnit);
    return new Structure(this.lattice, this.species, f, { siteProperties: this.siteProperties });
  }

  /**
   * The shortest distance between sites i and j over all periodic images of j, with the image and the
   * vector (pymatgen `Structure.get_distance(i, j)`; exact for any cell shape). For i = j the distance is 0.
   */
  minimumImage(i: number, j: number): MinimumImage {
    this.checkSite(i);
    this.checkSite(j);
    return minimumImage(this.lattice, this.fractionalOf(i), this.fractionalOf(j));
  }

  /** The minimum-image distance between sites i and j in Å (see `minimumImage`). */
  distance(i: number, j: number): number {
    return this.minimumImage(i, j).distance;
  }

  /** All minimum-image distances, row-major n×n (pymatgen `Structure.distance_matrix`). */
  distanceMatrix(): Float64Array {
    const n = this.numSites;
    const out = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const d = minimumImage(this.lattice, this.fractionalOf(i), this.fractionalOf(j)).distance;
        out[i * n + j] = d;
        out[j * n + i] = d;
      }
    }
    return out;
  }

  /** A copy with one site property set (replaced if present). */
  withSiteProperty(name: string, values: readonly SiteValue[]): Structure {
    return new Structure(this.lattice, this.species, this.fractional, { siteProperties: { ...this.siteProperties, [name]: values } });
  }

  /** Plain data: `{ lattice: { matrix }, species, fractional: [[x, y, z], …], siteProperties }`. */
  toJSON(): { lattice: { matrix: number[][] }; species: string[]; fractional: number[][]; siteProperties: Record<string, SiteValue[]> } {
    return {
      lattice: this.lattice.toJSON(),
      species: [...this.species],
      fractional: this.species.map((_, i) => [...this.fractionalOf(i)]),
      siteProperties: Object.fromEntries(Object.entries(this.siteProperties).map(([k, v]) => [k, [...v]])),
    };
  }

  private checkSite(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.numSites) throw new ValueError(`Structure: site index ${i} out of range for ${this.numSites} sites`);
  }
}

/** x − floor(x), with values a hair below 1 (rounding) mapped to 0 so the result lies in [0, 1). */
export function wrapUnit(x: number): number {
  const w = x - Math.floor(x);
  return w >= 1 - 1e-10 ? 0 : w;
}
