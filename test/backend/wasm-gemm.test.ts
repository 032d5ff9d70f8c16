/**
 * The wasm backend's float32 GEMM against the CPU backend's (double-accumulated) reference, for every
 * transpose combination, shapes that cut every block and register tile (m, n, k below, at and above MR, NR,
 * UNROLL, MC, KC), batched operands with and without a shared matrix, and both kernel flavours (plain SIMD,
 * and relaxed-SIMD FMA where the runtime has it).
 *
 * Tolerance: the float32 accumulation bound of test/helpers/gemm-check.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { matmulKernel } from '../../src/backend/cpu/matmul.js';
import type { MatmulSpec } from '../../src/backend/backend.js';
import { detectSimd, WasmGemm } from '../../src/backend/wasm/gemm.js';
import { Generator } from '../../src/core/random.js';
import { checkGemm } from '../helpers/gemm-check.js';

setFlagsFromString('--experimental-wasm-relaxed-simd');
const flavours = (detectSimd() === 'relaxed' ? ['simd', 'relaxed'] : detectSimd() === 'simd' ? ['simd'] : []) as ('simd' | 'relaxed')[];

test('wasm SIMD is detected on this runtime (Node >= 20 has it)', () => {
  assert.ok(flavours.includes('simd'));
});

for (const flavour of flavours) {
  test(`${flavour} GEMM: every transpose combination over tile- and block-cutting and thin (m, n or k = 1) shapes`, () => {
    const g = new WasmGemm(flavour);
    const gen = new Generator(7);
    const shapes: [number, number, number][] = [
      [1, 1, 1], [3, 5, 7], [4, 4, 16], [1, 300, 17], [33, 300, 1], [40, 1, 50], [1, 9, 1], [5, 3, 17], [4, 300, 16], [129, 9, 33], [7, 257, 1030], [130, 520, 20],
    ];
    for (const [m, k, n] of shapes) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          checkGemm(g, { batch: 1, m, k, n, transA, transB, aBatchStride: m * k, bBatchStride: k * n }, gen);
        }
      }
    }
  });

  test(`${flavour} GEMM: batches, shared operands, k = 0 and empty outputs`, () => {
    const g = new WasmGemm(flavour);
    const gen = new Generator(8);
    checkGemm(g, { batch: 3, m: 6, k: 10, n: 18, transA: false, transB: true, aBatchStride: 60, bBatchStride: 180 }, gen);
    checkGemm(g, { batch: 3, m: 6, k: 10, n: 18, transA: true, transB: false, aBatchStride: 0, bBatchStride: 180 }, gen);
    checkGemm(g, { batch: 2, m: 5, k: 4, n: 3, transA: false, transB: false, aBatchStride: 20, bBatchStride: 0 }, gen);
    const zeroK = g.matmul(new Float32Array(0), new Float32Array(0), { batch: 1, m: 2, k: 0, n: 3, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 });
    assert.deepEqual(Array.from(zeroK), [0, 0, 0, 0, 0, 0]);
    assert.equal(g.matmul(new Float32Array(0), new Float32Array(6), { batch: 1, m: 0, k: 2, n: 3, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 }).length, 0);
  });

  test(`${flavour} GEMM: infinities and NaN propagate as in the reference`, () => {
    const g = new WasmGemm(flavour);
    const a = Float32Array.from([1, Infinity, 0, 2, NaN, 1]);
    const b = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const spec: MatmulSpec = { batch: 1, m: 2, k: 3, n: 2, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 };
    const ref = matmulKernel(a, b, spec, 'float32');
    assert.deepEqual(Array.from(g.matmul(a, b, spec)), Array.from(ref));
  });
}
