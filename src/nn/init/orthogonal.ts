import { ShapeError } from '../../core/errors.js';
import { defaultGenerator, type Generator } from '../../core/random.js';
import { formatShape } from '../../core/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { fillInPlace, requireFloatingInit } from './fill.js';

/**
 * Reduced QR of the m×n matrix `a` (row-major, m ≥ n) by Householder reflections.
 * Returns Q (m×n, row-major) with orthonormal columns and the diagonal of R.
 */
function householderQr(a: Float64Array, m: number, n: number): { q: Float64Array; rDiag: Float64Array } {
  const r = Float64Array.from(a);
  const vs: Float64Array[] = [];
  const rDiag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // Reflector v (length m − k) mapping column k below the diagonal onto −sign(x₀)·‖x‖·e₁.
    const v = new Float64Array(m - k);
    let norm2 = 0;
    for (let i = k; i < m; i++) {
      v[i - k] = r[i * n + k]!;
      norm2 += v[i - k]! * v[i - k]!;
    }
    const norm = Math.sqrt(norm2);
    const alpha = v[0]! >= 0 ? -norm : norm;
    v[0] = v[0]! - alpha;
    let vNorm2 = 0;
    for (let i = 0; i < v.length; i++) vNorm2 += v[i]! * v[i]!;
    if (vNorm2 > 0) {
      for (let j = k; j < n; j++) {
        let dot = 0;
        for (let i = k; i < m; i++) dot += v[i - k]! * r[i * n + j]!;
        const f = (2 * dot) / vNorm2;
        for (let i = k; i < m; i++) r[i * n + j] = r[i * n + j]! - f * v[i - k]!;
      }
    }
    vs.push(vNorm2 > 0 ? v : new Float64Array(0));
    rDiag[k] = r[k * n + k]!;
  }
  // Q = H₀ H₁ … Hₙ₋₁ applied to the first n columns of the identity (back to front).
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k]!;
    if (v.length === 0) continue;
    let vNorm2 = 0;
    for (let i = 0; i < v.length; i++) vNorm2 += v[i]! * v[i]!;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k]! * q[i * n + j]!;
      const f = (2 * dot) / vNorm2;
      for (let i = k; i < m; i++) q[i * n + j] = q[i * n + j]! - f * v[i - k]!;
    }
  }
  return { q, rDiag };
}

/**
 * (Semi-)orthogonal initialisation in place (torch.nn.init.orthogonal_), as PyTorch computes it: the tensor
 * is viewed as rows = shape[0] by cols = numel/rows; a standard-normal matrix (transposed when rows < cols)
 * is QR-factorised, Q's columns are multiplied by sign(diag R) so the factorisation is unique, and the
 * result (transposed back) times `gain` is written. Rows (when rows ≤ cols) or columns are orthonormal:
 * W·Wᵀ = gain²·I or Wᵀ·W = gain²·I. Needs ≥ 2 dimensions.
 *
 * ```ts
 * orthogonal_(rnn.getParameter('weight_hh_l0')!);
 * ```
 */
export function orthogonal_<T extends Tensor>(t: T, gain = 1, generator: Generator = defaultGenerator): T {
  requireFloatingInit('orthogonal_', t);
  if (t.ndim < 2) throw new ShapeError(`orthogonal_: only tensors with 2 or more dimensions are supported, got ${formatShape(t.shape)}`);
  if (t.numel() === 0) return t;
  const rows = t.shape[0]!;
  const cols = t.numel() / rows;
  const transposed = rows < cols;
  const [m, n] = transposed ? [cols, rows] : [rows, cols];
  const a = new Float64Array(m * n);
  for (let i = 0; i < a.length; i++) a[i] = generator.normal();
  const { q, rDiag } = householderQr(a, m, n);
  for (let j = 0; j < n; j++) {
    const s = Math.sign(rDiag[j]!);
    for (let i = 0; i < m; i++) q[i * n + j] = q[i * n + j]! * s * gain;
  }
  // Element (r, c) of the rows×cols result: Q[r][c], or Qᵀ[r][c] = Q[c][r] when transposed.
  return fillInPlace(t, (idx) => {
    const r = Math.floor(idx / cols);
    const c = idx - r * cols;
    return transposed ? q[c * n + r]! : q[r * n + c]!;
  });
}
