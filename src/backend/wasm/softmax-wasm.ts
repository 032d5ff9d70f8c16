import type { Shape } from '../../core/shape.js';
import { aroundDim } from '../cpu/reduce.js';
import { MAX_PAGES } from './gemm-block.js';
import { regionBytes, ScratchHeap } from './scratch-heap.js';
import { softmaxModuleBytes } from './softmax-module.js';

type Kernel = (...args: number[]) => void;

/**
 * Float32 softmax and log-softmax along any dim with the SIMD kernels of softmax-module.ts on a scratch heap.
 * The input is copied in as contiguous rows along `dim` (a plain copy for the last dim; for another dim the
 * copy itself transposes [outer, size, inner] to [outer, inner, size], and the copy out transposes back), so
 * the kernels always run along rows. Semantics are the reference kernel's (cpu/reduce.ts softmaxKernel):
 * max subtraction, NaN anywhere in a row makes the row NaN, a row of −inf gives NaN, +inf gives NaN. Results
 * agree with it within 4 float32 ulp (measured: softmax 3, log-softmax 2), except that softmax gives 0 for
 * results below e^−87.3 (|difference| ≤ 2⁻¹²⁵) and log-softmax values near 0 can differ by len·2⁻⁵² (both
 * kernels' double sums of 1 + a tiny rest round differently). Returns null (the caller uses the reference
 * kernel) for an empty input or one the heap cannot hold.
 */
export class WasmSoftmax {
  private readonly heap = new ScratchHeap();
  private readonly k: Record<'softmax_rows' | 'softmax_stats' | 'log_softmax_apply', Kernel>;

  constructor(fma: boolean) {
    const module = new WebAssembly.Module(softmaxModuleBytes(fma, { initialPages: 1, maximumPages: MAX_PAGES, shared: false }));
    this.k = new WebAssembly.Instance(module, { env: { memory: this.heap.memory } }).exports as WasmSoftmax['k'];
  }

  run(x: Float32Array, shape: Shape, dim: number, log: boolean): Float32Array | null {
    const n = x.length;
    const [outer, size, inner] = aroundDim(shape, dim);
    if (n === 0 || size === 0) return null;
    const rows = outer * inner;
    const xAt = 0;
    const outAt = regionBytes(n * 4);
    const statsAt = outAt + regionBytes(n * 4);
    const heap = this.heap.f32(statsAt + rows * 16);
    if (heap === null) return null;
    if (inner === 1) heap.set(x, xAt >> 2);
    else transpose(x, heap, xAt >> 2, outer, size, inner, true);
    if (log) {
      this.k.softmax_stats(xAt, statsAt, rows, size);
      const stats = new Float64Array(heap.buffer, statsAt, rows * 2);
      for (let r = 1; r < stats.length; r += 2) stats[r] = Math.log(stats[r]!);
      this.k.log_softmax_apply(xAt, outAt, rows, size, statsAt);
    } else {
      this.k.softmax_rows(xAt, outAt, rows, size);
    }
    if (inner === 1) return heap.slice(outAt >> 2, (outAt >> 2) + n);
    const out = new Float32Array(n);
    transpose(out, heap, outAt >> 2, outer, size, inner, false);
    return out;
  }
}

/**
 * Copies between `a` laid out [outer, size, inner] and heap[at…] laid out [outer, inner, size]: into the heap
 * when `toHeap`, else out of it into `a`.
 */
function transpose(a: Float32Array, heap: Float32Array, at: number, outer: number, size: number, inner: number, toHeap: boolean): void {
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    for (let i = 0; i < inner; i++) {
      let h = at + base + i * size;
      if (toHeap) for (let j = 0, s = base + i; j < size; j++, s += inner) heap[h++] = a[s]!;
      else for (let j = 0, s = base + i; j < size; j++, s += inner) a[s] = heap[h++]!;
    }
  }
}
