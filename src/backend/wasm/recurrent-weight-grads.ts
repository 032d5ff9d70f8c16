/**
 * The weight gradients of a whole-sequence LSTM/GRU backward (recurrent-sequence.ts) as a queue of products
 * over time blocks: ∂W_hh = Σ_t dHg_tᵀ·h_{t−1} and ∂W_ih = Σ_t dX_tᵀ·x_t, cut into blocks of about KC batch
 * rows (whole steps) in the order the backward recurrence finishes them, each block's product added into
 * the gradient. A block is released as soon as the recurrence has written its gate gradients, so with a
 * worker thread (gemm-threads.ts, `postQueue`) the products run while the caller goes on with the earlier
 * steps; without one the caller runs them all after the recurrence (interleaving them with the steps
 * measured slower: they evict the recurrence's operands from the cache). Either way the blocks are added in
 * the same order by the same kernels, so the gradients are the same bits on any number of threads.
 */
import { KC, type GemmBlock, type GemmKernels } from './gemm-block.js';
import { type GemmThreads, QUEUED_INTS, runQueuedHere, writeQueued } from './gemm-threads.js';

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
  /** Descriptor list: `weightGradListBytes` bytes. */
  list: number;
}

/** Steps per block: about KC batch rows (one k-slice of the GEMM). */
function blockSteps(batch: number): number {
  return Math.max(1, Math.floor(KC / Math.max(1, batch)));
}

/** Bytes of the descriptor list for a sequence of `steps` steps. */
export function weightGradListBytes(steps: number, batch: number): number {
  return 2 * Math.ceil(steps / blockSteps(batch)) * QUEUED_INTS * 4;
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

  constructor(
    private readonly kernels: GemmKernels, private readonly heap: Int32Array, private readonly o: WeightGradOperands,
    private readonly pool: GemmThreads | null, private readonly ids: readonly number[],
  ) {
    const { steps: T, batch: B, cols, hidden: H, features: F } = o;
    this.per = blockSteps(B);
    this.perBlock = o.x < 0 ? 1 : 2;
    let n = 0;
    for (let done = 0; T * B > 0 && done < T; done += this.per) {
      const len = Math.min(this.per, T - done);
      // steps done … done + len − 1 of the backward are times [a, a + len)
      const a = o.reverse ? done : T - done - len;
      const k = len * B;
      const first = done > 0;
      const hh: GemmBlock = {
        aBase: o.dHg + a * B * cols * 4, rsA: 1, csA: cols, bBase: o.hPrev(a), rsB: 1, csB: H,
        cBase: o.dW, ldc: H, m: cols, n: H, k, work: o.work,
      };
      writeQueued(heap, o.list, n++, hh, first);
      if (o.x >= 0) {
        const ih: GemmBlock = {
          aBase: o.dX + a * B * cols * 4, rsA: 1, csA: cols, bBase: o.x + a * B * F * 4, rsB: 1, csB: F,
          cBase: o.dWIH, ldc: F, m: cols, n: F, k, work: o.work,
        };
        writeQueued(heap, o.list, n++, ih, first);
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
    if (this.count === 0) {
      heapF32.fill(0, o.dW >> 2, (o.dW >> 2) + o.cols * o.hidden);
      if (o.x >= 0) heapF32.fill(0, o.dWIH >> 2, (o.dWIH >> 2) + o.cols * o.features);
      return;
    }
    if (this.gen !== 0) this.pool!.finish(this.kernels, this.gen, this.ids);
    else runQueuedHere(this.kernels, this.heap, o.list, 0, this.count);
  }
}
