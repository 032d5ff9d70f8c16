/**
 * Whole-sequence float32 LSTM and GRU (one layer direction) on the wasm heap, for
 * `Backend.recurrentSequence`: the input projection, W_hh packed once into GEMM panels, the states, the saved
 * gates and the outputs all stay on a heap of this module's own for the T steps; each step is one GEMM of the
 * packed kernels (gemm-module.ts) accumulating h_prev·W_hhᵀ straight into the step's gate rows and one call of
 * the SIMD gate kernel (recurrent-kernels.ts). What the backward needs stays on the heap until the backward
 * (see `WasmRecurrent`), which runs every step's gate gradients and state-gradient GEMM the same way, then
 * ∂W_hh, ∂W_ih and the bias sums for all steps at once. Float32 throughout (products accumulate in float32, the gate
 * functions are the vectorised ones of simd-math.ts), so results agree with the double-precision reference
 * kernels to float32 rounding, not bit for bit.
 */
import type { RecurrentSequenceSpec } from '../backend.js';
import { compileGemm, instantiateGemm, MAX_PAGES, PACK_BYTES, roundUp, runGemmBlock, type GemmKernels } from './gemm-block.js';
import { CONTROL_BYTES, type GemmThreads } from './gemm-threads.js';
import { MR, NR } from './gemm-module.js';
import { stridedCopy } from '../cpu/elementwise-f32.js';
import { ALIGN, Layout, packedBytes, packedProduct, packRight } from './packed-gemm.js';
import { instantiateGates, type GateKernels } from './recurrent-kernels.js';
import { plan, type Plan } from './recurrent-plan.js';
import { weightGradScratchBytes, WeightGradQueue } from './recurrent-weight-grads.js';

const PAGE = 65536;

/** One fused layer direction's sizes and options (the Backend contract's spec). */
export type SequenceShape = RecurrentSequenceSpec;

/** What the backward of one forward run returns (float32, fresh arrays). */
export interface SequenceGrads {
  /** ∂L/∂x [T, B, F] (null when not asked for). */
  gradX: Float32Array | null;
  /** ∂L/∂W_ih [G·H, F] (null without an input weight). */
  gradWIH: Float32Array | null;
  /** ∂L/∂(input-side bias) [G·H] = Σ over steps and rows of the projection's gradient (null without a bias). */
  gradBias: Float32Array | null;
  /** ∂L/∂b_hh [3H] of the GRU (null without one). */
  gradBHH: Float32Array | null;
  /** ∂L/∂h0 (and ∂L/∂c0) [B, H]. */
  gradState: Float32Array[];
  gradWHH: Float32Array;
}

/** A forward run: the packed outputs and the backward that uses what the run saved. */
export interface SequenceRun {
  /** Outputs [T·B·H] (zeros past each row's length), h_T [B·H], and for the LSTM c_T [B·H]. */
  packed: Float32Array;
  backward(gradPacked: Float32Array, needX: boolean): SequenceGrads;
}

/** The operands of one run, kept by its backward. */
interface Inputs {
  x: Float32Array;
  wIH: Float32Array | null;
  bias: Float32Array | null;
  state0: readonly Float32Array[];
  w: Float32Array;
  bHH: Float32Array | null;
}

/** A run's saved area: on the heap while it is the resident run, else a copy (or nothing once its backward ran). */
interface Saved {
  /** End of the saved area (it starts at CONTROL_BYTES). */
  bytes: number;
  copy: Float32Array | null;
  /** Its backward has not run yet. */
  pending: boolean;
}

/**
 * Runs fused LSTM/GRU layer directions on a heap of its own (grown to the largest sequence, then reused),
 * with the GEMM kernels (relaxed-SIMD FMA or plain SIMD) and the gate kernels instantiated over it. The
 * saved area of the latest run stays on the heap, so a forward followed by its backward copies nothing; a run
 * that is displaced before its backward is copied out, and one displaced after it is recomputed should a
 * second backward (retainGraph) come.
 *
 * Given a shared heap with worker threads (`WasmGemm.sequenceHeap`, on more than one thread), a worker
 * computes the backward's weight gradients block by block while this thread runs the recurrence
 * (recurrent-weight-grads.ts); the results are the same bits as on one thread.
 */
