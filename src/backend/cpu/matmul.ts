import { allocTyped, type DType, type TypedArray } from '../../core/dtype.js';
import type { MatmulSpec } from '../backend.js';

/**
 * Reference batched GEMM. Each output row is accumulated in a double-precision buffer and rounded once
 * when stored, so float32 results are at least as accurate as a float32 BLAS.
 * Layouts per batch item: A is [m, k] ([k, m] when transA), B is [k, n] ([n, k] when transB), C is [m, n].
 */
export function matmulKernel(a: TypedArray, b: TypedArray, s: MatmulSpec, dtype: DType): TypedArray {
  const { batch, m, k, n, transA, transB } = s;
  const out = allocTyped(dtype, batch * m * n);
  const row = new Float64Array(n);
  const aRow = new Float64Array(k);
  for (let bi = 0; bi < batch; bi++) {
    const aOff = bi * s.aBatchStride;
    const bOff = bi * s.bBatchStride;
    const cOff = bi * m * n;
    for (let i = 0; i < m; i++) {
      // A's row i, contiguous
      if (transA) for (let p = 0; p < k; p++) aRow[p] = a[aOff + p * m + i]!;
      else for (let p = 0; p < k; p++) aRow[p] = a[aOff + i * k + p]!;
      if (transB) {
        for (let j = 0; j < n; j++) {
          const bRow = bOff + j * k;
          let acc = 0;
          for (let p = 0; p < k; p++) acc += aRow[p]! * b[bRow + p]!;
          out[cOff + i * n + j] = acc;
        }
      } else {
        // Rows of B four at a time: one read-modify-write of the accumulator per four products.
        row.fill(0);
        let p = 0;
        for (; p + 3 < k; p += 4) {
          const a0 = aRow[p]!;
          const a1 = aRow[p + 1]!;
          const a2 = aRow[p + 2]!;
          const a3 = aRow[p + 3]!;
          const b0 = bOff + p * n;
          const b1 = b0 + n;
          const b2 = b1 + n;
          const b3 = b2 + n;
          for (let j = 0; j < n; j++) row[j]! += a0 * b[b0 + j]! + a1 * b[b1 + j]! + a2 * b[b2 + j]! + a3 * b[b3 + j]!;
        }
        for (; p < k; p++) {
          const av = aRow[p]!;
          const bRow = bOff + p * n;
          for (let j = 0; j < n; j++) row[j]! += av * b[bRow + j]!;
        }
        for (let j = 0; j < n; j++) out[cOff + i * n + j] = row[j]!;
      }
    }
  }
  return out;
}
