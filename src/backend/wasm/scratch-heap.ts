/**
 * A private, growable wasm heap used as scratch space by kernels that copy their operands in, run, and copy
 * their results out: no tensor lives on it between calls.
 */
import { MAX_PAGES } from './gemm-block.js';

const PAGE = 65536;

export class ScratchHeap {
  readonly memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES });
  private view = new Float32Array(this.memory.buffer);

  /** The heap as float32, at least `bytes` long (a new view after growth: do not keep it across calls). */
  f32(bytes: number): Float32Array {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
    if (this.view.buffer !== this.memory.buffer) this.view = new Float32Array(this.memory.buffer);
    return this.view;
  }
}

/** Bytes of `n` float32 values rounded up to whole 16-byte vectors. */
export const vectorBytes = (n: number): number => Math.ceil(n / 4) * 16;
