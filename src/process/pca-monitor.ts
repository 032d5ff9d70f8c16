import { chiSquareQuantile, fQuantile, normalQuantile } from '../core/special.js';
import { ValueError } from '../core/errors.js';
import type { Matrix } from '../data/scalers/matrix.js';
import { StandardScaler } from '../data/scalers/standardScaler.js';
import { covariance, symmetricEigen } from './linalg.js';

/** Options of {@link PcaMonitor.fit}. */
export interface PcaMonitorOptions {
  /** Retained principal components a (default 9, the usual choice for TEP). */
  components?: number;
  /** Confidence of the control limits (default 0.99). */
  confidence?: number;
}

/** Monitoring statistics of a batch of samples. */
export interface PcaStatistics {
  /** Hotelling's T² in the retained subspace, one per sample. */
  readonly t2: Float64Array;
  /** Squared prediction error Q = ‖x − P Pᵀ x‖² (residual subspace), one per sample. */
  readonly spe: Float64Array;
}

/** Hotelling T² limit for a PCA model: a(n−1)(n+1) / (n(n−a)) · F_{a, n−a}(confidence). */
export function t2Limit(components: number, samples: number, confidence: number): number {
  const a = components;
  const n = samples;
  if (!(n > a)) throw new ValueError(`t2Limit: needs more samples (${n}) than components (${a})`);
  return ((a * (n - 1) * (n + 1)) / (n * (n - a))) * fQuantile(confidence, a, n - a);
}

/**
 * Jackson–Mudholkar (1979) limit of the squared prediction error from the discarded eigenvalues λ_{a+1…m}:
 * θ_i = Σ λ_j^i, h₀ = 1 − 2θ₁θ₃/(3θ₂²), Q_α = θ₁ [c_α √(2θ₂h₀²)/θ₁ + 1 + θ₂h₀(h₀−1)/θ₁²]^{1/h₀} with c_α the
 * standard normal quantile at `confidence`.
 */
export function speLimit(residualEigenvalues: ArrayLike<number>, confidence: number): number {
  let t1 = 0;
  let t2 = 0;
  let t3 = 0;
  for (let i = 0; i < residualEigenvalues.length; i++) {
    const l = Math.max(residualEigenvalues[i]!, 0);
    t1 += l;
    t2 += l * l;
    t3 += l * l * l;
  }
  if (!(t1 > 0)) throw new ValueError('speLimit: the residual subspace is empty (all variance retained)');
  const h0 = 1 - (2 * t1 * t3) / (3 * t2 * t2);
  const c = normalQuantile(confidence);
  return t1 * (c * Math.sqrt(2 * t2 * h0 * h0) / t1 + 1 + (t2 * h0 * (h0 - 1)) / (t1 * t1)) ** (1 / h0);
}

/** The SPE limit of Box (1954), g·χ²_h(confidence) with g = θ₂/θ₁, h = θ₁²/θ₂ — a cross-check of {@link speLimit}. */
export function speLimitBox(residualEigenvalues: ArrayLike<number>, confidence: number): number {
  let t1 = 0;
  let t2 = 0;
  for (let i = 0; i < residualEigenvalues.length; i++) {
    t1 += residualEigenvalues[i]!;
    t2 += residualEigenvalues[i]! ** 2;
  }
  return (t2 / t1) * chiSquareQuantile(confidence, (t1 * t1) / t2);
}

/**
 * PCA process monitoring (Jackson 1991; Chiang, Russell & Braatz 2001): standardise on normal operating
 * data, keep `a` principal components of the sample covariance (divisor n − 1), and watch Hotelling's T²
 * in the component space and the SPE (Q statistic) in the residual space against their control limits
 * (`t2Limit`, F distribution; `speLimit`, Jackson–Mudholkar). Every statistic — scaler, loadings,
 * eigenvalues, limits — comes from the data given to `fit`; test data only flows through `statistics`.
 * Like scikit-learn's `StandardScaler` + `PCA(n_components=a)` with the monitoring statistics added.
 *
 * @example
 * const pca = PcaMonitor.fit(normal, { components: 9 });
 * const { t2, spe } = pca.statistics(test);   // alarms: t2[i] > pca.t2Limit, spe[i] > pca.speLimit
 */
