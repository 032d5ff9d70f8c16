/**
 * A private, growable wasm heap used as scratch space by kernels that copy their operands in, run, and copy
 * their results out: no tensor lives on it between calls.
 */
import { MAX_PAGES } from './gemm-block.js';

const PAGE = 65536;

export class ScratchHeap {
  readonly memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES });
  private view = new Float32Array(this.memory.buffer);

  /**
   * The heap as float32, at least `bytes` long (a new view after growth: do not keep it across calls), or
   * null when the heap cannot grow that far (past the 2 GiB wasm limit, or the runtime refuses): the caller
   * then computes without wasm.
   */
  f32(bytes: number): Float32Array | null {
    const have = this.memory.buffer.byteLength;
    if (bytes > MAX_PAGES * PAGE) return null;
    if (bytes > have) {
      try {
        this.memory.grow(Math.ceil((bytes - have) / PAGE));
      } catch {
        return null;
      }
    }
    if (this.view.buffer !== this.memory.buffer) this.view = new Float32Array(this.memory.buffer);
    return this.view;
  }
}

/** Bytes of `n` float32 values rounded up to whole 16-byte vectors. */
export const vectorBytes = (n: number): number => Math.ceil(n / 4) * 16;

/** Byte size of a scratch region for `bytes`: whole 16-byte vectors plus one for kernels that read or write a vector past the end. */
export const regionBytes = (bytes: number): number => Math.ceil(bytes / 16) * 16 + 16;
