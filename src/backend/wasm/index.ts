import type { MatmulSpec, Storage } from '../backend.js';
import { CpuBackend } from '../cpu/index.js';
import { CpuStorage, cpuData } from '../cpu/storage.js';
import { detectSimd, WasmGemm } from './gemm.js';

/**
 * The fast float32 backend: WebAssembly SIMD kernels (GEMM with relaxed-SIMD fused multiply-add where the
 * runtime has it) generated at run time, with everything it does not accelerate — and every float64,
 * int32 and bool computation — done by the reference CPU kernels. Storage is the same plain typed arrays
 * the CPU backend uses; the wasm heap is scratch space for kernel calls, so no tensor lives on it and
 * memory is released by the garbage collector like any other array.
 */
export class WasmBackend extends CpuBackend {
  override readonly name: string = 'wasm';
  private gemmEngine: WasmGemm | null = null;

  /** The SIMD flavour the kernels use, decided when they are first compiled (null until then). */
  get flavour(): 'relaxed' | 'simd' | null {
    return this.gemmEngine === null ? null : this.gemmEngine.flavour;
  }

  private get gemm(): WasmGemm {
    if (this.gemmEngine === null) {
      const flavour = detectSimd();
      this.gemmEngine = new WasmGemm(flavour === 'relaxed' ? 'relaxed' : 'simd');
    }
    return this.gemmEngine;
  }

  override matmul(a: Storage, b: Storage, spec: MatmulSpec): Storage {
    if (a.dtype !== 'float32') return super.matmul(a, b, spec);
    return new CpuStorage(this.gemm.matmul(cpuData(a) as Float32Array, cpuData(b) as Float32Array, spec), 'float32');
  }
}

/** The wasm backend if this runtime has WebAssembly SIMD, else null. */
export function createWasmBackend(): WasmBackend | null {
  return detectSimd() === 'none' ? null : new WasmBackend();
}