export class WasmRecurrent {
  private readonly memory: WebAssembly.Memory;
  private readonly gemm: GemmKernels;
  private readonly gates: GateKernels;
  private pool: GemmThreads | null = null;
  private heap: Float32Array;
  private heapI32: Int32Array;
  private resident: Saved | null = null;

  constructor(relaxed: boolean, shared: { memory: WebAssembly.Memory; pool: GemmThreads } | null = null) {
    this.memory = shared?.memory ?? new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES });
    this.gemm = instantiateGemm(compileGemm(relaxed, shared !== null), this.memory);
    this.gates = instantiateGates(this.memory, MAX_PAGES, relaxed, shared !== null);
    this.pool = shared?.pool ?? null;
    this.heap = new Float32Array(this.memory.buffer);
    this.heapI32 = new Int32Array(this.memory.buffer);
  }

  /** Worker threads started and waiting for work (they come up asynchronously). */
  workersReady(): number {
    return this.pool === null ? 0 : this.pool.ready().length;
  }

  /** Stops using the worker threads (their owner is ending them); later runs use this thread alone. */
  close(): void {
    this.pool = null;
  }

  private reserve(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
    if (this.heap.buffer !== this.memory.buffer || this.heap.length * 4 < bytes) {
      this.heap = new Float32Array(this.memory.buffer);
      this.heapI32 = new Int32Array(this.memory.buffer);
    }
  }

  /** Frees the saved area for another run, copying the resident run out when its backward is still to come. */
  private evict(): void {
    const r = this.resident;
    if (r !== null && r.pending) r.copy = this.heap.slice(CONTROL_BYTES >> 2, r.bytes >> 2);
    this.resident = null;
  }

  /**
   * Copies [outer, inner, width] floats at byte address `src` to [inner, outer, width] at `dst`, both on the
   * heap (the batch-first ↔ time-major swap): vector gathers (the GEMM module's `pack_full` with a unit row
   * stride, each of the inner rows collecting its outer blocks as one panel) where width is a multiple of 4,
   * else element by element.
   */
  private swapLeading(src: number, dst: number, outer: number, inner: number, width: number): void {
    if (width % 4 === 0) {
      for (let i = 0; i < inner; i++) this.gemm.pack_full(src + i * width * 4, 1, inner * width, width, outer, outer, width, dst + i * outer * width * 4);
      return;
    }
    const n = outer * inner * width;
    const h = this.heap;
    stridedCopy(h.subarray(src >> 2, (src >> 2) + n), h.subarray(dst >> 2, (dst >> 2) + n), [inner, outer, width], [width, inner * width, 1], 0);
  }

  /**
   * Puts x [T, B, width] (or batch first [B, T, width]) on the heap at byte address `at` as time-major
   * [T, B, width], staging a batch-first x at `stage`.
   */
  private toTimeMajor(s: SequenceShape, x: Float32Array, at: number, stage: number, width: number): void {
    if (s.batchFirst !== true) {
      this.heap.set(x, at >> 2);
      return;
    }
    this.heap.set(x, stage >> 2);
    this.swapLeading(stage, at, s.batch, s.steps, width);
  }

  /** Writes the per-step row flags (1 active, 0 past the row's length) at `at`; returns the address of step t's flags or 0. */
  private activeFlags(s: SequenceShape, at: number): (t: number) => number {
    const { lengths, steps, batch } = s;
    if (lengths === null) return () => 0;
    const partial: boolean[] = [];
    for (let t = 0; t < steps; t++) {
      partial.push(lengths.some((l) => t >= l));
      for (let b = 0; b < batch; b++) this.heapI32[(at >> 2) + t * batch + b] = t < lengths[b]! ? 1 : 0;
    }
    return (t) => (partial[t] ? at + t * batch * 4 : 0);
  }

  /**
   * Runs the sequence forward. The projection x·W_ihᵀ + bias [T, B, G·H] is formed here from x [T, B, F],
   * `wIH` [G·H, F] and `bias` [G·H] (LSTM: b_ih + b_hh; GRU: b_ih; null: none), or is `x` itself when `wIH` is
   * null. `state0` is [h0] or [h0, c0], `w` W_hh [G·H, H], `bHH` the GRU's b_hh [3H] or null.
   */
  run(
    s: SequenceShape, x: Float32Array, wIH: Float32Array | null, bias: Float32Array | null, state0: readonly Float32Array[],
    w: Float32Array, bHH: Float32Array | null,
  ): SequenceRun {
    const p = plan(s, wIH !== null);
    const inputs: Inputs = { x, wIH, bias, state0, w, bHH };
    this.evict();
    const packed = this.forward(p, inputs);
    const saved: Saved = { bytes: p.savedBytes, copy: null, pending: true };
    this.resident = saved;
    const backward = (g: Float32Array, needX: boolean): SequenceGrads => {
      if (this.resident !== saved) {
        this.evict();
        if (saved.copy !== null) this.heap.set(saved.copy, CONTROL_BYTES >> 2);
        else this.forward(p, inputs);
        saved.copy = null;
        this.resident = saved;
      }
      saved.pending = false;
      return this.backward(p, g, inputs, needX);
    };
    return { packed, backward };
  }

  /** X = x·W_ihᵀ + bias for all steps at once (x kept in the saved area for ∂W_ih). */
  private project(
    p: Plan, x: Float32Array, wIH: Float32Array, bias: Float32Array | null, xAt: number, wAt: number, packedAt: number, scratch: number,
    stage: number,
  ): void {
    const { G, s } = p;
    const rows = s.steps * s.batch;
    const F = s.features;
    const cols = G * s.hidden;
    const heap = this.heap;
    this.toTimeMajor(s, x, p.xInAt, stage, F);
    heap.set(wIH, wAt >> 2);
    if (bias !== null && rows > 0) {
      // bias in every row: one row, then doubling copies
      heap.set(bias, xAt >> 2);
      for (let done = 1; done < rows; done *= 2) {
        const n = Math.min(done, rows - done);
        heap.copyWithin((xAt >> 2) + done * cols, xAt >> 2, (xAt >> 2) + n * cols);
      }
    }
    // Bᵀ of x·W_ihᵀ is W_ih: (j, p) at j·F + p
    const packed = packRight(this.gemm, wAt, F, 1, cols, F, packedAt);
    packedProduct(this.gemm, p.xInAt, F, rows, packed, xAt, cols, bias !== null, scratch);
  }

  /** The forward steps, leaving the saved area in place; returns the packed outputs. */
  private forward(p: Plan, inputs: Inputs): Float32Array {
    const { x, wIH, bias, state0, w, bHH } = inputs;
    const { s, lstm, G, BH, gatesAt, hSlots, cSlots, tcAt } = p;
    const { steps: T, batch: B, hidden: H, reverse } = s;
    const slot = (base: number, i: number): number => base + i * BH * 4;
    const order = (k: number): number => (reverse ? T - 1 - k : k);
    const prevSlot = (t: number): number => (reverse ? t + 1 : t);
    const nextSlot = (t: number): number => (reverse ? t : t + 1);
    const lay = new Layout();
    lay.end = p.savedBytes;
    const xAt = lay.floats(T * B * G * H);
    const outAt = lay.floats(p.packedLength);
    const hgAt = lstm ? 0 : lay.floats(B * G * H);
    const biasAt = lstm ? 0 : lay.floats(G * H);
    const wAt = lay.floats(G * H * H);
    const wPackedAt = lay.end;
    lay.end += roundUp(Math.max(packedBytes(G * H, H), packedBytes(G * H, s.features)), ALIGN);
    const wIHAt = lay.floats(wIH === null ? 0 : G * H * s.features);
    const scratchAt = lay.floats(MR * NR);
    const flagsAt = lay.floats(s.lengths === null ? 0 : T * B);
    // batch first: x staged before its swap, and the outputs swapped into [B, T, H] (then the final states)
    const stageAt = lay.floats(s.batchFirst === true ? Math.max(x.length, p.packedLength) : 0);
    this.reserve(lay.end);
    const heap = this.heap;
    if (wIH === null) this.toTimeMajor(s, x, xAt, stageAt, G * H);
    else this.project(p, x, wIH, bias, xAt, wIHAt, wPackedAt, scratchAt, stageAt);
    const first = reverse ? T : 0;
    heap.set(state0[0]!, slot(hSlots, first) >> 2);
    if (lstm) heap.set(state0[1]!, slot(cSlots, first) >> 2);
    if (!lstm) {
      if (bHH === null) heap.fill(0, biasAt >> 2, (biasAt >> 2) + G * H);
      else heap.set(bHH, biasAt >> 2);
    }
    heap.set(w, wAt >> 2);
    const flags = this.activeFlags(s, flagsAt);
    // Bᵀ of h_prev·W_hhᵀ is W_hh itself: (j, p) at j·H + p
    const wPacked = packRight(this.gemm, wAt, H, 1, G * H, H, wPackedAt);
    const k = this.gates;
    for (let i = 0; i < T; i++) {
      const t = order(i);
      const xT = xAt + t * B * G * H * 4;
      const hPrev = slot(hSlots, prevSlot(t));
      const hNext = slot(hSlots, nextSlot(t));
      const gatesT = gatesAt + t * B * 4 * H * 4;
      const outT = outAt + t * BH * 4;
      if (lstm) {
        packedProduct(this.gemm, hPrev, H, B, wPacked, xT, G * H, true, scratchAt);
        k.lstmForward(xT, gatesT, slot(cSlots, prevSlot(t)), slot(cSlots, nextSlot(t)), hPrev, hNext, outT, tcAt + t * BH * 4, flags(t), B, H);
      } else {
        packedProduct(this.gemm, hPrev, H, B, wPacked, hgAt, G * H, false, scratchAt);
        k.gruForward(xT, hgAt, biasAt, hPrev, hNext, outT, gatesT, flags(t), B, H);
      }
    }
    const last = reverse ? 0 : T;
    const tail = (outAt >> 2) + T * BH;
    heap.copyWithin(tail, slot(hSlots, last) >> 2, (slot(hSlots, last) >> 2) + BH);
    if (lstm) heap.copyWithin(tail + BH, slot(cSlots, last) >> 2, (slot(cSlots, last) >> 2) + BH);
    if (s.batchFirst !== true) return heap.slice(outAt >> 2, (outAt >> 2) + p.packedLength);
    this.swapLeading(outAt, stageAt, T, B, H);
    heap.copyWithin((stageAt >> 2) + T * BH, tail, (outAt >> 2) + p.packedLength);
    return heap.slice(stageAt >> 2, (stageAt >> 2) + p.packedLength);
  }

  /** Σ over rows of a rows × cols block at `src` (via `dst` on the heap when cols allow SIMD). */
  private columnSums(src: number, rows: number, cols: number, dst: number): Float32Array {
    if (cols % 4 === 0) {
      this.gates.colSum(src, rows, cols, dst);
      return this.heap.slice(dst >> 2, (dst >> 2) + cols);
    }
    const acc = new Float64Array(cols);
    const h = this.heap;
    for (let r = 0, at = src >> 2; r < rows; r++) for (let c = 0; c < cols; c++, at++) acc[c]! += h[at]!;
    return Float32Array.from(acc);
  }

  /** The backward steps and the weight gradients from ∂L/∂packed, with the run's saved area in place. */
  private backward(p: Plan, g: Float32Array, inputs: Inputs, needX: boolean): SequenceGrads {
    const { w, wIH, bias, bHH } = inputs;
    const { s, lstm, G, BH, gatesAt, hSlots, cSlots, tcAt } = p;
    const { steps: T, batch: B, hidden: H, reverse } = s;
    const slot = (base: number, i: number): number => base + i * BH * 4;
    const order = (k: number): number => (reverse ? T - 1 - k : k);
    const prevSlot = (t: number): number => (reverse ? t + 1 : t);
    const lb = new Layout();
    lb.end = p.savedBytes;
    const gAt = lb.floats(p.packedLength);
    const dXAt = lb.floats(T * B * G * H);
    const dHgAt = lstm ? dXAt : lb.floats(T * B * G * H);
    const dh = [lb.floats(BH), lb.floats(BH)];
    const dc = [lb.floats(BH), lb.floats(BH)];
    const wAt = lb.floats(G * H * H);
    const wPackedAt = lb.end;
    lb.end += roundUp(packedBytes(H, G * H), ALIGN);
    const scratch = lb.floats(MR * NR);
    const dW = lb.floats(G * H * H);
    const F = s.features;
    const wIHAt = lb.floats(wIH === null ? 0 : G * H * F);
    const dWIH = lb.floats(wIH === null ? 0 : G * H * F);
    const dx = lb.floats(wIH === null || !needX ? 0 : T * B * F);
    const sums = lb.floats(2 * G * H);
    const ids = this.pool === null ? [] : this.pool.ready();
    const work = lb.end;
    lb.end += (1 + ids.length) * PACK_BYTES;
    const listAt = lb.floats(weightGradScratchBytes(T, B, G * H, H, wIH === null ? 0 : F) / 4);
    const flagsAt = lb.floats(s.lengths === null ? 0 : T * B);
    // batch first: ∂L/∂outputs staged before their swap, ∂L/∂x swapped back into [B, T, ·]
    const stageAt = lb.floats(s.batchFirst === true ? Math.max(g.length, T * B * Math.max(F, G * H)) : 0);
    this.reserve(lb.end);
    const heap = this.heap;
    this.toTimeMajor(s, g.subarray(0, T * BH), gAt, stageAt, H);
    heap.set(g.subarray(T * BH), (gAt >> 2) + T * BH);
    heap.set(w, wAt >> 2);
    const flags = this.activeFlags(s, flagsAt);
    const gFinal = (gAt >> 2) + T * BH;
    heap.copyWithin(dh[0]! >> 2, gFinal, gFinal + BH);
    if (lstm) heap.copyWithin(dc[0]! >> 2, gFinal + BH, gFinal + 2 * BH);
    // Bᵀ of dA·W_hh: (j, p) = W_hh[p, j] at p·H + j
    const wT = packRight(this.gemm, wAt, 1, H, H, G * H, wPackedAt);
    const grads = new WeightGradQueue(this.gemm, this.gates, this.heapI32, {
      steps: T, batch: B, cols: G * H, hidden: H, features: F, reverse, dHg: dHgAt, dX: dXAt,
      hPrev: (t) => slot(hSlots, prevSlot(t)), x: wIH === null ? -1 : p.xInAt, dW, dWIH, work, list: listAt,
    }, this.pool, ids);
    const k = this.gates;
    let cur = 0;
    for (let i = T - 1; i >= 0; i--) {
      const t = order(i);
      const gatesT = gatesAt + t * B * 4 * H * 4;
      const gOut = gAt + t * BH * 4;
      const hg = dHgAt + t * B * G * H * 4;
      if (lstm) {
        k.lstmBackward(gatesT, slot(cSlots, prevSlot(t)), tcAt + t * BH * 4, gOut, dh[cur]!, dc[cur]!, hg, dc[1 - cur]!, dh[1 - cur]!, flags(t), B, H);
      } else {
        k.gruBackward(gatesT, slot(hSlots, prevSlot(t)), gOut, dh[cur]!, dXAt + t * B * G * H * 4, hg, dh[1 - cur]!, flags(t), B, H);
      }
      packedProduct(this.gemm, hg, G * H, B, wT, dh[1 - cur]!, H, true, scratch);
      cur = 1 - cur;
      grads.stepDone(T - i);
    }
    // ∂W_hh = Σ_t dHg_tᵀ·h_{t−1} and ∂W_ih = Σ_t dX_tᵀ·x_t, block by block during the steps above
    grads.finish(heap);
    const rows = T * B;
    const cols = G * H;
    if (wIH !== null) {
      heap.set(wIH, wIHAt >> 2);
      // ∂x = dX·W_ih [T·B, F]
      if (needX) runGemmBlock(this.gemm, { aBase: dXAt, rsA: cols, csA: 1, bBase: wIHAt, rsB: 1, csB: F, cBase: dx, ldc: F, m: rows, n: F, k: cols, work });
    }
    const copy = (at: number, n: number): Float32Array => this.heap.slice(at >> 2, (at >> 2) + n);
    const copyX = (at: number, width: number): Float32Array => {
      if (s.batchFirst !== true) return copy(at, rows * width);
      this.swapLeading(at, stageAt, T, B, width);
      return copy(stageAt, rows * width);
    };
    return {
      gradX: !needX ? null : wIH === null ? copyX(dXAt, cols) : copyX(dx, F),
      gradWIH: wIH === null ? null : copy(dWIH, cols * F),
      gradBias: bias === null ? null : this.columnSums(dXAt, rows, cols, sums),
      gradBHH: bHH === null ? null : this.columnSums(dHgAt, rows, cols, sums + cols * 4),
      gradState: lstm ? [copy(dh[cur]!, BH), copy(dc[cur]!, BH)] : [copy(dh[cur]!, BH)],
      gradWHH: copy(dW, G * H * H),
    };
  }
}
