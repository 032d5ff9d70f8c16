/**
 * The weight gradients of a whole-sequence LSTM/GRU backward (recurrent-sequence.ts) as a queue of products
 * over time blocks: ∂W_hh = Σ_t dHg_tᵀ·h_{t−1} and ∂W_ih = Σ_t dX_tᵀ·x_t, cut into blocks of about KC batch
 * rows (whole steps) in the order the backward recurrence finishes them, each block's product written to a
 * partial gradient of its own, and the partials summed in block order at the end (`colSum`). A block is
 * released as soon as the recurrence has written its gate gradients, so with a worker thread (gemm-threads.ts,
 * `postQueue`) the products run while the caller goes on with the earlier steps, and what is left at the end
 * is shared by both threads; without one the caller runs them all after the recurrence (interleaving them
 * with the steps measured no faster). Either way every partial and the sum are computed by the same kernels
 * in the same order, so the gradients are the same bits on any number of threads.
 */
import { KC, roundUp, type GemmBlock, type GemmKernels } from './gemm-block.js';
import { type GemmThreads, QUEUED_INTS, runQueuedHere, writeQueued } from './gemm-threads.js';
import { ALIGN } from './packed-gemm.js';
import type { GateKernels } from './recurrent-kernels.js';

/** The heap operands of the weight gradients (byte addresses; rows are time-major [T·B, ·]). */
export interface WeightGradOperands {
  steps: number;
  batch: number;
  /** Columns of the gate gradients (G·H), hidden size H and input features F. */
  cols: number;
  hidden: number;
  features: number;
  /** Steps run backward from T − 1 to 0 (a forward direction) or from 0 to T − 1 (reverse). */
  reverse: boolean;
  /** dHg [T·B, G·H] and, for ∂W_ih, dX [T·B, G·H] (the same rows for the LSTM). */
  dHg: number;
  dX: number;
  /** h_{t−1} of step t (row t·B of the state slots: the slot the step read). */
  hPrev: (t: number) => number;
  /** x [T·B, F], or −1 without an input weight. */
  x: number;
  /** ∂W_hh [G·H, H] and ∂W_ih [G·H, F] (written). */
  dW: number;
  dWIH: number;
  /** Packing space: one PACK_BYTES area per thread taking part. */
  work: number;
  /** Descriptor list and partial gradients: `weightGradScratchBytes` bytes. */
  list: number;
}

/** Steps per block: about KC batch rows (one k-slice of the GEMM). */
function blockSteps(batch: number): number {
  return Math.max(1, Math.floor(KC / Math.max(1, batch)));
}

function blockCount(steps: number, batch: number): number {
  return steps * batch > 0 ? Math.ceil(steps / blockSteps(batch)) : 0;
}

/** Bytes of the descriptor list and the partial gradients (one ∂W_hh and one ∂W_ih per block). */
export function weightGradScratchBytes(steps: number, batch: number, cols: number, hidden: number, features: number): number {
  const n = blockCount(steps, batch);
  return roundUp(2 * n * QUEUED_INTS * 4, ALIGN) + n * cols * (hidden + features) * 4;
}

/** dst[c] = Σ_r src[r, c] (rows summed in order, float32) on the heap: `colSum` where cols allow SIMD. */
function sumRows(gates: GateKernels, heap: Float32Array, src: number, rows: number, cols: number, dst: number): void {
  if (cols % 4 === 0) {
    gates.colSum(src, rows, cols, dst);
    return;
  }
  const out = heap.subarray(dst >> 2, (dst >> 2) + cols);
  out.fill(0);
  for (let r = 0; r < rows; r++) {
    const row = heap.subarray((src >> 2) + r * cols, (src >> 2) + (r + 1) * cols);
    for (let c = 0; c < cols; c++) out[c] = Math.fround(out[c]! + row[c]!);
  }
}

/** The queue of one backward: `stepDone(i)` after the recurrence's i-th step (i = 0…T − 1), then `finish()`. */
export class WeightGradQueue {
  private readonly per: number;
  /** Products released so far, and the step counts at which each block is complete. */
  private released = 0;
  private readonly perBlock: number;
  private readonly blockEnds: number[] = [];
  private readonly count: number;
  private readonly gen: number;
  private readonly blocks: number;
  /** Heap addresses of the partial gradients: [blocks, G·H, H] and [blocks, G·H, F]. */
  private readonly partialHH: number;
  private readonly partialIH: number;

  constructor(
    private readonly kernels: GemmKernels, private readonly gates: GateKernels, private readonly heap: Int32Array,
    private readonly o: WeightGradOperands, private readonly pool: GemmThreads | null, private readonly ids: readonly number[],
  ) {
    const { steps: T, batch: B, cols, hidden: H, features: F } = o;
    this.per = blockSteps(B);
    this.perBlock = o.x < 0 ? 1 : 2;
    this.blocks = blockCount(T, B);
    this.partialHH = o.list + roundUp(2 * this.blocks * QUEUED_INTS * 4, ALIGN);
    this.partialIH = this.partialHH + this.blocks * cols * H * 4;
    let n = 0;
    for (let j = 0, done = 0; j < this.blocks; j++, done += this.per) {
      const len = Math.min(this.per, T - done);
      // steps done … done + len − 1 of the backward are times [a, a + len)
      const a = o.reverse ? done : T - done - len;
      const k = len * B;
      const hh: GemmBlock = {
        aBase: o.dHg + a * B * cols * 4, rsA: 1, csA: cols, bBase: o.hPrev(a), rsB: 1, csB: H,
        cBase: this.partialHH + j * cols * H * 4, ldc: H, m: cols, n: H, k, work: o.work,
      };
      writeQueued(heap, o.list, n++, hh);
      if (o.x >= 0) {
        const ih: GemmBlock = {
          aBase: o.dX + a * B * cols * 4, rsA: 1, csA: cols, bBase: o.x + a * B * F * 4, rsB: 1, csB: F,
          cBase: this.partialIH + j * cols * F * 4, ldc: F, m: cols, n: F, k, work: o.work,
        };
        writeQueued(heap, o.list, n++, ih);
      }
      this.blockEnds.push(done + len);
    }
    this.count = n;
    this.gen = pool !== null && ids.length > 0 && n > 0 ? pool.postQueue(o.list, n, ids) : 0;
  }

  /** Releases the blocks complete once the backward has run `stepsDone` steps. */
  stepDone(stepsDone: number): void {
    const b = this.released / this.perBlock;
    if (b >= this.blockEnds.length || this.blockEnds[b] !== stepsDone) return;
    this.released += this.perBlock;
    if (this.gen !== 0) this.pool!.release(this.released);
  }

  /** Returns when every block's product is in the gradients (zeros for an empty sequence). */
  finish(heapF32: Float32Array): void {
    const o = this.o;
    if (this.gen !== 0) this.pool!.finish(this.kernels, this.gen, this.ids);
    else runQueuedHere(this.kernels, this.heap, o.list, 0, this.count);
    sumRows(this.gates, heapF32, this.partialHH, this.blocks, o.cols * o.hidden, o.dW);
    if (o.x >= 0) sumRows(this.gates, heapF32, this.partialIH, this.blocks, o.cols * o.features, o.dWIH);
  }
}
