import { roundUp } from './gemm-block.js';
import { regionBytes } from './scratch-heap.js';

/** Bytes of a heap region for `elements` float32 values: a scratch region (one vector of overrun) rounded to 64-byte alignment. */
export const floatRegionBytes = (elements: number): number => roundUp(regionBytes(elements * 4), 64);

/**
 * First-fit placement of one call's regions on a scratch heap around regions it must keep (operands whose
 * values the heap still holds from the previous call): `keep` marks a region taken, `alloc` returns the lowest
 * 64-byte-aligned offset at or after `start` where `bytes` overlap nothing taken, and `end` is the heap size
 * the call needs. So reusing a resident operand costs no copy and the heap stays about one call's size.
 */
export class HeapPlan {
  private readonly taken: [number, number][] = [];

  constructor(private readonly start: number) {}

  keep(at: number, bytes: number): void {
    this.taken.push([at, at + bytes]);
  }

  alloc(bytes: number): number {
    let at = this.start;
    for (let moved = true; moved; ) {
      moved = false;
      for (const [s, e] of this.taken) {
        if (at < e && s < at + bytes) {
          at = roundUp(e, 64);
          moved = true;
        }
      }
    }
    this.taken.push([at, at + bytes]);
    return at;
  }

  get end(): number {
    return this.taken.reduce((hi, [, e]) => Math.max(hi, e), this.start);
  }
}

/**
 * Float32 arrays whose values a heap region still holds, recorded by the last call that copied them in or out
 * (and forgotten by the next one): a chain of products — a layer's output that is the next layer's input, the
 * input gradient one layer's backward returns and the next one takes — reads them where they are instead of
 * copying them in again. Sound because storages are never written after the backend returns them (the
 * `Storage` contract), so an array with the same identity still has the same values; only the arrays of the
 * immediately previous call are held (strong references, released by the next call).
 */
export class ResidentArrays {
  private entries = new Map<Float32Array, number>();

  /** The previous call's entries, clearing them for the current call to record its own. */
  take(): Map<Float32Array, number> {
    const prior = this.entries;
    this.entries = new Map();
    return prior;
  }

  record(array: Float32Array, at: number): void {
    this.entries.set(array, at);
  }
}
