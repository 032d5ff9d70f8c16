import type { MatmulSpec } from '../backend.js';
import { gemmModuleBytes, MR, NR, UNROLL } from './gemm-module.js';

/** Rows of A packed per block (a multiple of MR): the packed A block (MC × KC floats) stays in L2. */
const MC = 128;
/** k extent of a block: one packed B panel (KC × NR floats) stays in L1. */
const KC = 256;
/** Columns of B packed per block (a multiple of NR). */
const NC = 1024;
const PAGE = 65536;
const MAX_PAGES = 32768;

interface GemmExports {
  pack(src: number, rs: number, cs: number, rows: number, cols: number, colsPad: number, panel: number, dst: number): void;
  macro(ap: number, bp: number, c: number, ldc: number, mc: number, nc: number, kcPad: number, accumulate: number, scratch: number): void;
}

const roundUp = (v: number, to: number): number => Math.ceil(v / to) * to;

/** Which SIMD flavour this runtime compiles: relaxed SIMD (fused multiply-add), plain SIMD, or none. */
export function detectSimd(): 'relaxed' | 'simd' | 'none' {
  if (typeof WebAssembly !== 'object') return 'none';
  const memory = { initialPages: 1, maximumPages: MAX_PAGES, shared: false };
  try {
    if (WebAssembly.validate(gemmModuleBytes(true, memory))) return 'relaxed';
    if (WebAssembly.validate(gemmModuleBytes(false, memory))) return 'simd';
  } catch {
    // a runtime that cannot even parse the module has no usable SIMD
  }
  return 'none';
}

/**
 * Float32 GEMM on a private wasm heap. Operands are copied into the heap, packed into panels (every
 * transpose combination becomes the same panel layout), multiplied block by block (KC × NC panels of B,
 * MC × KC panels of A, MR × NR register tiles) and the result copied out. The heap is scratch space only:
 * it grows to the largest product seen and holds no tensor between calls.
 */
export class WasmGemm {
  private readonly memory: WebAssembly.Memory;
  private readonly kernels: GemmExports;
  private heap: Float32Array;

  constructor(readonly flavour: 'relaxed' | 'simd') {
    this.memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES });
    const bytes = gemmModuleBytes(flavour === 'relaxed', { initialPages: 1, maximumPages: MAX_PAGES, shared: false });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: this.memory } });
    this.kernels = instance.exports as unknown as GemmExports;
    this.heap = new Float32Array(this.memory.buffer);
  }

  private reserve(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
    if (this.heap.buffer !== this.memory.buffer) this.heap = new Float32Array(this.memory.buffer);
  }

  /** C[b] = op(A[b]) · op(B[b]) for every batch item; returns the [batch, m, n] product. */
  matmul(a: Float32Array, b: Float32Array, s: MatmulSpec): Float32Array {
    const { batch, m, k, n } = s;
    const out = new Float32Array(batch * m * n);
    if (out.length === 0 || k === 0) return out;
    const aOff = 0;
    const bOff = roundUp(a.length * 4, 64);
    const cOff = bOff + roundUp(b.length * 4, 64);
    const apOff = cOff + roundUp(out.length * 4, 64);
    const bpOff = apOff + MC * roundUp(KC, UNROLL) * 4;
    const scratch = bpOff + roundUp(Math.min(n, NC), NR) * roundUp(KC, UNROLL) * 4;
    this.reserve(scratch + MR * NR * 4);
    this.heap.set(a, aOff >> 2);
    this.heap.set(b, bOff >> 2);
    for (let bi = 0; bi < batch; bi++) {
      this.gemm(aOff + bi * s.aBatchStride * 4, bOff + bi * s.bBatchStride * 4, cOff + bi * m * n * 4, s, apOff, bpOff, scratch);
    }
    out.set(this.heap.subarray(cOff >> 2, (cOff >> 2) + out.length));
    return out;
  }

  private gemm(aBase: number, bBase: number, cBase: number, s: MatmulSpec, apOff: number, bpOff: number, scratch: number): void {
    const { m, k, n, transA, transB } = s;
    const { pack, macro } = this.kernels;
    // element (i, p) of A and (j, p) of Bᵀ as (row stride, column stride)
    const rsA = transA ? 1 : k;
    const csA = transA ? m : 1;
    const rsB = transB ? k : 1;
    const csB = transB ? 1 : n;
    for (let jc = 0; jc < n; jc += NC) {
      const nc = Math.min(NC, n - jc);
      for (let pc = 0; pc < k; pc += KC) {
        const kc = Math.min(KC, k - pc);
        const kcPad = roundUp(kc, UNROLL);
        pack(bBase + (jc * rsB + pc * csB) * 4, rsB, csB, nc, kc, kcPad, NR, bpOff);
        for (let ic = 0; ic < m; ic += MC) {
          const mc = Math.min(MC, m - ic);
          pack(aBase + (ic * rsA + pc * csA) * 4, rsA, csA, mc, kc, kcPad, MR, apOff);
          macro(apOff, bpOff, cBase + (ic * n + jc) * 4, n, mc, nc, kcPad, pc > 0 ? 1 : 0, scratch);
        }
      }
    }
  }
}
