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
  /** out = max(x, 0) over n (a multiple of 4) floats (elementwise-module.ts; relu in a convolution's store). */
  relu(x: number, out: number, n: number): void;
  /** Max of each of `outer` (a multiple of 4) contiguous pairs and the 0/1 index of the first (elementwise-module.ts; max pooling by 2 in a convolution's store). */
  argmax_pairs(x: number, values: number, indices: number, outer: number): void;
  /** out[2i + idx[i]] = 0 + g[i], the other of the pair +0, for n (a multiple of 4) pairs (elementwise-module.ts). */
  scatter_pairs(g: number, idx: number, out: number, n: number): void;
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
 *
 * A batch of items can be one product with grouped operands (`BlockGroups`): the columns of B and C cut into
 * groups of `nGroup` (column J = q·nGroup + r lies in group q at column r, group q `bnStride` / `cnStride`
 * elements after group 0), and k cut into groups of `kGroup` (A's and B's group strides `akStride`,
 * `bkStride`). `col0` is the (grouped) column of the block's first column: a thread's strip of a product.
 * With `accumulate` (1) the product is added to C (whose sums then continue in the same order) instead of stored.
 */
export interface GemmBlock extends BlockGroups {
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

/** The optional grouping of a GemmBlock's columns and depth (absent or 0: one group, plain matrices). */
export interface BlockGroups {
  accumulate?: number;
  col0?: number;
  nGroup?: number;
  bnStride?: number;
  cnStride?: number;
  kGroup?: number;
  akStride?: number;
  bkStride?: number;
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

/**
 * Runs one GEMM block: NC-column panels of B, KC-deep slices, MC-row panels of A, then the macro-kernel;
 * panels and slices end at group boundaries, so each is a plain strided matrix. Every element of C sums its
 * k products in order, slice by slice, whatever the grouping or the column range of the block.
 */
export function runGemmBlock(kernels: GemmKernels, g: GemmBlock): void {
  const { macro } = kernels;
  const apOff = g.work;
  const bpOff = apOff + MC * KC * 4;
  const scratch = bpOff + NC * KC * 4;
  const [col0, ng, kg] = [g.col0 ?? 0, g.nGroup ?? 0, g.kGroup ?? 0];
  for (let jc = 0; jc < g.n;) {
    const q = ng > 0 ? Math.floor((col0 + jc) / ng) : 0;
    const r = col0 + jc - q * ng;
    const nc = Math.min(NC, g.n - jc, ng > 0 ? ng - r : NC);
    const bCol = q * (g.bnStride ?? 0) + r * g.rsB;
    const cCol = q * (g.cnStride ?? 0) + r;
    for (let pc = 0; pc < g.k;) {
      const kq = kg > 0 ? Math.floor(pc / kg) : 0;
      const kr = pc - kq * kg;
      const kc = Math.min(KC, g.k - pc, kg > 0 ? kg - kr : KC);
      const kcPad = roundUp(kc, UNROLL);
      packPanels(kernels, g.bBase + (bCol + kq * (g.bkStride ?? 0) + kr * g.csB) * 4, g.rsB, g.csB, nc, kc, kcPad, NR, bpOff);
      const aDepth = kq * (g.akStride ?? 0) + kr * g.csA;
      for (let ic = 0; ic < g.m; ic += MC) {
        const mc = Math.min(MC, g.m - ic);
        packPanels(kernels, g.aBase + (ic * g.rsA + aDepth) * 4, g.rsA, g.csA, mc, kc, kcPad, MR, apOff);
        macro(apOff, bpOff, g.cBase + (ic * g.ldc + cCol) * 4, g.ldc, mc, nc, kcPad, pc > 0 || g.accumulate === 1 ? 1 : 0, scratch);
      }
      pc += kc;
    }
    jc += nc;
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