export class PcaMonitor {
  private constructor(
    readonly scaler: StandardScaler,
    /** All eigenvalues of the standardised covariance, decreasing. */
    readonly eigenvalues: Float64Array,
    /** m × a loadings, row-major (columns are the retained eigenvectors). */
    readonly loadings: Float64Array,
    readonly variables: number,
    readonly components: number,
    readonly t2Limit: number,
    readonly speLimit: number,
    readonly confidence: number,
    /** Number of samples the model was fitted on. */
    readonly samples: number,
  ) {}

  /** Fits the monitor on normal operating data (samples × variables). */
  static fit(normal: Matrix, options: PcaMonitorOptions = {}): PcaMonitor {
    const a = options.components ?? 9;
    const confidence = options.confidence ?? 0.99;
    const m = normal.cols;
    if (!Number.isInteger(a) || a < 1 || a >= m) throw new ValueError(`PcaMonitor: components must be an integer in [1, ${m - 1}], got ${a}`);
    const scaler = new StandardScaler().fit(normal);
    const z = scaler.transform(normal);
    const { values, vectors } = symmetricEigen(covariance(z), m);
    const loadings = new Float64Array(m * a);
    for (let i = 0; i < m; i++) for (let k = 0; k < a; k++) loadings[i * a + k] = vectors[i * m + k]!;
    return new PcaMonitor(scaler, values, loadings, m, a, t2Limit(a, normal.rows, confidence), speLimit(values.subarray(a), confidence), confidence, normal.rows);
  }

  /** Scores (samples × a) of standardised data `z`. */
  private scores(z: Matrix): Float64Array {
    const { rows } = z;
    const a = this.components;
    const m = this.variables;
    const t = new Float64Array(rows * a);
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < a; k++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += z.data[r * m + i]! * this.loadings[i * a + k]!;
        t[r * a + k] = s;
      }
    }
    return t;
  }

  /** T² and SPE of each sample of `x` (samples × variables, engineering units). */
  statistics(x: Matrix): PcaStatistics {
    const z = this.scaler.transform(x);
    const t = this.scores(z);
    const a = this.components;
    const m = this.variables;
    const t2 = new Float64Array(x.rows);
    const spe = new Float64Array(x.rows);
    for (let r = 0; r < x.rows; r++) {
      let s = 0;
      for (let k = 0; k < a; k++) s += t[r * a + k]! ** 2 / this.eigenvalues[k]!;
      t2[r] = s;
      let q = 0;
      for (let i = 0; i < m; i++) {
        let xhat = 0;
        for (let k = 0; k < a; k++) xhat += t[r * a + k]! * this.loadings[i * a + k]!;
        q += (z.data[r * m + i]! - xhat) ** 2;
      }
      spe[r] = q;
    }
    return { t2, spe };
  }

  /**
   * Per-variable contributions of one sample (engineering units) to its statistics: SPE contributions
   * e_i² (they sum to SPE) and T² contributions z_i · Σ_k p_ik t_k / λ_k (they sum to T²; Westerhuis,
   * Gurden & Smilde 2000 — may be negative).
   */
  contributions(sample: ArrayLike<number>): { t2: Float64Array; spe: Float64Array } {
    const m = this.variables;
    const a = this.components;
    const z = this.scaler.transform({ data: sample, rows: 1, cols: m });
    const t = this.scores(z);
    const t2 = new Float64Array(m);
    const spe = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let xhat = 0;
      let w = 0;
      for (let k = 0; k < a; k++) {
        xhat += t[k]! * this.loadings[i * a + k]!;
        w += (this.loadings[i * a + k]! * t[k]!) / this.eigenvalues[k]!;
      }
      spe[i] = (z.data[i]! - xhat) ** 2;
      t2[i] = z.data[i]! * w;
    }
    return { t2, spe };
  }
}
