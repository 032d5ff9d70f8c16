import type { LinearBackwardSpec, MatmulSpec } from '../backend.js';
import { compileGemm, instantiateGemm, MAX_PAGES, PACK_BYTES, roundUp, runGemmBlock, type GemmBlock, type GemmKernels } from './gemm-block.js';
import { gemmModuleBytes } from './gemm-module.js';
import { canShareMemory, CONTROL_BYTES, gemmThreadSpawner, GemmThreads } from './gemm-threads.js';
import { isThin, thinProduct } from './gemv.js';
import { floatRegionBytes, HeapPlan, ResidentArrays } from './heap-plan.js';

const PAGE = 65536;

/** How a bias meets the product: one value per column (a Linear bias) or one per row (a convolution's channel bias). */
export type BiasAlong = 'row' | 'column';

/** The gradients `WasmGemm.linearBackward` forms (null where not asked for). */
export interface LinearGrads {
  gradX: Float32Array | null;
  gradWeight: Float32Array | null;
  gradBias: Float32Array | null;
}

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
  private readonly resident = new ResidentArrays();

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
    this.resident.take(); // the caller writes the heap: nothing left there by the previous call survives
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
    this.runWhole(block, this.threadIds(block));
  }

  /** The worker slots a product of these sizes is split over (none: the caller alone). */
  private threadIds(s: Pick<MatmulSpec, 'm' | 'n' | 'k'>): number[] {
    return this.pool !== null && s.m * s.n * s.k >= PARALLEL_MIN_MACS ? this.pool.ready() : [];
  }

  /** A product with m, n or k = 1 (gemv.ts), whole operands on the heap. */
  private thin(a: Float32Array, b: Float32Array, s: MatmulSpec, out: Float32Array, bias: Float32Array | null, along: BiasAlong, relu: boolean): Float32Array {
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
    if (relu) this.kernels.relu(cOff, cOff, roundUp(out.length, 4));
    out.set(this.heap.subarray(cOff >> 2, (cOff >> 2) + out.length));
    return out;
  }

  /**
   * C[b] = op(A[b]) · op(B[b]) for every batch item; returns the [batch, m, n] product. With `bias` (n
   * values, along 'row'), each row of the rounded product gets it added (one float32 addition per element, as
   * a separate add would); along 'column' the bias has m values and bias[i] is added to row i of every C[b].
   * With `relu`, max(·, 0) is applied to C after the bias (a Linear layer's ReLU in the product's store), as
   * the relu kernel would. A single product (batch 1) reads operands the previous call left on the heap.
   */
  matmul(a: Float32Array, b: Float32Array, s: MatmulSpec, bias: Float32Array | null = null, along: BiasAlong = 'row', relu = false): Float32Array {
    const { batch, m, k, n, transA, transB } = s;
    const prior = this.resident.take();
    const out = new Float32Array(batch * m * n);
    if (batch * m * n === 0 || k === 0) return out;
    if (batch === 1) return this.single(a, b, s, out, bias, along, relu, prior);
    if (isThin(s)) return this.thin(a, b, s, out, bias, along, relu);
    const ids = this.threadIds(s);
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
      this.runWhole(whole, ids);
      this.epilogue(cOff, m, n, bias === null ? -1 : biasOff, along, relu);
      out.set(this.heap.subarray(cOff >> 2, (cOff >> 2) + cItem), bi * cItem);
    }
    return out;
  }

  /**
   * `matmul` of one item: A and B read where the heap still holds them from the previous call
   * (`ResidentArrays`) or copied in, the product (thin or tiled), bias and ReLU formed there, and A, B and C
   * recorded as resident for the next call. The kernels and their order are those of the batched path.
   */
  private single(
    a: Float32Array, b: Float32Array, s: MatmulSpec, out: Float32Array, bias: Float32Array | null, along: BiasAlong, relu: boolean,
    prior: Map<Float32Array, number>,
  ): Float32Array {
    const plan = new HeapPlan(CONTROL_BYTES);
    const [aOff, bOff] = this.placeInputs(plan, prior, [a, b]);
    const cOff = plan.alloc(floatRegionBytes(out.length));
    const biasOff = bias === null ? 0 : plan.alloc(floatRegionBytes(bias.length));
    const work = plan.alloc(this.threads * PACK_BYTES);
    this.reserve(plan.end);
    this.copyIn(prior, [a, aOff], [b, bOff]);
    if (bias !== null) this.heap.set(bias, biasOff >> 2);
    this.productOnHeap(aOff, bOff, cOff, s, work);
    this.epilogue(cOff, s.m, s.n, bias === null ? -1 : biasOff, along, relu);
    out.set(this.heap.subarray(cOff >> 2, (cOff >> 2) + out.length));
    this.resident.record(a, aOff);
    this.resident.record(b, bOff);
    this.resident.record(out, cOff);
    return out;
  }

  /** The store's epilogue on one m × n product at cOff: the bias at biasOff (none when −1) along rows or columns, then ReLU. */
  private epilogue(cOff: number, m: number, n: number, biasOff: number, along: BiasAlong, relu: boolean): void {
    if (biasOff >= 0 && along === 'row') this.kernels.add_row(cOff, m, n, biasOff);
    else if (biasOff >= 0) this.kernels.add_col(cOff, m, n, biasOff);
    if (relu) this.kernels.relu(cOff, cOff, roundUp(m * n, 4));
  }

  /** Heap offsets for `arrays`: where the previous call left them (kept first), else newly allocated. */
  private placeInputs(plan: HeapPlan, prior: Map<Float32Array, number>, arrays: readonly (Float32Array | null)[]): number[] {
    for (const x of arrays) if (x !== null && prior.has(x)) plan.keep(prior.get(x)!, floatRegionBytes(x.length));
    return arrays.map((x) => (x === null ? -1 : prior.get(x) ?? plan.alloc(floatRegionBytes(x.length))));
  }

  /** Copies each array not resident at its offset onto the heap (after `reserve`). */
  private copyIn(prior: Map<Float32Array, number>, ...placed: [Float32Array | null, number][]): void {
    for (const [x, at] of placed) if (x !== null && prior.get(x) !== at) this.heap.set(x, at >> 2);
  }

  /** Runs one whole (non-thin) product on the heap, on the caller alone or split over the workers `ids`. */
  private runWhole(whole: GemmBlock, ids: number[]): void {
    if (ids.length === 0) runGemmBlock(this.kernels, whole);
    else this.pool!.run(this.kernels, whole, ids);
  }

  /** A single product (spec.batch 1) of operands already on the heap into C at cOff (followed by 16 bytes of scratch). */
  private productOnHeap(aOff: number, bOff: number, cOff: number, s: MatmulSpec, work: number): void {
    if (isThin(s)) {
      thinProduct(this.kernels, aOff, bOff, cOff, s);
      return;
    }
    const { m, k, n, transA, transB } = s;
    this.runWhole({
      aBase: aOff, rsA: transA ? 1 : k, csA: transA ? m : 1,
      bBase: bOff, rsB: transB ? k : 1, csB: transB ? 1 : n,
      cBase: cOff, ldc: n, m, n, k, work,
    }, this.threadIds(s));
  }

  /**
   * The gradients of a Linear layer y = act(x·Wᵀ + b) from ∂L/∂y = `g` [m, n], with the operands copied onto
   * the heap once: with `y` (the layer's output, act = ReLU) the gradient is first masked in place, g' = y > 0 ?
   * g : +0 (the relu_grad kernel); then ∂b = Σ_rows g' (column_sums, the arithmetic of `sumF32`), ∂x = g'·W
   * (`matmul` of g' and W, neither transposed) and ∂W = g'ᵀ·x (`matmul` with A transposed) — the products and
   * kernels the separate ops run, so the same numbers, without copying g' off the heap and on again. Null for
   * an empty operand (the ops handle those).
   */
  linearBackward(g: Float32Array, y: Float32Array | null, x: Float32Array, w: Float32Array, s: LinearBackwardSpec): LinearGrads | null {
    const { m, k, n } = s;
    const prior = this.resident.take();
    if (m === 0 || k === 0 || n === 0) return null;
    const plan = new HeapPlan(CONTROL_BYTES);
    const [gOff, yOff, xOff, wOff] = this.placeInputs(plan, prior, [g, y, s.needWeight ? x : null, s.needX ? w : null]) as [number, number, number, number];
    const gxOff = s.needX ? plan.alloc(floatRegionBytes(m * k)) : -1;
    const gwOff = s.needWeight ? plan.alloc(floatRegionBytes(n * k)) : -1;
    const gbOff = plan.alloc(floatRegionBytes(n));
    const work = plan.alloc(this.threads * PACK_BYTES);
    this.reserve(plan.end);
    const heap = this.heap;
    this.copyIn(prior, [g, gOff], [y, yOff], [s.needWeight ? x : null, xOff], [s.needX ? w : null, wOff]);
    if (y !== null) this.kernels.relu_grad(yOff, gOff, gOff, roundUp(m * n, 4));
    const grads: LinearGrads = { gradX: null, gradWeight: null, gradBias: null };
    const take = (off: number, len: number): Float32Array => heap.slice(off >> 2, (off >> 2) + len);
    if (s.needBias) {
      this.kernels.column_sums(gOff, m, n, gbOff);
      grads.gradBias = take(gbOff, n);
    }
    if (s.needX) {
      this.productOnHeap(gOff, wOff, gxOff, { batch: 1, m, k: n, n: k, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 }, work);
      grads.gradX = take(gxOff, m * k);
      this.resident.record(w, wOff);
      this.resident.record(grads.gradX, gxOff);
    }
    if (s.needWeight) {
      this.productOnHeap(gOff, xOff, gwOff, { batch: 1, m: n, k: m, n: k, transA: true, transB: false, aBatchStride: 0, bBatchStride: 0 }, work);
      grads.gradWeight = take(gwOff, n * k);
      this.resident.record(x, xOff);
      this.resident.record(grads.gradWeight, gwOff);
    }
    // the masked gradient is no longer g's values; y and an unmasked g are
    if (y !== null) this.resident.record(y, yOff);
    else this.resident.record(g, gOff);
    return grads;
  }
}
