import type { MatmulSpec } from '../backend.js';

/**
 * Products with one output row, one output column or k = 1 (matrix–vector, vector–matrix, outer product):
 * packing them into register tiles would waste most of each tile, so they run as plain loops over the
 * operands in place, accumulating in double precision. Fills `out` ([batch, m, n]) and returns true, or
 * returns false for other shapes.
 */
export function thinProduct(a: Float32Array, b: Float32Array, s: MatmulSpec, out: Float32Array): boolean {
  const { batch, m, k, n, transA, transB } = s;
  if (m !== 1 && n !== 1 && k !== 1) return false;
  const rsA = transA ? 1 : k;
  const csA = transA ? m : 1;
  const rsB = transB ? 1 : n; // B(p, j) = b[p·rsB + j·csB]
  const csB = transB ? k : 1;
  for (let bi = 0; bi < batch; bi++) {
    const aOff = bi * s.aBatchStride;
    const bOff = bi * s.bBatchStride;
    const cOff = bi * m * n;
    if (k === 1) {
      for (let i = 0; i < m; i++) {
        const av = a[aOff + i * rsA]!;
        for (let j = 0; j < n; j++) out[cOff + i * n + j] = av * b[bOff + j * csB]!;
      }
    } else if (n === 1) {
      for (let i = 0; i < m; i++) {
        let acc = 0;
        for (let p = 0, ai = aOff + i * rsA, bj = bOff; p < k; p++, ai += csA, bj += rsB) acc += a[ai]! * b[bj]!;
        out[cOff + i] = acc;
      }
    } else if (transB) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let p = 0, ai = aOff, bj = bOff + j * csB; p < k; p++, ai += csA, bj += rsB) acc += a[ai]! * b[bj]!;
        out[cOff + j] = acc;
      }
    } else {
      const row = new Float64Array(n);
      for (let p = 0; p < k; p++) {
        const av = a[aOff + p * csA]!;
        const bRow = bOff + p * rsB;
        for (let j = 0; j < n; j++) row[j]! += av * b[bRow + j]!;
      }
      out.set(row, cOff);
    }
  }
  return true;
}
