/**
 * The float32 recurrent step products of the wasm backend on the SIMD GEMM: forward a = h_prev·W_hhᵀ and
 * backward ∂h_prev = dA·W_hh. The fused cells' gate arithmetic is the reference backend's
 * (cpu/recurrent.ts), which takes these products in place of its own; ∂W_hh for all steps is formed by the
 * caller as one GEMM. The products accumulate in float32 (the reference in double), so results agree with
 * the reference to float32 rounding, not bit for bit.
 */
import type { TypedArray } from '../../core/dtype.js';
import type { RecurrentProducts } from '../cpu/recurrent.js';
import type { WasmGemm } from './gemm.js';

const asF32 = (x: TypedArray | Float64Array): Float32Array => (x instanceof Float32Array ? x : Float32Array.from(x));

/** Recurrent products on the GEMM that `gemm()` returns at the time of each call (it changes with the thread count). */
export function wasmRecurrentProducts(gemm: () => WasmGemm): RecurrentProducts {
  return {
    hidden: (h, w, batch, rows, stateSize) => Float64Array.from(gemm().matmul(asF32(h), asF32(w), {
      batch: 1, m: batch, k: stateSize, n: rows, transA: false, transB: true, aBatchStride: 0, bBatchStride: 0,
    })),
    stateGrad: (dA, w, batch, rows, stateSize) => Float64Array.from(gemm().matmul(asF32(dA), asF32(w), {
      batch: 1, m: batch, k: rows, n: stateSize, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0,
    })),
  };
}
