import { gemmModuleBytes, MR, NR, UNROLL } from './gemm-module.js';
import type { ThinKernels } from './gemv.js';

/** Rows of A packed per block (a multiple of MR): the packed A block (MC × KC floats) stays in L2. */
export const MC = 128;
/** k extent of a block: one packed B panel (KC × NR floats) stays in L1. */
export const KC = 256;
/** Columns of B packed per block (a multiple of NR). */
export const NC = 1024;
/** Largest wasm heap, in 64 KiB pages (2 GiB). */
export const MAX_PAGES = 32768;

/** The exports of the GEMM module (gemm-module.ts). */
export interface GemmKernels extends ThinKernels {
  pack(src: number, rs: number, cs: number, rows: number, cols: number, colsPad: number, panel: number, dst: number): void;
  /** Whole panels with a unit stride on one side, vectorised (gemm-pack.ts). */
  pack_full(src: number, rs: number, cs: number, rows: number, cols: number, colsPad: number, panel: number, dst: number): void;
  macro(ap: number, bp: number, c: number, ldc: number, mc: number, nc: number, kcPad: number, accumulate: number, scratch: number): void;
  /** `macro` reading A in place (row-major, row stride lda) for k < kc, B packed to depth kcPad (gemm-module.ts). */
  macro_rows(a: number, lda: number, bp: number, c: number, ldc: number, mc: number, nc: number, kc: number, kcPad: number, accumulate: number, scratch: number): void;
  /** dst[offs[r] + j] += src[r·len + j], rows in order (elementwise-module.ts; col2im from the heap). */
  accumulate_rows(dst: number, src: number, rows: number, len: number, offs: number): void;
  /** out = max(x, 0) over n (a multiple of 4) values (elementwise-module.ts; may be in place). */
  relu(x: number, out: number, n: number): void;
  /** out = y > 0 ? g : +0 over n (a multiple of 4) values (elementwise-module.ts; may be in place on g). */
  relu_grad(y: number, g: number, out: number, n: number): void;
  /** dst[j] = Σ_i x[i·n + j], with sumF32's double-precision arithmetic (column-sum.ts). */
  column_sums(x: number, rows: number, n: number, dst: number): void;
}

export const roundUp = (v: number, to: number): number => Math.ceil(v / to) * to;

/** Bytes of packing space one thread needs: an A block, a B block and one edge tile. */
export const PACK_BYTES = MC * KC * 4 + NC * KC * 4 + 64 * NR * 4;

/**
 * One GEMM C = A·B of m×k by k×n on the heap, byte addresses and element strides: A's element (i, p) at
 * aBase + 4·(i·rsA + p·csA), Bᵀ's element (j, p) at bBase + 4·(j·rsB + p·csB), C row-major with row
 * stride ldc. `work` is the thread's packing space (PACK_BYTES).
 */
export interface GemmBlock {
  aBase: number;
  rsA: number;
  csA: number;
  bBase: number;
  rsB: number;
  csB: number;
  cBase: number;
  ldc: number;
  m: number;
  n: number;
  k: number;
  work: number;
}

/**
 * Packs rows × cols (element (i, p) at src + 4·(i·rs + p·cs)) into P-row panels, the layout of the module's
 * `pack`: whole panels vectorised (`pack_full`) when a stride is 1, the rest by the scalar kernel.
 */
export function packPanels(kernels: GemmKernels, src: number, rs: number, cs: number, rows: number, cols: number, colsPad: number, P: number, dst: number): void {
  const whole = rs === 1 || cs === 1 ? rows - (rows % P) : 0;
  if (whole > 0) kernels.pack_full(src, rs, cs, whole, cols, colsPad, P, dst);
  if (whole < rows) kernels.pack(src + whole * rs * 4, rs, cs, rows - whole, cols, colsPad, P, dst + whole * colsPad * 4);
}

/** Runs one GEMM block: NC-column panels of B, KC-deep slices, MC-row panels of A, then the macro-kernel. */
export function runGemmBlock(kernels: GemmKernels, g: GemmBlock): void {
  const { macro } = kernels;
  const apOff = g.work;
  const bpOff = apOff + MC * KC * 4;
  const scratch = bpOff + NC * KC * 4;
  for (let jc = 0; jc < g.n; jc += NC) {
    const nc = Math.min(NC, g.n - jc);
    for (let pc = 0; pc < g.k; pc += KC) {
      const kc = Math.min(KC, g.k - pc);
      const kcPad = roundUp(kc, UNROLL);
      packPanels(kernels, g.bBase + (jc * g.rsB + pc * g.csB) * 4, g.rsB, g.csB, nc, kc, kcPad, NR, bpOff);
      for (let ic = 0; ic < g.m; ic += MC) {
        const mc = Math.min(MC, g.m - ic);
        packPanels(kernels, g.aBase + (ic * g.rsA + pc * g.csA) * 4, g.rsA, g.csA, mc, kc, kcPad, MR, apOff);
        macro(apOff, bpOff, g.cBase + (ic * g.ldc + jc) * 4, g.ldc, mc, nc, kcPad, pc > 0 ? 1 : 0, scratch);
      }
    }
  }
}

/** Instantiates the GEMM kernels over `memory`. */
export function instantiateGemm(module: WebAssembly.Module, memory: WebAssembly.Memory): GemmKernels {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as GemmKernels;
}

/** Compiles the GEMM module for a memory of the given sharing. */
export function compileGemm(relaxed: boolean, shared: boolean): WebAssembly.Module {
  return new WebAssembly.Module(gemmModuleBytes(relaxed, { initialPages: 1, maximumPages: MAX_PAGES, shared }));
}
