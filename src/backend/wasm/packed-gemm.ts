/**
 * GEMM on operands already on a wasm heap, with a right operand packed once and reused (the recurrent weights
 * over all time steps): packing into the panels of gemm-module.ts and the products of the macro-kernel, plus a
 * bump allocator for heap regions.
 */
import { KC, MC, NC, packPanels, roundUp, type GemmKernels } from './gemm-block.js';
import { NR, UNROLL } from './gemm-module.js';

/** Alignment of heap regions, in bytes. */
export const ALIGN = 64;

/** Byte regions of the heap handed out in order, 64-byte aligned. */
export class Layout {
  end = 0;
  floats(n: number): number {
    const at = this.end;
    this.end += roundUp(n * 4, ALIGN);
    return at;
  }
}

/** One block of a pre-packed GEMM right operand: columns jc… of C, k-slice pc… */
export interface PackedBlock {
  jc: number;
  nc: number;
  pc: number;
  kc: number;
  kcPad: number;
  at: number;
}

/** Bytes a pre-packed right operand of n columns and depth k takes. */
export function packedBytes(n: number, k: number): number {
  let bytes = 0;
  for (let pc = 0; pc < k; pc += KC) {
    const kcPad = roundUp(Math.min(KC, k - pc), UNROLL);
    for (let jc = 0; jc < n; jc += NC) bytes += roundUp(Math.min(NC, n - jc), NR) * kcPad * 4;
  }
  return bytes;
}

/** Packs Bᵀ (element (j, p) at src + 4·(j·rs + p·cs), n × k) into GEMM panels at `dst`. */
export function packRight(gemm: GemmKernels, src: number, rs: number, cs: number, n: number, k: number, dst: number): PackedBlock[] {
  const blocks: PackedBlock[] = [];
  let at = dst;
  for (let pc = 0; pc < k; pc += KC) {
    const kc = Math.min(KC, k - pc);
    const kcPad = roundUp(kc, UNROLL);
    for (let jc = 0; jc < n; jc += NC) {
      const nc = Math.min(NC, n - jc);
      packPanels(gemm, src + (jc * rs + pc * cs) * 4, rs, cs, nc, kc, kcPad, NR, at);
      blocks.push({ jc, nc, pc, kc, kcPad, at });
      at += roundUp(nc, NR) * kcPad * 4;
    }
  }
  return blocks;
}

/**
 * C (m rows, row stride ldc) = or += A·B with A row-major m × k at `a` (row stride lda), read in place by the
 * micro-kernel (`macro_rows`: no packed copy of A), and B pre-packed; `scratch` holds an edge tile.
 */
export function packedProduct(
  gemm: GemmKernels, a: number, lda: number, m: number, b: PackedBlock[], c: number, ldc: number, accumulate: boolean, scratch: number,
): void {
  for (let ic = 0; ic < m; ic += MC) {
    const mc = Math.min(MC, m - ic);
    for (const blk of b) {
      gemm.macro_rows(
        a + (ic * lda + blk.pc) * 4, lda, blk.at, c + (ic * ldc + blk.jc) * 4, ldc, mc, blk.nc, blk.kc, blk.kcPad, accumulate || blk.pc > 0 ? 1 : 0, scratch,
      );
    }
  }
}
