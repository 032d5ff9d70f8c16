import { ValueError } from '../../core/errors.js';

/** Three numbers: a vector, a row of a matrix, or a triple of parameters. */
export type Vec3 = readonly [number, number, number];

/** The six lattice parameters: lengths in Å, angles in degrees (α between b and c, β between a and c, γ between a and b). */
export interface LatticeParameters {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
}

const DEG = Math.PI / 180;

function dot(u: Vec3, v: Vec3): number {
  return u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
}

function cross(u: Vec3, v: Vec3): Vec3 {
  return [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
}

function angleDegrees(u: Vec3, v: Vec3): number {
  const cosine = dot(u, v) / Math.sqrt(dot(u, u) * dot(v, v));
  return Math.acos(Math.max(-1, Math.min(1, cosine))) / DEG;
}

/**
 * A periodic lattice: three lattice vectors a, b, c stored as the **rows** of a 3×3 matrix (pymatgen's
 * `Lattice.matrix` convention), lengths in Å. A point with fractional coordinates f lies at the Cartesian
 * position `f · M` (row vector times matrix). Immutable.
 *
 * pymatgen equivalent: `pymatgen.core.Lattice`; `Lattice.fromParameters` builds the same matrix as
 * `Lattice.from_parameters` (c along z, a in the xz plane).
 * @example
 * const cubic = Lattice.fromParameters({ a: 5.64, b: 5.64, c: 5.64, alpha: 90, beta: 90, gamma: 90 });
 * cubic.volume;                              // 179.4
 * cubic.fractionalToCartesian([0.5, 0.5, 0]); // [2.82, 2.82, 0]
 */
export class Lattice {
  /** Row-major 3×3 matrix; row k is lattice vector k. */
  readonly matrix: Float64Array;
  /** Row-major inverse of `matrix` (maps Cartesian row vectors to fractional ones). */
  readonly inverse: Float64Array;
  /** Cell volume in Å³ (always positive; the sign of the determinant is `handedness`). */
  readonly volume: number;
  /** +1 for a right-handed basis (positive determinant), −1 for a left-handed one. */
  readonly handedness: 1 | -1;
  private widthsCache: Vec3 | undefined;

  /**
   * @param rows the three lattice vectors, as rows: `[[ax, ay, az], [bx, by, bz], [cx, cy, cz]]`, or a flat
   *   row-major array of 9 numbers.
   * @throws ValueError for anything but 9 finite numbers, or a singular (zero-volume) cell.
   */
  constructor(rows: readonly (readonly number[])[] | ArrayLike<number>) {
    const flat = isNested(rows) ? rows.flatMap((row) => Array.from(row)) : Array.from(rows);
    if (flat.length !== 9 || (isNested(rows) && (rows.length !== 3 || rows.some((row) => row.length !== 3)))) {
      throw new ValueError(`Lattice: expected three lattice vectors of three numbers each, got ${JSON.stringify(rows)}`);
    }
    if (!flat.every(Number.isFinite)) throw new ValueError(`Lattice: lattice vectors must be finite numbers, got ${JSON.stringify(flat)}`);
    this.matrix = Float64Array.from(flat);
    const m = this.matrix;
    const det = m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) - m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) + m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!);
    const scale = Math.max(...flat.map(Math.abs));
    if (!(Math.abs(det) > 1e-12 * scale * scale * scale)) {
      throw new ValueError(`Lattice: the lattice vectors are linearly dependent (volume ${det}): ${JSON.stringify(flat)}`);
    }
    this.volume = Math.abs(det);
    this.handedness = det > 0 ? 1 : -1;
    this.inverse = new Float64Array([
      (m[4]! * m[8]! - m[5]! * m[7]!) / det, (m[2]! * m[7]! - m[1]! * m[8]!) / det, (m[1]! * m[5]! - m[2]! * m[4]!) / det,
      (m[5]! * m[6]! - m[3]! * m[8]!) / det, (m[0]! * m[8]! - m[2]! * m[6]!) / det, (m[2]! * m[3]! - m[0]! * m[5]!) / det,
      (m[3]! * m[7]! - m[4]! * m[6]!) / det, (m[1]! * m[6]! - m[0]! * m[7]!) / det, (m[0]! * m[4]! - m[1]! * m[3]!) / det,
    ]);
  }

  /**
   * The lattice with these parameters in pymatgen's standard orientation (`Lattice.from_parameters`,
   * vesta=False): c along z, a in the xz plane, b completing the cell.
   * @throws ValueError for non-positive lengths, or angles that make no cell.
   */
  static fromParameters(p: LatticeParameters): Lattice {
    const { a, b, c, alpha, beta, gamma } = p;
    if (!(a > 0 && b > 0 && c > 0) || ![alpha, beta, gamma].every((x) => x > 0 && x < 180)) {
      throw new ValueError(`Lattice.fromParameters: expected positive lengths and angles in (0, 180) degrees, got ${JSON.stringify(p)}`);
    }
    const [ca, cb, cg] = [Math.cos(alpha * DEG), Math.cos(beta * DEG), Math.cos(gamma * DEG)];
    const [sa, sb] = [Math.sin(alpha * DEG), Math.sin(beta * DEG)];
    const gammaStar = Math.acos(Math.max(-1, Math.min(1, (ca * cb - cg) / (sa * sb))));
    return new Lattice([
      [a * sb, 0, a * cb],
      [-b * sa * Math.cos(gammaStar), b * sa * Math.sin(gammaStar), b * ca],
      [0, 0, c],
    ]);
  }

  /** Lattice vector k (0 = a, 1 = b, 2 = c) as a Cartesian vector. */
  vector(k: 0 | 1 | 2): Vec3 {
    const m = this.matrix;
    return [m[3 * k]!, m[3 * k + 1]!, m[3 * k + 2]!];
  }

  /** The lengths |a|, |b|, |c| in Å. */
  get lengths(): Vec3 {
    const [a, b, c] = [this.vector(0), this.vector(1), this.vector(2)];
    return [Math.sqrt(dot(a, a)), Math.sqrt(dot(b, b)), Math.sqrt(dot(c, c))];
  }

  /** The angles α (b∧c), β (a∧c), γ (a∧b) in degrees. */
  get angles(): Vec3 {
    const [a, b, c] = [this.vector(0), this.vector(1), this.vector(2)];
    return [angleDegrees(b, c), angleDegrees(a, c), angleDegrees(a, b)];
  }

  /** a, b, c, α, β, γ (pymatgen's `Lattice.parameters`). */
  get parameters(): LatticeParameters {
    const [a, b, c] = this.lengths;
    const [alpha, beta, gamma] = this.angles;
    return { a, b, c, alpha, beta, gamma };
  }

  /**
   * The perpendicular widths of the cell: the distance between the two faces spanned by the other two
   * vectors, `V / |b × c|`, `V / |a × c|`, `V / |a × b|`. A sphere of radius r fits in the cell iff
   * 2r ≤ min(widths); a cutoff r needs `ceil(r / width_k)` images each way along axis k.
   */
  get perpendicularWidths(): Vec3 {
    if (this.widthsCache === undefined) {
      const [a, b, c] = [this.vector(0), this.vector(1), this.vector(2)];
      const norm = (v: Vec3): number => Math.sqrt(dot(v, v));
      this.widthsCache = [this.volume / norm(cross(b, c)), this.volume / norm(cross(a, c)), this.volume / norm(cross(a, b))];
    }
    return this.widthsCache;
  }

  /**
   * The reciprocal lattice with the physics factor 2π: rows b_k with a_i · b_k = 2π δ_ik, i.e. the matrix
   * `2π · (M⁻¹)ᵀ` (pymatgen `reciprocal_lattice`).
   */
  reciprocalLattice(): Lattice {
    return this.reciprocal(2 * Math.PI);
  }

  /** The crystallographic reciprocal lattice, without 2π: `(M⁻¹)ᵀ` (pymatgen `reciprocal_lattice_crystallographic`). */
  reciprocalLatticeCrystallographic(): Lattice {
    return this.reciprocal(1);
  }

  private reciprocal(factor: number): Lattice {
    const v = this.inverse;
    return new Lattice([0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => factor * v[(k % 3) * 3 + Math.floor(k / 3)]!));
  }

  /** Cartesian position (Å) of fractional coordinates f: `f · M`. */
  fractionalToCartesian(f: ArrayLike<number>): Vec3 {
    const m = this.matrix;
    const [x, y, z] = [f[0]!, f[1]!, f[2]!];
    return [x * m[0]! + y * m[3]! + z * m[6]!, x * m[1]! + y * m[4]! + z * m[7]!, x * m[2]! + y * m[5]! + z * m[8]!];
  }

  /** Fractional coordinates of a Cartesian position r (Å): `r · M⁻¹`. */
  cartesianToFractional(r: ArrayLike<number>): Vec3 {
    const v = this.inverse;
    const [x, y, z] = [r[0]!, r[1]!, r[2]!];
    return [x * v[0]! + y * v[3]! + z * v[6]!, x * v[1]! + y * v[4]! + z * v[7]!, x * v[2]! + y * v[5]! + z * v[8]!];
  }

  /** `fractionalToCartesian` for n points stored flat (`[x0, y0, z0, x1, …]`); returns a new Float64Array. */
  fractionalToCartesianAll(frac: ArrayLike<number>): Float64Array {
    return transformRows(frac, this.matrix);
  }

  /** `cartesianToFractional` for n points stored flat; returns a new Float64Array. */
  cartesianToFractionalAll(cart: ArrayLike<number>): Float64Array {
    return transformRows(cart, this.inverse);
  }

  /** The lattice with every vector multiplied by `factor` (lengths × factor, volume × factor³). */
  scale(factor: number): Lattice {
    return new Lattice(Array.from(this.matrix, (x) => x * factor));
  }

  /** `{ matrix: [[…], […], […]] }`, rows as lattice vectors. */
  toJSON(): { matrix: number[][] } {
    return { matrix: [this.vector(0), this.vector(1), this.vector(2)].map((row) => [...row]) };
  }
}

function isNested(rows: readonly (readonly number[])[] | ArrayLike<number>): rows is readonly (readonly number[])[] {
  return rows.length > 0 && Array.isArray(rows[0]);
}

/** Flat n×3 row vectors times a row-major 3×3 matrix. */
function transformRows(points: ArrayLike<number>, m: Float64Array): Float64Array {
  if (points.length % 3 !== 0) throw new ValueError(`Lattice: expected coordinates stored flat as 3 per point, got ${points.length} numbers`);
  const out = new Float64Array(points.length);
  for (let p = 0; p < points.length; p += 3) {
    const [x, y, z] = [points[p]!, points[p + 1]!, points[p + 2]!];
    out[p] = x * m[0]! + y * m[3]! + z * m[6]!;
    out[p + 1] = x * m[1]! + y * m[4]! + z * m[7]!;
    out[p + 2] = x * m[2]! + y * m[5]! + z * m[8]!;
  }
  return out;
}
