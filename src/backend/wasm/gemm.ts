import type { MatmulSpec } from '../backend.js';
import { compileGemm, instantiateGemm, MAX_PAGES, PACK_BYTES, roundUp, runGemmBlock, type GemmBlock, type GemmKernels } from './gemm-block.js';
import { gemmModuleBytes } from './gemm-module.js';
import { canShareMemory, CONTROL_BYTES, gemmThreadSpawner, GemmThreads } from './gemm-threads.js';
import { isThin, thinProduct } from './gemv.js';

const PAGE = 65536;

/** How a bias meets the product: one value per column (a Linear bias) or one per row (a convolution's channel bias). */
export type BiasAlong = 'row' | 'column';

/** Products with fewer multiply-adds than this run on one thread (a fork–join costs tens of microseconds). */
const PARALLEL_MIN_MACS = 1 << 21;

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
 * it grows to the largest product seen and holds no tensor between calls. With `threads` > 1 (and a thread
 * spawner registered), large products are split by columns (or rows) across worker threads sharing the heap.
 */
export class WasmGemm {
  private readonly memory: WebAssembly.Memory;
  private readonly kernels: GemmKernels;
  private readonly pool: GemmThreads | null = null;
  /** The recurrent sequences' shared heap, whose queued products the workers also run. */
  private readonly side: WebAssembly.Memory | null = null;
  private heap: Float32Array;

