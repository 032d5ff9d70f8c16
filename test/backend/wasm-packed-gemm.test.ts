/**
 * Products on a pre-packed right operand (packed-gemm.ts: `packRight`, `packedProduct` over the GEMM module's
 * `macro_rows`, which reads A in place) against the CPU backend's double-accumulated reference: odd and
 * tile-cutting m, n, k (k not a multiple of UNROLL, more than KC), A with a row stride larger than k, C with a
 * row stride larger than n, and C = A·B as well as C += A·B, for both kernel flavours.
 *
 * Tolerance: the float32 accumulation bound of test/helpers/gemm-check.ts (2·k·u·Σ|a||b|, plus one rounding of
 * the accumulated C for C += A·B).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { matmulKernel } from '../../src/backend/cpu/matmul.js';
import { compileGemm, instantiateGemm } from '../../src/backend/wasm/gemm-block.js';
import { detectSimd } from '../../src/backend/wasm/gemm.js';
import { MR, NR } from '../../src/backend/wasm/gemm-module.js';
import { Layout, packedBytes, packedProduct, packRight } from '../../src/backend/wasm/packed-gemm.js';
import { Generator } from '../../src/core/random.js';
import { values } from '../helpers/gemm-check.js';

setFlagsFromString('--experimental-wasm-relaxed-simd');
const flavours = detectSimd() === 'relaxed' ? [false, true] : [false];
const U = 2 ** -24;

/** Runs one product on a fresh heap and checks every element of C (including the untouched padding columns). */
function check(relaxed: boolean, m: number, k: number, n: number, accumulate: boolean, gen: Generator): void {
  const lda = k + 3;
  const ldc = n + 2;
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 32768 });
  const gemm = instantiateGemm(compileGemm(relaxed, false), memory);
  const lay = new Layout();
  const aAt = lay.floats(m * lda);
  const wAt = lay.floats(n * k);
  const cAt = lay.floats(m * ldc);
  const bpAt = lay.end;
  lay.end += packedBytes(n, k);
  const scratch = lay.floats(MR * NR);
  memory.grow(Math.ceil(lay.end / 65536));
  const heap = new Float32Array(memory.buffer);
  // A row-major with stride lda (the gap filled with NaN: it must not be read); W [n, k] so B = Wᵀ
  const a = values(gen, m * k);
  for (let i = 0; i < m; i++) {
    heap.set(a.subarray(i * k, (i + 1) * k), (aAt >> 2) + i * lda);
    heap.fill(NaN, (aAt >> 2) + i * lda + k, (aAt >> 2) + (i + 1) * lda);
  }
  const w = values(gen, n * k);
  heap.set(w, wAt >> 2);
  const c0 = values(gen, m * ldc);
  heap.set(c0, cAt >> 2);
  const blocks = packRight(gemm, wAt, k, 1, n, k, bpAt);
  packedProduct(gemm, aAt, lda, m, blocks, cAt, ldc, accumulate, scratch);
  const spec = { batch: 1, m, k, n, transA: false, transB: true, aBatchStride: 0, bBatchStride: 0 };
  const ref = matmulKernel(a, w, spec, 'float64');
  const bound = matmulKernel(a.map(Math.abs), w.map(Math.abs), spec, 'float64');
  const got = new Float32Array(memory.buffer, cAt, m * ldc);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < ldc; j++) {
      const at = i * ldc + j;
      const where = `${relaxed ? 'relaxed' : 'simd'} m=${m} k=${k} n=${n} accumulate=${accumulate} (${i}, ${j})`;
      if (j >= n) {
        assert.equal(got[at], c0[at], `${where}: a column past n was written`);
        continue;
      }
      const base = accumulate ? c0[at]! : 0;
      const expected = base + ref[i * n + j]!;
      const tol = 2 * k * U * bound[i * n + j]! + 2 * U * Math.abs(expected) + 1e-30;
      if (!(Math.abs(got[at]! - expected) <= tol)) assert.fail(`${where}: ${got[at]}, reference ${expected} (tolerance ${tol})`);
    }
  }
}

for (const relaxed of flavours) {
  test(`${relaxed ? 'relaxed' : 'simd'} packedProduct: odd and tile-cutting shapes, k past KC, accumulate on and off`, () => {
    const gen = new Generator(11);
    const shapes: [number, number, number][] = [
      [1, 1, 1], [3, 5, 7], [4, 4, 16], [5, 6, 17], [32, 64, 256], [32, 256, 64], [33, 13, 31], [7, 259, 20], [130, 9, 33], [2, 300, 1],
    ];
    for (const [m, k, n] of shapes) for (const accumulate of [false, true]) check(relaxed, m, k, n, accumulate, gen);
  });
}
