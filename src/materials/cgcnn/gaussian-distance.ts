import { ValueError } from '../../core/errors.js';

/** Options of `GaussianDistance` (CGCNN's defaults: dmin 0, dmax = the neighbour radius 8 Å, step 0.2 Å). */
export interface GaussianDistanceOptions {
  /** First centre, Å (default 0). */
  dmin?: number;
  /** Last centre, Å (default 8, CGCNN's neighbour radius). */
  dmax?: number;
  /** Spacing of the centres, Å (default 0.2). */
  step?: number;
  /** Width σ in exp(−(d − μ)²/σ²), Å (default: `step`). */
  variance?: number;
}

/**
 * Expansion of an interatomic distance in Gaussians (CGCNN's `GaussianDistance`): centres
 * μ_k = dmin + k·step for k = 0 … ⌈(dmax + step − dmin)/step⌉ − 1 (numpy's `arange(dmin, dmax + step, step)`,
 * 41 centres 0, 0.2, …, 8 Å by default) and feature_k(d) = exp(−(d − μ_k)² / var²) with var = step.
 * (CGCNN calls σ the "variance"; it divides by its square.) Distances in Å.
 *
 * ```ts
 * const gdf = new GaussianDistance();      // 41 centres
 * gdf.expand([2.5, 3.1]);                   // Float64Array of 2 × 41
 * ```
 */
export class GaussianDistance {
  readonly dmin: number;
  readonly dmax: number;
  readonly step: number;
  readonly variance: number;
  /** The centres μ_k, Å. */
  readonly centers: Float64Array;

  constructor(options: GaussianDistanceOptions = {}) {
    this.dmin = options.dmin ?? 0;
    this.dmax = options.dmax ?? 8;
    this.step = options.step ?? 0.2;
    this.variance = options.variance ?? this.step;
    if (!(this.dmin < this.dmax)) throw new ValueError(`GaussianDistance: dmin ${this.dmin} must be below dmax ${this.dmax}`);
    if (!(this.step > 0) || !(this.dmax - this.dmin > this.step)) {
      throw new ValueError(`GaussianDistance: step ${this.step} must be positive and smaller than dmax − dmin = ${this.dmax - this.dmin}`);
    }
    if (!(this.variance > 0)) throw new ValueError(`GaussianDistance: variance must be positive, got ${this.variance}`);
    const count = Math.ceil((this.dmax + this.step - this.dmin) / this.step);
    this.centers = new Float64Array(count);
    for (let k = 0; k < count; k++) this.centers[k] = this.dmin + k * this.step;
  }

  /** Number of features per distance (the number of centres; 41 by default). */
  get length(): number {
    return this.centers.length;
  }

  /**
   * The expansion of every distance: a flat row-major [distances.length, length] array. Written into
   * `out` at `offset` when given (it must have room), else into a new array.
   */
  expand(distances: ArrayLike<number>, out?: Float64Array | Float32Array, offset = 0): Float64Array | Float32Array {
    const g = this.centers.length;
    const target = out ?? new Float64Array(distances.length * g);
    if (target.length < offset + distances.length * g) {
      throw new ValueError(`GaussianDistance.expand: output has ${target.length} values, needs ${offset + distances.length * g}`);
    }
    const var2 = this.variance * this.variance;
    for (let i = 0; i < distances.length; i++) {
      const d = distances[i]!;
      const base = offset + i * g;
      for (let k = 0; k < g; k++) {
        const diff = d - this.centers[k]!;
        target[base + k] = Math.exp(-(diff * diff) / var2);
      }
    }
    return target;
  }
}
