import type { Shape } from '../../core/shape.js';
import { MAX_PAGES } from './gemm-block.js';
import { rowReduceModuleBytes } from './row-reduce-module.js';
import { regionBytes, ScratchHeap } from './scratch-heap.js';

type Kernel = (x: number, out: number, rows: number, len: number) => void;

/**
 * [rows, len] when `dims` are exactly the trailing dims of `shape` (a reduction over contiguous rows of
 * len = the product of those dims), else null.
 */
export function trailingRows(shape: Shape, dims: readonly number[]): [number, number] | null {
  if (dims.length === 0) return null;
  const set = new Set(dims);
  if (set.size !== dims.length) return null;
  let rows = 1;
  let len = 1;
  for (let d = 0; d < shape.length; d++) {
    const reduced = set.has(d);
    if (reduced !== d >= shape.length - dims.length) return null;
    if (reduced) len *= shape[d]!;
    else rows *= shape[d]!;
  }
  return [rows, len];
}

/**
 * Float32 max, min and sum of contiguous rows with the SIMD kernels of row-reduce-module.ts on a scratch heap.
 * max/min give the reference kernel's bits (cpu/reduce.ts: NaN propagates; a zero result takes the sign of
 * the row's first zero, restored here after the kernel); sum gives sumF32's bits (sum-f32.ts, double partial
 * sums) for rows > 1 and len > 1. Returns null where the heap cannot hold the input.
 */
export class WasmRowReduce {
  private readonly heap = new ScratchHeap();
  private readonly k: Record<'max_rows' | 'min_rows' | 'sum_rows', Kernel>;

  constructor() {
    const module = new WebAssembly.Module(rowReduceModuleBytes({ initialPages: 1, maximumPages: MAX_PAGES, shared: false }));
    this.k = new WebAssembly.Instance(module, { env: { memory: this.heap.memory } }).exports as WasmRowReduce['k'];
  }

  run(op: 'max' | 'min' | 'sum', x: Float32Array, rows: number, len: number): Float32Array | null {
    const outAt = regionBytes(x.length * 4);
    const heap = this.heap.f32(outAt + regionBytes(rows * 4));
    if (heap === null) return null;
    heap.set(x, 0);
    this.k[`${op}_rows`](0, outAt, rows, len);
    const out = heap.slice(outAt >> 2, (outAt >> 2) + rows);
    if (op !== 'sum') {
      for (let r = 0; r < rows; r++) {
        if (out[r] !== 0) continue;
        for (let j = r * len; ; j++) {
          if (x[j] === 0) {
            out[r] = x[j]!;
            break;
          }
        }
      }
    }
    return out;
  }
}