  constructor(readonly flavour: 'relaxed' | 'simd', readonly threads = 1) {
    const spawn = gemmThreadSpawner();
    const shared = threads > 1 && spawn !== null && canShareMemory();
    this.memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared });
    const module = compileGemm(flavour === 'relaxed', shared);
    this.kernels = instantiateGemm(module, this.memory);
    if (shared) {
      this.side = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
      this.pool = new GemmThreads(this.memory, module, threads - 1, spawn!, this.side);
    } else this.threads = 1;
    this.heap = new Float32Array(this.memory.buffer);
  }

  /** Worker threads started and waiting for work (they come up asynchronously after construction). */
  workersReady(): number {
    return this.pool === null ? 0 : this.pool.ready().length;
  }

  /**
   * A second shared heap and the worker threads that run products queued on it (`GemmThreads.postQueue`),
   * for the whole-sequence recurrent kernels; null on one thread.
   */
  sequenceHeap(): { memory: WebAssembly.Memory; pool: GemmThreads } | null {
    return this.side === null ? null : { memory: this.side, pool: this.pool! };
  }

  /** Ends the worker threads (the instance must not be used afterwards). */
  close(): void {
    this.pool?.stop();
  }

  private reserve(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
    if (this.heap.buffer !== this.memory.buffer || this.heap.length * 4 < bytes) this.heap = new Float32Array(this.memory.buffer);
  }

  /** The GEMM module's kernels on this heap (for products the caller lays out with `regions`). */
  get kernelSet(): GemmKernels {
    return this.kernels;
  }

  /**
   * Heap regions of the given float counts, 64-byte aligned after the control block, for a product the caller
   * lays out itself: their byte offsets, the heap (grown to hold them and every thread's packing space, so
   * valid until the next call that reserves) and the packing space to run the product with (`runBlock`).
   */
  regions(floats: readonly number[]): { at: number[]; heap: Float32Array; work: number } {
    const at: number[] = [];
    let end = CONTROL_BYTES;
    for (const f of floats) {
      at.push(end);
      end += roundUp(f * 4, 64);
    }
    this.reserve(end + this.threads * PACK_BYTES);
    return { at, heap: this.heap, work: end };
  }

  /** Runs one product laid out on the heap (`work` from `regions`), on the worker threads too when it is large. */
  runBlock(block: GemmBlock): void {
    const ids = this.pool !== null && block.m * block.n * block.k >= PARALLEL_MIN_MACS ? this.pool.ready() : [];
    if (ids.length === 0) runGemmBlock(this.kernels, block);
    else this.pool!.run(this.kernels, block, ids);
  }

  /** A product with m, n or k = 1 (gemv.ts), whole operands on the heap. */
  private thin(a: Float32Array, b: Float32Array, s: MatmulSpec, out: Float32Array, bias: Float32Array | null, along: BiasAlong): Float32Array {
    const aOff = CONTROL_BYTES;
    const bOff = aOff + roundUp(a.length * 4 + 16, 64);
    const cOff = bOff + roundUp(b.length * 4 + 16, 64);
    const biasOff = cOff + roundUp(out.length * 4 + 16, 64);
    this.reserve(biasOff + roundUp(Math.max(s.m, s.n) * 4, 64));
    this.heap.set(a, aOff >> 2);
    this.heap.set(b, bOff >> 2);
    thinProduct(this.kernels, aOff, bOff, cOff, s);
    if (bias !== null) {
      this.heap.set(bias, biasOff >> 2);
      if (along === 'row') this.kernels.add_row(cOff, s.batch * s.m, s.n, biasOff);
      else for (let bi = 0; bi < s.batch; bi++) this.kernels.add_col(cOff + bi * s.m * s.n * 4, s.m, s.n, biasOff);
    }
    out.set(this.heap.subarray(cOff >> 2, (cOff >> 2) + out.length));
    return out;
  }

  /**
   * C[b] = op(A[b]) · op(B[b]) for every batch item; returns the [batch, m, n] product. With `bias` (n
   * values, along 'row'), each row of the rounded product gets it added (one float32 addition per element, as
   * a separate add would); along 'column' the bias has m values and bias[i] is added to row i of every C[b].
   */
  matmul(a: Float32Array, b: Float32Array, s: MatmulSpec, bias: Float32Array | null = null, along: BiasAlong = 'row'): Float32Array {
    const { batch, m, k, n, transA, transB } = s;
    const out = new Float32Array(batch * m * n);
    if (batch * m * n === 0 || k === 0) return out;
    if (isThin(s)) return this.thin(a, b, s, out, bias, along);
    const parallel = this.pool !== null && m * n * k >= PARALLEL_MIN_MACS;
    const ids = parallel ? this.pool!.ready() : [];
    // one batch item at a time on the heap: its operands and product stay in cache between the copy in,
    // the packing and the copy out (a whole batch copied at once would go through memory twice)
    const [aItem, bItem, cItem] = [m * k, k * n, m * n];
    const aOff = CONTROL_BYTES;
    const bOff = aOff + roundUp(aItem * 4, 64);
    const cOff = bOff + roundUp(bItem * 4, 64);
    const biasOff = cOff + roundUp(cItem * 4, 64);
    const work = biasOff + roundUp(Math.max(m, n) * 4, 64);
    this.reserve(work + (ids.length + 1) * PACK_BYTES);
    if (bias !== null) this.heap.set(bias, biasOff >> 2);
    const whole: GemmBlock = {
      aBase: aOff, rsA: transA ? 1 : k, csA: transA ? m : 1,
      bBase: bOff, rsB: transB ? k : 1, csB: transB ? 1 : n,
      cBase: cOff, ldc: n, m, n, k, work,
    };
    for (let bi = 0; bi < batch; bi++) {
      if (bi === 0 || s.aBatchStride !== 0) this.heap.set(a.subarray(bi * s.aBatchStride, bi * s.aBatchStride + aItem), aOff >> 2);
      if (bi === 0 || s.bBatchStride !== 0) this.heap.set(b.subarray(bi * s.bBatchStride, bi * s.bBatchStride + bItem), bOff >> 2);
      if (ids.length === 0) runGemmBlock(this.kernels, whole);
      else this.pool!.run(this.kernels, whole, ids);
      if (bias !== null && along === 'row') this.kernels.add_row(cOff, m, n, biasOff);
      else if (bias !== null) this.kernels.add_col(cOff, m, n, biasOff);
      out.set(this.heap.subarray(cOff >> 2, (cOff >> 2) + cItem), bi * cItem);
    }
    return out;
  }
}
