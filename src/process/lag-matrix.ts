import type { Matrix } from '../data/scalers/matrix.js';

/**
 * Stacks each sample with the `window − 1` samples before it: row t of the result is
 * `[x_{t−window+1}, …, x_t]` (rows × window·cols, oldest first). Rows before the start repeat the first
 * sample, so every sample gets a score (a causal, dynamic-PCA-style lag embedding).
 */
export function lagMatrix(x: Matrix, window: number): Float32Array {
  const { data, rows, cols } = x;
  const out = new Float32Array(rows * window * cols);
  for (let t = 0; t < rows; t++) {
    for (let k = 0; k < window; k++) {
      const r = Math.max(0, t - window + 1 + k);
      for (let c = 0; c < cols; c++) out[(t * window + k) * cols + c] = data[r * cols + c]!;
    }
  }
  return out;
}
