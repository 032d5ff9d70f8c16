import type { MatmulSpec } from '../backend.js';

/** The thin-product kernels of the GEMM module (gemv-module.ts). */
export interface ThinKernels {
  dot_rows(x: number, ldx: number, v: number, y: number, rows: number, len: number): void;
  axpy_rows(x: number, ldx: number, v: number, y: number, rows: number, len: number): void;
  add_row(c: number, rows: number, n: number, bias: number): void;
  add_col(c: number, rows: number, n: number, bias: number): void;
}

/** Whether a product has one output row, one output column or k = 1 (see `thinProduct`). */
export const isThin = (s: MatmulSpec): boolean => s.m === 1 || s.n === 1 || s.k === 1;

/**
 * Products with one output row, one output column or k = 1 (matrix–vector, vector–matrix, outer product):
 * packing them into register tiles would waste most of each tile, so they run as dot products or scaled
 * row sums over the operands in place on the heap (A at `aOff`, B at `bOff`, byte addresses; C [batch, m, n]
 * written at `cOff`, followed by at least 16 bytes of scratch). Float32 accumulation, as the tiled GEMM.
 */
export function thinProduct(kernels: ThinKernels, aOff: number, bOff: number, cOff: number, s: MatmulSpec): void {
  const { batch, m, k, n, transA, transB } = s;
  for (let bi = 0; bi < batch; bi++) {
    const a = aOff + bi * s.aBatchStride * 4;
    const b = bOff + bi * s.bBatchStride * 4;
    const c = cOff + bi * m * n * 4;
    if (k === 1) {
      // C(i, :) = A(i, 0)·B(0, :), B's single row contiguous; rows in order (each overruns into the next)
      const rsA = transA ? 1 : k;
      for (let i = 0; i < m; i++) kernels.axpy_rows(b, 0, a + i * rsA * 4, c + i * n * 4, 1, n);
    } else if (n === 1) {
      // C(i) = Σ_p A(i, p)·B(p, 0), B's single column contiguous
      if (transA) kernels.axpy_rows(a, m, b, c, k, m);
      else kernels.dot_rows(a, k, b, c, m, k);
    } else if (transB) {
      // m = 1: C(0, j) = Σ_p A(0, p)·B(p, j) with B stored [n, k]
      kernels.dot_rows(b, k, a, c, n, k);
    } else {
      kernels.axpy_rows(b, n, a, c, k, n);
    }
  }
}
