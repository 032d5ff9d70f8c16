import { ValueError } from '../core/errors.js';
import type { Matrix } from '../data/scalers/matrix.js';

/** Eigen-decomposition of a symmetric matrix: values in decreasing order, vectors as the columns of `vectors`. */
export interface SymmetricEigen {
  /** Eigenvalues λ₁ ≥ λ₂ ≥ … ≥ λₙ. */
  readonly values: Float64Array;
  /** n × n row-major; column k is the unit eigenvector of `values[k]` (sign: largest |entry| positive). */
  readonly vectors: Float64Array;
}

/**
 * Eigenvalues and eigenvectors of a symmetric n × n matrix (row-major) by cyclic Jacobi rotations —
 * `numpy.linalg.eigh`, sorted in decreasing order. Accurate to a few ulps of the largest eigenvalue; O(n³)
 * per sweep, fine for the tens to hundreds of process variables it is used for.
 *
 * @example
 * symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2).values; // Float64Array [3, 1]
 */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): SymmetricEigen {
  if (matrix.length !== n * n) throw new ValueError(`symmetricEigen: expected ${n}×${n} = ${n * n} entries, got ${matrix.length}`);
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const x = a[i * n + j]! * a[i * n + j]!;
        total += x;
        if (i !== j) off += x;
      }
    }
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y * n + y]! - a[x * n + x]!);
  const values = Float64Array.from(order, (i) => a[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    let big = 0;
    for (let k = 0; k < n; k++) if (Math.abs(v[k * n + src]!) > Math.abs(big)) big = v[k * n + src]!;
    const sign = big < 0 ? -1 : 1;
    for (let k = 0; k < n; k++) vectors[k * n + dst] = sign * v[k * n + src]!;
  });
  return { values, vectors };
}

/** The sample covariance (divisor rows − 1) of the columns of `x`, a cols × cols row-major matrix. */
export function covariance(x: Matrix): Float64Array {
  const { data, rows, cols } = x;
  if (rows < 2) throw new ValueError(`covariance: needs at least 2 rows, got ${rows}`);
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c]! += data[r * cols + c]! / rows;
  const cov = new Float64Array(cols * cols);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < cols; i++) {
      const di = data[r * cols + i]! - mean[i]!;
      for (let j = i; j < cols; j++) cov[i * cols + j]! += di * (data[r * cols + j]! - mean[j]!);
    }
  }
  for (let i = 0; i < cols; i++) {
    for (let j = i; j < cols; j++) {
      cov[i * cols + j]! /= rows - 1;
      cov[j * cols + i] = cov[i * cols + j]!;
    }
  }
  return cov;
}

/**
 * Ridge regression with an unpenalised intercept, by the normal equations (Gaussian elimination with
 * partial pivoting): minimises Σ (y − Xw − b)² + λ‖w‖² for each of the `y.cols` targets. Returns the
 * weights as a (cols + 1) × targets row-major matrix whose last row is the intercept — scikit-learn's
 * `Ridge(alpha=λ)` on centred data.
 */
export function ridgeFit(x: Matrix, y: Matrix, lambda: number): Matrix {
  if (x.rows !== y.rows) throw new ValueError(`ridgeFit: X has ${x.rows} rows but Y has ${y.rows}`);
  const k = x.cols + 1;
  const m = y.cols;
  const a = new Float64Array(k * k);
  const b = new Float64Array(k * m);
  const row = new Float64Array(k);
  for (let r = 0; r < x.rows; r++) {
    for (let c = 0; c < x.cols; c++) row[c] = x.data[r * x.cols + c]!;
    row[x.cols] = 1;
    for (let i = 0; i < k; i++) {
      const ri = row[i]!;
      if (ri === 0) continue;
      for (let j = i; j < k; j++) a[i * k + j]! += ri * row[j]!;
      for (let t = 0; t < m; t++) b[i * m + t]! += ri * y.data[r * m + t]!;
    }
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) a[i * k + j] = a[j * k + i]!;
  for (let i = 0; i < x.cols; i++) a[i * k + i]! += lambda;
  for (let p = 0; p < k; p++) {
    let pivot = p;
    for (let i = p + 1; i < k; i++) if (Math.abs(a[i * k + p]!) > Math.abs(a[pivot * k + p]!)) pivot = i;
    if (pivot !== p) {
      for (let j = 0; j < k; j++) [a[p * k + j], a[pivot * k + j]] = [a[pivot * k + j]!, a[p * k + j]!];
      for (let t = 0; t < m; t++) [b[p * m + t], b[pivot * m + t]] = [b[pivot * m + t]!, b[p * m + t]!];
    }
    const d = a[p * k + p]!;
    if (d === 0) throw new ValueError('ridgeFit: the normal equations are singular (use a ridge strength λ > 0)');
    for (let i = p + 1; i < k; i++) {
      const f = a[i * k + p]! / d;
      if (f === 0) continue;
      for (let j = p; j < k; j++) a[i * k + j]! -= f * a[p * k + j]!;
      for (let t = 0; t < m; t++) b[i * m + t]! -= f * b[p * m + t]!;
    }
  }
  const w = new Float64Array(k * m);
  for (let i = k - 1; i >= 0; i--) {
    for (let t = 0; t < m; t++) {
      let s = b[i * m + t]!;
      for (let j = i + 1; j < k; j++) s -= a[i * k + j]! * w[j * m + t]!;
      w[i * m + t] = s / a[i * k + i]!;
    }
  }
  return { data: w, rows: k, cols: m };
}

/** Applies weights from {@link ridgeFit}: X (rows × cols) → rows × targets. */
export function ridgePredict(x: Matrix, w: Matrix): Matrix {
  const m = w.cols;
  const out = new Float64Array(x.rows * m);
  for (let r = 0; r < x.rows; r++) {
    for (let t = 0; t < m; t++) {
      let s = w.data[x.cols * m + t]!;
      for (let c = 0; c < x.cols; c++) s += x.data[r * x.cols + c]! * w.data[c * m + t]!;
      out[r * m + t] = s;
    }
  }
  return { data: out, rows: x.rows, cols: m };
}
